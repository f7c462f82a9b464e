package io.kafkaload.operator.kafka;

import java.time.Duration;

/** Checks that a Schema Registry answers {@code GET /subjects}. */
public interface SchemaRegistryProbe {

  /**
   * Probes {@code url}; never throws. Credentials may be null (no auth).
   *
   * @param trustedCertificates PEM CA certificate(s) an https registry's certificate must chain to,
   *     instead of the JVM's default CAs; null for the defaults
   * @return null when the registry answered 2xx, else the failure (reason and message)
   */
  ProbeResult probe(
      String url, String username, String password, String trustedCertificates, Duration timeout);

  /** Probes {@code url}, trusting the JVM's default CAs. */
  default ProbeResult probe(String url, String username, String password, Duration timeout) {
    return probe(url, username, password, null, timeout);
  }
}
