package io.kafkaload.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.kafkaload.operator.api.LastRun;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Pure reading of a Job and its pods: its phase, and the summary of a finished run. */
public final class JobRuns {

  /** Where a Job stands. */
  public enum Phase {
    /** Pending or active. */
    RUNNING,
    /** Complete. */
    SUCCEEDED,
    /** Failed for good (backoff limit reached, deadline exceeded...). */
    FAILED
  }

  /** Result value of a successful run in the run report and in status.lastRun. */
  public static final String SUCCEEDED = "Succeeded";

  /** Result value of a failed run. */
  public static final String FAILED = "Failed";

  private JobRuns() {}

  /** The phase, from the Job's terminal conditions. */
  public static Phase phase(Job job) {
    if (job.getStatus() == null) {
      return Phase.RUNNING;
    }
    if (hasTrueCondition(job, "Complete")) {
      return Phase.SUCCEEDED;
    }
    if (hasTrueCondition(job, "Failed")) {
      return Phase.FAILED;
    }
    return Phase.RUNNING;
  }

  /**
   * The summary of a finished Job: from the newest pod's run report when there is one, otherwise
   * from the Job status alone (counts then stay unset).
   */
  public static LastRun lastRun(Job job, List<Pod> pods) {
    String name = job.getMetadata().getName();
    Optional<LastRun> reported =
        pods.stream()
            .sorted(Comparator.comparing(JobRuns::finishedAt, Comparator.reverseOrder()))
            .map(pod -> RunReports.parse(name, terminationMessage(pod)))
            .flatMap(Optional::stream)
            .findFirst();
    if (reported.isPresent()) {
      return reported.get();
    }
    LastRun run = new LastRun();
    run.setName(name);
    boolean succeeded = phase(job) == Phase.SUCCEEDED;
    run.setResult(succeeded ? SUCCEEDED : FAILED);
    run.setStartTime(job.getStatus() == null ? null : job.getStatus().getStartTime());
    run.setCompletionTime(completionTime(job));
    run.setMessage(
        outOfMemory(pods)
            .or(() -> failureMessage(job))
            .orElse(
                "the worker left no run report in its termination message; see kubectl logs job/"
                    + name));
    return run;
  }

  /** Whether a finished run has a report from the worker (else the operator looks again). */
  public static boolean hasReport(LastRun run) {
    return run.getRecordsRead() != null;
  }

  private static boolean hasTrueCondition(Job job, String type) {
    List<JobCondition> conditions = job.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Why a pod the kubelet killed for its memory left no report: the reason, and what to change (the
   * worker keeps heap + DuckDB + overhead under the limit, but SQL can still build huge values).
   */
  private static Optional<String> outOfMemory(List<Pod> pods) {
    return oomKilled(pods).isPresent()
        ? Optional.of(
            "the worker was killed for using more memory than its limit (OOMKilled), before it"
                + " could write a report; raise spec.worker.resources.limits.memory, or make the"
                + " load's SQL build smaller values (a huge string or list per row)")
        : Optional.empty();
  }

  private static final String OOM_KILLED = "OOMKilled";

  /**
   * The name of a pod whose worker the kubelet killed for its memory, now or the last time it ended
   * (a Deployment's container is restarted: its lastState keeps the reason), if any.
   */
  public static Optional<String> oomKilled(List<Pod> pods) {
    return pods.stream()
        .filter(
            pod ->
                containerStatuses(pod).stream()
                    .anyMatch(
                        s ->
                            (s.getState() != null
                                    && s.getState().getTerminated() != null
                                    && OOM_KILLED.equals(s.getState().getTerminated().getReason()))
                                || (s.getLastState() != null
                                    && s.getLastState().getTerminated() != null
                                    && OOM_KILLED.equals(
                                        s.getLastState().getTerminated().getReason()))))
        .map(pod -> pod.getMetadata() == null ? "" : pod.getMetadata().getName())
        .sorted()
        .findFirst();
  }

  private static Optional<String> failureMessage(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> (c.getReason() == null ? "" : c.getReason() + ": ") + c.getMessage())
        .findFirst();
  }

  private static String completionTime(Job job) {
    if (job.getStatus() == null) {
      return null;
    }
    if (job.getStatus().getCompletionTime() != null) {
      return job.getStatus().getCompletionTime();
    }
    return job.getStatus().getConditions() == null
        ? null
        : job.getStatus().getConditions().stream()
            .filter(c -> "Failed".equals(c.getType()))
            .map(JobCondition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
  }

  private static String terminationMessage(Pod pod) {
    return containerStatuses(pod).stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getMessage())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String finishedAt(Pod pod) {
    return containerStatuses(pod).stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getFinishedAt())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse("");
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return List.of();
    }
    return pod.getStatus().getContainerStatuses();
  }
}
