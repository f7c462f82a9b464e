package io.kafkaload.operator.api;

/** Kafka's security.protocol, in CamelCase. */
public enum SecurityProtocol {
  /** No TLS, no SASL. */
  Plaintext,
  /** TLS. */
  Ssl,
  /** SASL without TLS. */
  SaslPlaintext,
  /** SASL over TLS. */
  SaslSsl
}
