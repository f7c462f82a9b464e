package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** How clients encrypt and authenticate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Written as rules on the object, so each names the fix.
@ValidationRule(
    value = "(has(self.protocol) && self.protocol.startsWith('Sasl')) == has(self.sasl)",
    message = "security: set sasl exactly when protocol is SaslPlaintext or SaslSsl")
@ValidationRule(
    value = "!has(self.tls) || (has(self.protocol) && self.protocol.endsWith('Ssl'))",
    message = "security: tls needs protocol Ssl or SaslSsl")
public class SecuritySpec {

  @Default("Plaintext")
  @JsonPropertyDescription("Plaintext, Ssl, SaslPlaintext or SaslSsl")
  private SecurityProtocol protocol;

  @JsonPropertyDescription("SASL credentials; required with SaslPlaintext and SaslSsl")
  private SaslSpec sasl;

  @JsonPropertyDescription("TLS settings; only with Ssl and SaslSsl")
  private TlsSpec tls;

  public SecurityProtocol getProtocol() {
    return protocol;
  }

  public void setProtocol(SecurityProtocol protocol) {
    this.protocol = protocol;
  }

  public SaslSpec getSasl() {
    return sasl;
  }

  public void setSasl(SaslSpec sasl) {
    this.sasl = sasl;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }
}
