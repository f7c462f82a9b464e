package io.kafkaload.operator.status;

import io.kafkaload.operator.api.LastRun;
import java.util.List;

/**
 * What a reconcile of a KafkaLoad concluded, before it is written as conditions.
 *
 * @param ready status of the Ready condition
 * @param reason CamelCase reason shared by Ready and Reconciling
 * @param message one line for the user
 * @param reconciling whether the operator is still working towards the spec
 * @param stalled whether only a user change can make progress
 */
public record LoadOutcome(
    String ready, String reason, String message, boolean reconciling, boolean stalled) {

  /** The spec cannot run: nothing is created. */
  public static LoadOutcome invalidSpec(List<String> problems) {
    return new LoadOutcome(
        Conditions.FALSE, Reasons.INVALID_SPEC, String.join("; ", problems), false, true);
  }

  /** The connection is missing or not Ready: no new workload is created. */
  public static LoadOutcome connectionNotReady(String message) {
    return new LoadOutcome(Conditions.FALSE, Reasons.CONNECTION_NOT_READY, message, false, false);
  }

  /**
   * A Secret or PVC the load names is missing: no workload is created (its pod could not start).
   * Not stalled: creating the object fixes it without a spec change, and it is looked up again.
   *
   * @param reason {@link Reasons#SECRET_MISSING} or {@link Reasons#CLAIM_NOT_FOUND}
   */
  public static LoadOutcome referenceMissing(String reason, List<String> problems) {
    return new LoadOutcome(Conditions.FALSE, reason, String.join("; ", problems), false, false);
  }

  /** The reconcile itself failed; it is retried with backoff. */
  public static LoadOutcome reconcileError(String message) {
    return new LoadOutcome(
        Conditions.FALSE,
        Reasons.RECONCILE_ERROR,
        "reconcile failed, retrying: " + RunReports.truncate(message),
        true,
        false);
  }

  /** spec.suspend is true. */
  public static LoadOutcome suspended() {
    return suspended(null);
  }

  /**
   * spec.suspend is true while a Batch run is in progress: suspend starts no new run and stops none
   * (a bounded run finishes and commits; deleting it would lose its report).
   */
  public static LoadOutcome suspended(String runningJob) {
    return new LoadOutcome(
        Conditions.TRUE,
        Reasons.SUSPENDED,
        runningJob == null
            ? "suspended: spec.suspend is true; set it to false to resume"
            : "suspended: spec.suspend is true, so no new run starts; Job %s, already running,"
                    .formatted(runningJob)
                + " finishes; set it to false to resume",
        false,
        false);
  }

  /** A Batch load, from its Job's phase and, once finished, the run summary. */
  public static LoadOutcome batch(String jobName, JobRuns.Phase phase, LastRun run) {
    return switch (phase) {
      case RUNNING ->
          new LoadOutcome(
              Conditions.FALSE,
              Reasons.RUN_IN_PROGRESS,
              "Job " + jobName + " is running",
              true,
              false);
      case SUCCEEDED ->
          new LoadOutcome(
              Conditions.TRUE, Reasons.RUN_SUCCEEDED, succeeded(jobName, run), false, false);
      case FAILED ->
          new LoadOutcome(
              Conditions.FALSE,
              Reasons.RUN_FAILED,
              "Job %s failed: %s; fix the cause and change the spec to run again"
                  .formatted(jobName, run.getMessage()),
              false,
              false);
    };
  }

  /**
   * A scheduled Batch load: Ready while it waits for or runs its next run, unless the last finished
   * run failed (the next scheduled run may fix it: not stalled).
   */
  public static LoadOutcome scheduled(
      String cronJobName, String schedule, String activeJob, LastRun lastRun) {
    String base = "CronJob %s runs on %s".formatted(cronJobName, schedule);
    if (lastRun != null && JobRuns.FAILED.equals(lastRun.getResult())) {
      return new LoadOutcome(
          Conditions.FALSE,
          Reasons.RUN_FAILED,
          "%s; its last run %s failed: %s%s"
              .formatted(
                  base,
                  lastRun.getName(),
                  lastRun.getMessage(),
                  activeJob == null ? "" : "; run " + activeJob + " in progress"),
          false,
          false);
    }
    String detail;
    if (activeJob != null) {
      detail = "run " + activeJob + " in progress";
    } else if (lastRun != null) {
      detail = "last run: " + succeeded(lastRun.getName(), lastRun);
    } else {
      detail = "no run yet";
    }
    return new LoadOutcome(Conditions.TRUE, Reasons.SCHEDULED, base + "; " + detail, false, false);
  }

  /**
   * The run's Job is gone and its result was never read: the load is not run again unasked, so only
   * a user change makes progress.
   */
  public static LoadOutcome runResultUnknown(String jobName, int ttlSeconds) {
    return new LoadOutcome(
        Conditions.FALSE,
        Reasons.RUN_RESULT_UNKNOWN,
        ("Job %s was deleted before its result was read (spec.ttlSecondsAfterFinished is %d);"
                + " change spec.runRequest to run the load again, and keep the TTL above a minute")
            .formatted(jobName, ttlSeconds),
        false,
        true);
  }

  /** A Streaming load, from its Deployment's replica counts. */
  public static LoadOutcome streaming(String deploymentName, int desired, int ready) {
    return streaming(deploymentName, desired, ready, null);
  }

  /**
   * A Streaming load, from its Deployment's replica counts and the pod whose worker was last killed
   * for its memory ({@code oomKilledPod}, null when none was): a restarted pod keeps the reason in
   * its container's lastState, which the message passes on with the fix. While not every worker is
   * ready, such a kill is the reason (WorkerOOMKilled) rather than a rollout.
   */
  public static LoadOutcome streaming(
      String deploymentName, int desired, int ready, String oomKilledPod) {
    String counts =
        "%d/%d workers of Deployment %s ready".formatted(ready, desired, deploymentName);
    if (oomKilledPod != null) {
      counts +=
          "; worker pod %s was killed for using more memory than its limit (OOMKilled);"
                  .formatted(oomKilledPod)
              + " raise spec.worker.resources.limits.memory, or lower spec.sink.flush.maxRecords"
              + " and spec.sink.flush.maxBytes (the rows a worker holds at once), or make the"
              + " load's SQL build smaller values (a huge string or list per row)";
    }
    if (ready >= desired) {
      return new LoadOutcome(Conditions.TRUE, Reasons.RUNNING, counts, false, false);
    }
    return new LoadOutcome(
        Conditions.FALSE,
        oomKilledPod != null ? Reasons.WORKER_OOM_KILLED : Reasons.ROLLOUT_IN_PROGRESS,
        counts,
        true,
        false);
  }

  private static String succeeded(String jobName, LastRun run) {
    if (JobRuns.hasReport(run)) {
      return "Job %s succeeded: read %d, wrote %d, rejected %d, filtered %d records"
          .formatted(
              jobName,
              run.getRecordsRead(),
              nullToZero(run.getRecordsWritten()),
              nullToZero(run.getRecordsRejected()),
              nullToZero(run.getRecordsFiltered()));
    }
    return "Job " + jobName + " succeeded";
  }

  private static long nullToZero(Long value) {
    return value == null ? 0 : value;
  }
}
