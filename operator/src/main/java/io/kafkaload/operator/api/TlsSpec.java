package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * TLS: the CA the brokers' certificates are checked against, and a client certificate for mutual
 * TLS.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

  @JsonPropertyDescription("CA certificate(s) (PEM); key ca.crt unless given")
  private SecretKeyRef caSecretRef;

  @JsonPropertyDescription("A kubernetes.io/tls Secret (tls.crt, tls.key) for mutual TLS")
  private SecretRef clientCertSecretRef;

  public SecretKeyRef getCaSecretRef() {
    return caSecretRef;
  }

  public void setCaSecretRef(SecretKeyRef caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  public SecretRef getClientCertSecretRef() {
    return clientCertSecretRef;
  }

  public void setClientCertSecretRef(SecretRef clientCertSecretRef) {
    this.clientCertSecretRef = clientCertSecretRef;
  }
}
