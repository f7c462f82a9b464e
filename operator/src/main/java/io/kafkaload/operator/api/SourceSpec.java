package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The source union: exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceSpec {

  @ValidationRule(
      value = "has(self.topics) != has(self.topicPattern)",
      message = "source.kafka: set exactly one of topics or topicPattern")
  @JsonPropertyDescription("Read Kafka topics of the referenced connection")
  private KafkaSource kafka;

  public KafkaSource getKafka() {
    return kafka;
  }

  public void setKafka(KafkaSource kafka) {
    this.kafka = kafka;
  }
}
