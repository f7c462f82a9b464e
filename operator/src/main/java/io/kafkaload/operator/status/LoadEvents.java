package io.kafkaload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.api.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events of a KafkaLoad reconcile, from the status before and after it: transitions only, so a
 * reconcile that changes nothing records nothing.
 */
public final class LoadEvents {

  /** A workload (CronJob, Deployment) was created. */
  public static final String WORKLOAD_CREATED = "WorkloadCreated";

  /** A run (a Job) started. */
  public static final String RUN_STARTED = "RunStarted";

  private LoadEvents() {}

  /**
   * The events between {@code before} (null on the first visit) and {@code after}.
   *
   * @param created whether this reconcile created the workload named in {@code after.workloadRef}
   */
  public static List<EventSpec> between(
      KafkaLoadStatus before, KafkaLoadStatus after, boolean created) {
    List<EventSpec> events = new ArrayList<>();
    WorkloadRef workload = after.getWorkloadRef();
    if (created && workload != null) {
      if ("Job".equals(workload.getKind())) {
        events.add(EventSpec.normal(RUN_STARTED, "Job %s started".formatted(workload.getName())));
      } else {
        events.add(
            EventSpec.normal(
                WORKLOAD_CREATED,
                "%s %s created".formatted(workload.getKind(), workload.getName())));
      }
    }
    String scheduled = after.getLastScheduleTime();
    if (scheduled != null
        && workload != null
        && !scheduled.equals(before == null ? null : before.getLastScheduleTime())) {
      events.add(
          EventSpec.normal(
              RUN_STARTED,
              "CronJob %s started a run scheduled at %s".formatted(workload.getName(), scheduled)));
    }
    LastRun run = after.getLastRun();
    LastRun previous = before == null ? null : before.getLastRun();
    if (run != null
        && (previous == null
            || !Objects.equals(run.getName(), previous.getName())
            || !Objects.equals(run.getResult(), previous.getResult()))) {
      boolean succeeded = JobRuns.SUCCEEDED.equals(run.getResult());
      String message =
          "Job %s %s: %s"
              .formatted(
                  run.getName(),
                  succeeded ? "succeeded" : "failed",
                  run.getMessage() == null ? "" : run.getMessage());
      events.add(
          succeeded
              ? EventSpec.normal(Reasons.RUN_SUCCEEDED, message)
              : EventSpec.warning(Reasons.RUN_FAILED, message));
    }
    Optional<Condition> ready = Conditions.find(after.getConditions(), Conditions.READY);
    Optional<Condition> wasReady =
        before == null
            ? Optional.empty()
            : Conditions.find(before.getConditions(), Conditions.READY);
    String reason = ready.map(Condition::getReason).orElse(null);
    String previousReason = wasReady.map(Condition::getReason).orElse(null);
    boolean changed =
        !Objects.equals(reason, previousReason)
            || !Objects.equals(
                ready.map(Condition::getMessage).orElse(null),
                wasReady.map(Condition::getMessage).orElse(null));
    if (changed
        && (Reasons.INVALID_SPEC.equals(reason)
            || Reasons.CONNECTION_NOT_READY.equals(reason)
            || Reasons.SECRET_MISSING.equals(reason)
            || Reasons.CLAIM_NOT_FOUND.equals(reason))) {
      events.add(EventSpec.warning(reason, ready.get().getMessage()));
    }
    return events;
  }
}
