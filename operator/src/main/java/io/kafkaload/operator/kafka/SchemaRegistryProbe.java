package io.kafkaload.operator.kafka;

import java.time.Duration;

/** Checks that a Schema Registry answers {@code GET /subjects}. */
public interface SchemaRegistryProbe {

  /**
   * Probes {@code url}; never throws. Credentials may be null (no auth).
   *
   * @return null when the registry answered 2xx, else the failure (reason and message)
   */
  ProbeResult probe(String url, String username, String password, Duration timeout);
}
