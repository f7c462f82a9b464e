package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.api.WorkloadRef;
import io.kafkaload.operator.render.CronJobRenderer;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkerSettings;
import io.kafkaload.operator.status.JobRuns;
import io.kafkaload.operator.status.LoadOutcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Batch with a schedule: one CronJob (concurrencyPolicy Forbid), updated in place when the spec
 * changes; the newest finished Job it started gives {@code status.lastRun}, its status gives {@code
 * lastScheduleTime}.
 */
final class ScheduledStep {

  private final LoadWorkloads workloads;
  private final WorkerSettings settings;
  private final Instant now;

  ScheduledStep(LoadWorkloads workloads, WorkerSettings settings, Instant now) {
    this.workloads = workloads;
    this.settings = settings;
    this.now = now;
  }

  StepResult run(KafkaLoad load, String configHash, Optional<CronJob> current, List<Job> jobs) {
    KafkaLoadStatus status = load.getStatus();
    CronJob desired = CronJobRenderer.render(load, configHash, settings);
    boolean created = workloads.applyCronJob(desired, current);
    String name = desired.getMetadata().getName();
    if (!LastRuns.describe(status, "CronJob")) {
      // A run of the load's earlier workload (a one-shot Job): not this CronJob's.
      status.setLastRun(null);
    }
    status.setWorkloadRef(new WorkloadRef("CronJob", name));
    status.setReplicas(null);
    status.setReadyReplicas(null);
    status.setLastScheduleTime(
        current
            .map(c -> c.getStatus() == null ? null : c.getStatus().getLastScheduleTime())
            .orElse(null));

    Optional<Job> finished =
        jobs.stream()
            .filter(job -> JobRuns.phase(job) != JobRuns.Phase.RUNNING)
            .max(Comparator.comparing(ScheduledStep::createdAt));
    Optional<Job> active =
        jobs.stream().filter(job -> JobRuns.phase(job) == JobRuns.Phase.RUNNING).findFirst();
    LastRun run = status.getLastRun();
    if (finished.isPresent()) {
      String jobName = finished.get().getMetadata().getName();
      boolean known = run != null && jobName.equals(run.getName()) && JobRuns.hasReport(run);
      if (!known) {
        run = JobRuns.lastRun(finished.get(), workloads.jobPods(finished.get()));
        status.setLastRun(run);
      }
    }
    boolean recheck =
        run != null && !JobRuns.hasReport(run) && BatchStep.finishedRecently(run, now);
    if (LoadDefaults.suspended(load.getSpec())) {
      return new StepResult(LoadOutcome.suspended(), recheck, created);
    }
    return new StepResult(
        LoadOutcome.scheduled(
            name, describe(load), active.map(job -> job.getMetadata().getName()).orElse(null), run),
        recheck,
        created);
  }

  private static String describe(KafkaLoad load) {
    String zone = load.getSpec().getTimeZone();
    return "'" + load.getSpec().getSchedule() + "'" + (zone == null ? "" : " (" + zone + ")");
  }

  private static String createdAt(Job job) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null ? "" : created;
  }
}
