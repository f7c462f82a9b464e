package io.kafkaload.operator.status;

import io.kafkaload.operator.api.KafkaConnectionStatus;
import io.kafkaload.operator.kafka.ProbeResult;
import java.time.Instant;
import java.util.List;

/** Writes a probe result (or a spec problem) into a KafkaConnection status. */
public final class ConnectionConditions {

  private ConnectionConditions() {}

  /** Ready from the probe, plus clusterId and brokers when reachable. */
  public static void apply(
      KafkaConnectionStatus status, ProbeResult probe, Long generation, Instant now) {
    status.setConditions(
        Conditions.upsert(
            status.getConditions(),
            Conditions.READY,
            probe.reachable() ? Conditions.TRUE : Conditions.FALSE,
            probe.reason(),
            probe.message(),
            generation,
            now));
    // Cluster facts are kept from the last good probe: they describe the cluster, not the probe.
    if (probe.reachable()) {
      status.setClusterId(probe.clusterId());
      status.setBrokers(probe.brokers());
    }
    status.setObservedGeneration(generation);
  }

  /** Ready=False with reason InvalidSpec. */
  public static void invalidSpec(
      KafkaConnectionStatus status, List<String> problems, Long generation, Instant now) {
    status.setConditions(
        Conditions.upsert(
            status.getConditions(),
            Conditions.READY,
            Conditions.FALSE,
            Reasons.INVALID_SPEC,
            String.join("; ", problems),
            generation,
            now));
    status.setObservedGeneration(generation);
  }
}
