package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A Kafka topic the rows are sent to (offloading): each row one record, its value the row as a JSON
 * object or as Avro in the Confluent wire format (subject {@code <topic>-value} of the connection's
 * Schema Registry), its key the text of the column {@code key} or of the SQL expression {@code
 * keyExpression} (else null), its headers from the column {@code headers}, sent by a transactional
 * producer whose transactions also carry the load's positions ({@code offsets.store: Sink}, the
 * default): exactly-once for read_committed consumers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.format) || self.format == 'Json' || self.format == 'Avro'",
    message = "sink.kafka.format: a Kafka sink writes Json or Avro values")
@ValidationRule(
    value = "!has(self.schemaStrategy) || (has(self.format) && self.format == 'Avro')",
    message = "sink.kafka.schemaStrategy: only for Avro values; set format: Avro or remove it")
@ValidationRule(
    value = "!has(self.key) || !has(self.keyExpression)",
    message =
        "sink.kafka.keyExpression: the key is either a column (key) or an expression"
            + " (keyExpression); remove one")
@ValidationRule(
    value = "!has(self.compression) || self.compression != 'Deflate'",
    message = "sink.kafka.compression: Kafka compresses with None, Gzip, Snappy, Lz4 or Zstd")
public class KafkaSink {

  /** A name Kafka takes for a topic. */
  public static final String TOPIC_PATTERN = "^[a-zA-Z0-9._-]{1,249}$";

  @Required
  @Pattern(TOPIC_PATTERN)
  @JsonPropertyDescription(
      "The topic the rows are sent to; it must exist (create it, e.g. as a Strimzi KafkaTopic)")
  private String topic;

  @JsonPropertyDescription(
      "The KafkaConnection of the topic's cluster; only the load's own connection for now"
          + " (the default)")
  private ConnectionRef connectionRef;

  @Default("Json")
  @JsonPropertyDescription(
      "The records' value format: Json (one JSON object per row) or Avro (Confluent wire format;"
          + " the schema derived from the rows' columns, under the subject <topic>-value of the"
          + " KafkaConnection's schemaRegistry, which Avro needs)")
  private ValueFormat format;

  @JsonPropertyDescription(
      "Avro only: Register (the default) registers the schema derived from the rows' columns"
          + " under the subject (the registry's compatibility rules apply); Latest writes the rows"
          + " with the subject's latest schema, which their columns must fit")
  private SchemaStrategy schemaStrategy;

  @JsonPropertyDescription(
      "The column whose value (as text) is each record's key; without it keys are null and the"
          + " producer spreads the records over the partitions")
  private String key;

  @JsonPropertyDescription(
      "Instead of key: a DuckDB SQL expression over the row's columns whose text is each record's"
          + " key, e.g. customer_id || ':' || region (nested values as JSON)")
  private String keyExpression;

  @JsonPropertyDescription(
      "The column whose value becomes each record's headers, in order, repeated names kept: a"
          + " MAP (e.g. MAP(VARCHAR, VARCHAR); values as text, nested ones as JSON) or a list of"
          + " STRUCT(key, value) such as the _headers metadata column (source.kafka.metadataColumns),"
          + " which carries a source topic's headers over; a null value is a header with a null"
          + " value, a null column no headers. The column is not part of the value")
  private String headers;

  @Default("Lz4")
  @JsonPropertyDescription("The producer's compression: None, Gzip, Snappy, Lz4 or Zstd")
  private Compression compression;

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  public ValueFormat getFormat() {
    return format;
  }

  public void setFormat(ValueFormat format) {
    this.format = format;
  }

  public SchemaStrategy getSchemaStrategy() {
    return schemaStrategy;
  }

  public void setSchemaStrategy(SchemaStrategy schemaStrategy) {
    this.schemaStrategy = schemaStrategy;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getKeyExpression() {
    return keyExpression;
  }

  public void setKeyExpression(String keyExpression) {
    this.keyExpression = keyExpression;
  }

  public String getHeaders() {
    return headers;
  }

  public void setHeaders(String headers) {
    this.headers = headers;
  }

  public Compression getCompression() {
    return compression;
  }

  public void setCompression(Compression compression) {
    this.compression = compression;
  }
}
