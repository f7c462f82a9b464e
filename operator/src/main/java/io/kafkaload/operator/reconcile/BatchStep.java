package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.api.WorkloadRef;
import io.kafkaload.operator.render.JobRenderer;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkerSettings;
import io.kafkaload.operator.render.WorkloadNames;
import io.kafkaload.operator.status.JobRuns;
import io.kafkaload.operator.status.LoadOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Mode Batch: one Job per run, named after the run hash ({@code ConfigHashes.run}: what is read and
 * how it is written). A changed run hash makes a new Job and deletes the old one (two runs must
 * never share offsets); edits applied in place (suspend, retention, worker settings) and connection
 * edits keep the Job, running or finished. A finished Job's run report is copied into {@code
 * status.lastRun}.
 */
final class BatchStep {

  /** How long after a Job finished the operator keeps looking for its pod's run report. */
  static final Duration REPORT_WINDOW = Duration.ofMinutes(2);

  private final LoadWorkloads workloads;
  private final WorkerSettings settings;
  private final Instant now;

  BatchStep(LoadWorkloads workloads, WorkerSettings settings, Instant now) {
    this.workloads = workloads;
    this.settings = settings;
    this.now = now;
  }

  StepResult run(KafkaLoad load, String configHash, List<Job> jobs) {
    KafkaLoadStatus status = load.getStatus();
    String jobName = WorkloadNames.job(load, configHash);
    workloads.deleteJobs(jobs, jobName);
    if (status.getWorkloadRef() != null && !LastRuns.describe(status, "Job")) {
      // A run of the load's CronJob: not this one-shot load's (no ref: suspended, still a Job).
      status.setLastRun(null);
    }
    status.setReplicas(null);
    status.setReadyReplicas(null);
    status.setLastScheduleTime(null);
    boolean suspended = LoadDefaults.suspended(load.getSpec());
    Optional<Job> job =
        jobs.stream().filter(j -> jobName.equals(j.getMetadata().getName())).findFirst();
    if (job.isEmpty() && createdBefore(status, jobName)) {
      // The cache may lag a Job just created; only the API server can say it is gone.
      job = workloads.getJob(load.getMetadata().getNamespace(), jobName);
    }
    if (job.isEmpty()) {
      LastRun previous = status.getLastRun();
      if (previous != null && jobName.equals(previous.getName())) {
        // This config already ran and its Job was deleted since: do not run it again.
        return new StepResult(outcomeOf(jobName, previous, suspended), false);
      }
      if (createdBefore(status, jobName)) {
        // Deleted (a short ttlSecondsAfterFinished) before its result was read: a second run
        // nobody asked for would hide that; the user decides with runRequest.
        return new StepResult(
            suspended
                ? LoadOutcome.suspended()
                : LoadOutcome.runResultUnknown(
                    jobName, LoadDefaults.ttlSecondsAfterFinished(load.getSpec())),
            false);
      }
      if (suspended) {
        status.setWorkloadRef(null);
        return new StepResult(LoadOutcome.suspended(), false);
      }
      workloads.createJob(JobRenderer.render(load, configHash, settings));
      status.setWorkloadRef(new WorkloadRef("Job", jobName));
      return new StepResult(LoadOutcome.batch(jobName, JobRuns.Phase.RUNNING, null), false, true);
    }
    status.setWorkloadRef(new WorkloadRef("Job", jobName));
    JobRuns.Phase phase = JobRuns.phase(job.get());
    if (phase == JobRuns.Phase.RUNNING) {
      return new StepResult(
          suspended ? LoadOutcome.suspended(jobName) : LoadOutcome.batch(jobName, phase, null),
          false);
    }
    LastRun run = status.getLastRun();
    boolean known = run != null && jobName.equals(run.getName()) && JobRuns.hasReport(run);
    if (!known) {
      run = JobRuns.lastRun(job.get(), workloads.jobPods(job.get()));
      status.setLastRun(run);
    }
    boolean recheck = !JobRuns.hasReport(run) && finishedRecently(run, now);
    return new StepResult(
        suspended ? LoadOutcome.suspended() : LoadOutcome.batch(jobName, phase, run), recheck);
  }

  private static boolean createdBefore(KafkaLoadStatus status, String jobName) {
    WorkloadRef ref = status.getWorkloadRef();
    return ref != null && "Job".equals(ref.getKind()) && jobName.equals(ref.getName());
  }

  private static LoadOutcome outcomeOf(String jobName, LastRun run, boolean suspended) {
    if (suspended) {
      return LoadOutcome.suspended();
    }
    JobRuns.Phase phase =
        JobRuns.SUCCEEDED.equals(run.getResult()) ? JobRuns.Phase.SUCCEEDED : JobRuns.Phase.FAILED;
    return LoadOutcome.batch(jobName, phase, run);
  }

  /** A report may lag the Job status briefly; after the window, stop looking. */
  static boolean finishedRecently(LastRun run, Instant now) {
    if (run.getCompletionTime() == null) {
      return false;
    }
    try {
      return Instant.parse(run.getCompletionTime()).plus(REPORT_WINDOW).isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
