package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {

  @Required
  @JsonPropertyDescription("Name of the Secret in the same namespace")
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
