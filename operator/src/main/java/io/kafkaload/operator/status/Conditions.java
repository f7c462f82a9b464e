package io.kafkaload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure helpers over a list of conditions: upsert by type, move {@code lastTransitionTime} only when
 * the status flips (so unchanged conditions compare equal and no status write happens), keep the
 * list sorted by type, and refuse empty reasons.
 */
public final class Conditions {

  /** Summary condition: the load or connection does what its spec asks. */
  public static final String READY = "Ready";

  /** The operator is working towards the spec (kstatus). */
  public static final String RECONCILING = "Reconciling";

  /** The operator cannot make progress without a change by the user (kstatus). */
  public static final String STALLED = "Stalled";

  /** The load's KafkaConnection exists and is Ready. */
  public static final String CONNECTION_READY = "ConnectionReady";

  /** Condition status values. */
  public static final String TRUE = "True";

  /** Condition status values. */
  public static final String FALSE = "False";

  /** Condition status values. */
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * A copy of {@code conditions} with the condition of {@code type} set.
   *
   * @param reason CamelCase, never empty
   * @param now time used as lastTransitionTime when the status flips or the type is new
   */
  public static List<Condition> upsert(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    if (reason == null || reason.isBlank() || !Character.isUpperCase(reason.charAt(0))) {
      throw new IllegalArgumentException("condition reason must be CamelCase: " + reason);
    }
    Optional<Condition> previous = find(conditions, type);
    String transition =
        previous
            .filter(p -> Objects.equals(p.getStatus(), status))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withObservedGeneration(observedGeneration)
            .withLastTransitionTime(transition)
            .build();
    List<Condition> result = new ArrayList<>();
    if (conditions != null) {
      conditions.stream().filter(c -> !type.equals(c.getType())).forEach(result::add);
    }
    result.add(updated);
    result.sort(Comparator.comparing(Condition::getType));
    return result;
  }

  /** The condition of {@code type}, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of {@code type} is present with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }
}
