package io.kafkaload.operator.kafka;

import java.time.Duration;
import java.util.Map;

/** Checks that a Kafka cluster answers. Implementations must return within the timeout. */
public interface ConnectionProbe {

  /**
   * Probes the cluster with the given client properties ({@code bootstrap.servers}, security);
   * never throws, and never puts a property value in its result.
   */
  ProbeResult probe(Map<String, Object> clientProperties, Duration timeout);

  /** Probes {@code bootstrapServers} in plaintext. */
  default ProbeResult probe(String bootstrapServers, Duration timeout) {
    return probe(Map.of("bootstrap.servers", bootstrapServers), timeout);
  }
}
