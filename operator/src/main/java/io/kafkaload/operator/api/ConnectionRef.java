package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Reference to a {@link KafkaConnection} in the load's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionRef {

  @Required
  @JsonPropertyDescription("Name of the KafkaConnection in the same namespace")
  private String name;

  public ConnectionRef() {}

  public ConnectionRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
