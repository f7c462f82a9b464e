package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * Desired state of a {@link KafkaConnection}: exactly the fields of docs/worker-config.md.
 * Credentials are never here, only references to Secrets in the same namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaConnectionSpec {

  @Required
  @JsonPropertyDescription("Kafka bootstrap servers, host:port[,host:port...]")
  private String bootstrapServers;

  @JsonPropertyDescription("Encryption and authentication; default Plaintext")
  private SecuritySpec security;

  @JsonPropertyDescription("A Confluent-compatible Schema Registry")
  private SchemaRegistrySpec schemaRegistry;

  @JsonPropertyDescription(
      "Extra Kafka client properties from an allowlist: no credentials, class names, file paths"
          + " or login endpoint URLs")
  private Map<String, String> options;

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public SecuritySpec getSecurity() {
    return security;
  }

  public void setSecurity(SecuritySpec security) {
    this.security = security;
  }

  public SchemaRegistrySpec getSchemaRegistry() {
    return schemaRegistry;
  }

  public void setSchemaRegistry(SchemaRegistrySpec schemaRegistry) {
    this.schemaRegistry = schemaRegistry;
  }

  public Map<String, String> getOptions() {
    return options;
  }

  public void setOptions(Map<String, String> options) {
    this.options = options;
  }
}
