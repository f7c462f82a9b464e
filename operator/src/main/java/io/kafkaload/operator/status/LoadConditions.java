package io.kafkaload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kafkaload.operator.api.KafkaLoadStatus;
import java.time.Instant;
import java.util.List;

/** Writes a {@link LoadOutcome} and the connection's state into a KafkaLoad status. */
public final class LoadConditions {

  private LoadConditions() {}

  /** Sets Ready, Reconciling, Stalled and observedGeneration from {@code outcome}. */
  public static void apply(
      KafkaLoadStatus status, LoadOutcome outcome, Long generation, Instant now) {
    List<Condition> conditions = status.getConditions();
    conditions =
        Conditions.upsert(
            conditions,
            Conditions.READY,
            outcome.ready(),
            outcome.reason(),
            outcome.message(),
            generation,
            now);
    conditions =
        Conditions.upsert(
            conditions,
            Conditions.RECONCILING,
            outcome.reconciling() ? Conditions.TRUE : Conditions.FALSE,
            outcome.reason(),
            outcome.reconciling()
                ? outcome.message()
                : "no change in progress; the Ready condition (%s) says why"
                    .formatted(outcome.reason()),
            generation,
            now);
    conditions =
        Conditions.upsert(
            conditions,
            Conditions.STALLED,
            outcome.stalled() ? Conditions.TRUE : Conditions.FALSE,
            outcome.stalled() ? outcome.reason() : Reasons.SPEC_VALID,
            outcome.stalled()
                ? outcome.message()
                : "the spec is valid; the operator can make progress without a change to it",
            generation,
            now);
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
  }

  /** Sets ConnectionReady. */
  public static void connection(
      KafkaLoadStatus status,
      String conditionStatus,
      String reason,
      String message,
      Long generation,
      Instant now) {
    status.setConditions(
        Conditions.upsert(
            status.getConditions(),
            Conditions.CONNECTION_READY,
            conditionStatus,
            reason,
            message,
            generation,
            now));
  }

  /** Sets ConnectionReady to Unknown unless it is already known (spec invalid: not checked). */
  public static void connectionUnchecked(KafkaLoadStatus status, Long generation, Instant now) {
    if (Conditions.find(status.getConditions(), Conditions.CONNECTION_READY).isEmpty()) {
      connection(
          status,
          Conditions.UNKNOWN,
          Reasons.INVALID_SPEC,
          "not checked while the spec is invalid",
          generation,
          now);
    }
  }
}
