package io.kafkaload.operator.kafka;

/**
 * Outcome of one connection probe.
 *
 * @param reachable whether the cluster answered
 * @param clusterId the cluster id, when reachable
 * @param brokers the number of brokers seen, when reachable
 * @param reason CamelCase reason for the Ready condition
 * @param message one line for the user, never containing credentials
 */
public record ProbeResult(
    boolean reachable, String clusterId, int brokers, String reason, String message) {

  /** A successful probe. */
  public static ProbeResult connected(String clusterId, int brokers) {
    return new ProbeResult(
        true,
        clusterId,
        brokers,
        "Connected",
        "connected to cluster %s (%d broker%s)"
            .formatted(clusterId, brokers, brokers == 1 ? "" : "s"));
  }

  /** A failed probe. */
  public static ProbeResult failed(String reason, String message) {
    return new ProbeResult(false, null, 0, reason, message);
  }
}
