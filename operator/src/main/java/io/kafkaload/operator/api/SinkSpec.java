package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The sink union (exactly one member is set) plus settings shared by every sink. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SinkSpec {

  @JsonPropertyDescription("Write files into a folder")
  private FilesSink files;

  @JsonPropertyDescription("Write rows into a PostgreSQL table, offsets in the same transaction")
  private JdbcSink jdbc;

  @JsonPropertyDescription("Write rows into an Apache Iceberg table, offsets in the same snapshot")
  private IcebergSink iceberg;

  @JsonPropertyDescription(
      "Send rows to a Kafka topic, offsets in the same Kafka transaction (exactly-once for"
          + " read_committed consumers)")
  private KafkaSink kafka;

  @JsonPropertyDescription(
      "When files are closed (tables, topics: commits made) and offsets committed")
  private FlushSpec flush;

  public FilesSink getFiles() {
    return files;
  }

  public void setFiles(FilesSink files) {
    this.files = files;
  }

  public JdbcSink getJdbc() {
    return jdbc;
  }

  public void setJdbc(JdbcSink jdbc) {
    this.jdbc = jdbc;
  }

  public IcebergSink getIceberg() {
    return iceberg;
  }

  public void setIceberg(IcebergSink iceberg) {
    this.iceberg = iceberg;
  }

  public KafkaSink getKafka() {
    return kafka;
  }

  public void setKafka(KafkaSink kafka) {
    this.kafka = kafka;
  }

  public FlushSpec getFlush() {
    return flush;
  }

  public void setFlush(FlushSpec flush) {
    this.flush = flush;
  }
}
