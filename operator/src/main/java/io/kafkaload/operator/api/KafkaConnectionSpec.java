package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Desired state of a {@link KafkaConnection}. Security, schema registry and client options
 * (ARCHITECTURE.md section 2) will be added as optional fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaConnectionSpec {

  @Required
  @JsonPropertyDescription("Kafka bootstrap servers, host:port[,host:port...]")
  private String bootstrapServers;

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }
}
