package io.kafkaload.operator.kafka;

import java.time.Duration;

/** Checks that a Kafka cluster answers. Implementations must return within the timeout. */
public interface ConnectionProbe {

  /** Probes {@code bootstrapServers}; never throws. */
  ProbeResult probe(String bootstrapServers, Duration timeout);
}
