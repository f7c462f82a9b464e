package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The source union: exactly one member is set (the count rule is on {@link KafkaLoadSpec}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceSpec {

  @ValidationRule(
      value = "has(self.topics) != has(self.topicPattern)",
      message = "source.kafka: set exactly one of topics or topicPattern")
  @JsonPropertyDescription("Read Kafka topics of the referenced connection")
  private KafkaSource kafka;

  @ValidationRule(
      value = "!has(self.path) || self.path.startsWith('/')",
      message = "source.files.path: must be an absolute path, e.g. /data/events")
  @ValidationRule(
      value = "!has(self.csv) || !has(self.format) || self.format == 'Csv'",
      message = "source.files.csv: only with format Csv; remove csv or set format Csv")
  @JsonPropertyDescription(
      "Send files (Parquet, JSON lines, CSV, Avro): a file, a folder or a glob; Batch only")
  private FilesSource files;

  public KafkaSource getKafka() {
    return kafka;
  }

  public void setKafka(KafkaSource kafka) {
    this.kafka = kafka;
  }

  public FilesSource getFiles() {
    return files;
  }

  public void setFiles(FilesSource files) {
    this.files = files;
  }
}
