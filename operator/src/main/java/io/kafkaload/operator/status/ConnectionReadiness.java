package io.kafkaload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kafkaload.operator.api.KafkaConnection;
import java.util.Optional;

/** Whether a load may use its KafkaConnection, and if not, what the user should read. */
public final class ConnectionReadiness {

  /**
   * Verdict for the load's ConnectionReady condition.
   *
   * @param ready whether a workload may be created
   * @param reason CamelCase reason
   * @param message one line naming the connection and what to do
   */
  public record Verdict(boolean ready, String reason, String message) {}

  private ConnectionReadiness() {}

  /** Judges {@code connection} (empty when it does not exist) named {@code name}. */
  public static Verdict judge(String name, String namespace, Optional<KafkaConnection> connection) {
    if (connection.isEmpty()) {
      return new Verdict(
          false,
          Reasons.CONNECTION_NOT_FOUND,
          "KafkaConnection %s not found in namespace %s; create it or fix spec.connectionRef.name"
              .formatted(name, namespace));
    }
    KafkaConnection found = connection.get();
    Optional<Condition> ready =
        found.getStatus() == null
            ? Optional.empty()
            : Conditions.find(found.getStatus().getConditions(), Conditions.READY);
    Long generation = found.getMetadata().getGeneration();
    Long observed = found.getStatus() == null ? null : found.getStatus().getObservedGeneration();
    boolean current = generation == null || (observed != null && observed >= generation);
    if (ready.isEmpty() || !current) {
      return new Verdict(
          false,
          Reasons.PROBING,
          "KafkaConnection %s has not been probed yet; waiting for it to become Ready"
              .formatted(name));
    }
    if (!Conditions.TRUE.equals(ready.get().getStatus())) {
      String reason = ready.get().getReason();
      return new Verdict(
          false,
          // The connection's own reason is the most precise; anything unusable falls back.
          reason != null && reason.matches("[A-Z][A-Za-z0-9]*")
              ? reason
              : Reasons.CONNECTION_NOT_READY,
          "KafkaConnection %s is not Ready (%s: %s); fix the connection, the load then starts"
              .formatted(name, ready.get().getReason(), ready.get().getMessage()));
    }
    return new Verdict(true, Reasons.CONNECTED, "KafkaConnection %s is Ready".formatted(name));
  }
}
