package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Confluent-compatible Schema Registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchemaRegistrySpec {

  @Required
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Base URL, http:// or https://")
  private String url;

  @JsonPropertyDescription("Secret with keys username and password for HTTP basic auth")
  private SecretRef basicAuthSecretRef;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public SecretRef getBasicAuthSecretRef() {
    return basicAuthSecretRef;
  }

  public void setBasicAuthSecretRef(SecretRef basicAuthSecretRef) {
    this.basicAuthSecretRef = basicAuthSecretRef;
  }
}
