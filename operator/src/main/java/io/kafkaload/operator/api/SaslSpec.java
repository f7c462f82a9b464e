package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** SASL with a username and password from the Secret's keys username and password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SaslSpec {

  @Default("ScramSha512")
  @JsonPropertyDescription("Plain, ScramSha256 or ScramSha512")
  private SaslMechanism mechanism;

  @Required
  @JsonPropertyDescription("Secret with keys username and password")
  private SecretRef secretRef;

  public SaslMechanism getMechanism() {
    return mechanism;
  }

  public void setMechanism(SaslMechanism mechanism) {
    this.mechanism = mechanism;
  }

  public SecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretRef secretRef) {
    this.secretRef = secretRef;
  }
}
