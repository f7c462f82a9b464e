package io.kafkaload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kafkaload.operator.api.KafkaConnectionStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The Event of a KafkaConnection probe: only when Ready's status or reason changes. */
public final class ConnectionEvents {

  private ConnectionEvents() {}

  /** The event between {@code before} (null on the first visit) and {@code after}, if any. */
  public static List<EventSpec> between(KafkaConnectionStatus before, KafkaConnectionStatus after) {
    Optional<Condition> ready = Conditions.find(after.getConditions(), Conditions.READY);
    Optional<Condition> was =
        before == null
            ? Optional.empty()
            : Conditions.find(before.getConditions(), Conditions.READY);
    if (ready.isEmpty()
        || (was.isPresent()
            && Objects.equals(was.get().getStatus(), ready.get().getStatus())
            && Objects.equals(was.get().getReason(), ready.get().getReason()))) {
      return List.of();
    }
    Condition now = ready.get();
    return List.of(
        Conditions.TRUE.equals(now.getStatus())
            ? EventSpec.normal(now.getReason(), now.getMessage())
            : EventSpec.warning(now.getReason(), now.getMessage()));
  }
}
