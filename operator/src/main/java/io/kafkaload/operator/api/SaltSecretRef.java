package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * The Secret key whose bytes salt the Md5 and Sha256 privacy rules. Both parts are required: unlike
 * a CA certificate, a salt has no conventional key name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SaltSecretRef {

  @Required
  @JsonPropertyDescription("Name of the Secret in the same namespace")
  private String name;

  @Required
  @JsonPropertyDescription("Key of the Secret holding the salt")
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
