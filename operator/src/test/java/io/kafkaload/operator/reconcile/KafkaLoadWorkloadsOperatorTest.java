package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.RetentionPolicy;
import io.kafkaload.operator.testing.TestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Workload kinds on the mock API server: CronJob for a schedule, runRequest re-runs, trigger Once
 * as a Job, offsets PVC retention, worker pod settings. The tests play the CronJob and job
 * controllers.
 */
@QuarkusTest
class KafkaLoadWorkloadsOperatorTest {

  private static final String SCHEDULED = "kafkaload-batch-scheduled.yaml";
  private static final String REPORT =
      """
      {"result":"Succeeded","message":"loaded 10 records","startTime":"2026-11-25T13:00:00Z",\
      "completionTime":"2026-11-25T13:00:04Z","recordsRead":10,"recordsWritten":10,\
      "recordsRejected":0}""";

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;

  @Test
  void scheduledBatchRunsAsACronJobAndReportsItsRuns() {
    String connection = fixtures.readyConnection("kafka-cron");
    KafkaLoad load = fixtures.create(Fixtures.exampleLoad(SCHEDULED, "hourly", connection));

    CronJob cronJob = fixtures.awaitCronJob("hourly");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cronJob.getSpec().getTimeZone()).isEqualTo("Europe/Paris");
    assertThat(cronJob.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(load.getMetadata().getUid()));
    var ready = fixtures.awaitLoadCondition("hourly", "Ready", "True", "Scheduled");
    assertThat(ready.getMessage()).contains("'5 * * * *' (Europe/Paris)").contains("no run yet");
    assertThat(fixtures.load("hourly").getStatus().getWorkloadRef().getKind()).isEqualTo("CronJob");
    assertThat(fixtures.jobsOf("hourly")).isEmpty();

    // The CronJob controller's part: a schedule time, then a Job owned by the CronJob.
    Fixtures.retryOnConflict(
        () -> {
          CronJob current = client.batch().v1().cronjobs().resource(cronJob).get();
          current.setStatus(
              new CronJobStatusBuilder().withLastScheduleTime("2026-11-25T13:05:00Z").build());
          client.batch().v1().cronjobs().resource(current).updateStatus();
        });
    Job started = client.batch().v1().jobs().resource(jobOf(cronJob, "hourly-29400065")).create();
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.load("hourly").getStatus().getLastScheduleTime(),
            "2026-11-25T13:05:00Z"::equals);
    fixtures.awaitLoadCondition("hourly", "Ready", "True", "Scheduled");

    fixtures.finishJob(started, true, REPORT);

    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.load("hourly").getStatus().getLastRun(),
            run -> run != null && "hourly-29400065".equals(run.getName()));
    var afterRun = fixtures.awaitLoadCondition("hourly", "Ready", "True", "Scheduled");
    assertThat(afterRun.getMessage()).contains("last run: Job hourly-29400065 succeeded");
    assertThat(fixtures.load("hourly").getStatus().getLastRun().getRecordsRead()).isEqualTo(10L);
    // The CronJob's own Job is not the load's to delete.
    assertThat(fixtures.jobsOf("hourly")).hasSize(1);
  }

  @Test
  void suspendedScheduleSuspendsTheCronJob() {
    String connection = fixtures.readyConnection("kafka-cron-suspend");
    KafkaLoad load = Fixtures.exampleLoad(SCHEDULED, "paused-cron", connection);
    load.getSpec().setSuspend(true);
    fixtures.create(load);

    fixtures.awaitLoadCondition("paused-cron", "Ready", "True", "Suspended");
    assertThat(fixtures.awaitCronJob("paused-cron").getSpec().getSuspend()).isTrue();
  }

  @Test
  void removingTheScheduleReplacesTheCronJobWithAJob() {
    String connection = fixtures.readyConnection("kafka-cron-switch");
    fixtures.create(Fixtures.exampleLoad(SCHEDULED, "unscheduled", connection));
    fixtures.awaitCronJob("unscheduled");

    fixtures.editLoad(
        "unscheduled",
        load -> {
          load.getSpec().setSchedule(null);
          load.getSpec().setTimeZone(null);
        });

    Job job = fixtures.awaitSingleJob("unscheduled");
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86400);
    await().atMost(Fixtures.TIMEOUT).until(() -> fixtures.cronJob("unscheduled") == null);
  }

  @Test
  void aScheduleAddedAfterAFailedRunForgetsThatRun() {
    String connection = fixtures.readyConnection("kafka-cron-after-failure");
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "rescheduled", connection));
    Job oneShot = fixtures.awaitSingleJob("rescheduled");
    fixtures.finishJob(
        oneShot, false, "{\"result\":\"Failed\",\"message\":\"topic events does not exist\"}");
    fixtures.awaitLoadCondition("rescheduled", "Ready", "False", "RunFailed");

    fixtures.editLoad("rescheduled", load -> load.getSpec().setSchedule("5 * * * *"));

    var ready = fixtures.awaitLoadCondition("rescheduled", "Ready", "True", "Scheduled");
    assertThat(ready.getMessage())
        .contains("no run yet")
        .doesNotContain(oneShot.getMetadata().getName());
    var status = fixtures.load("rescheduled").getStatus();
    assertThat(status.getLastRun()).isNull();
    assertThat(status.getWorkloadRef().getKind()).isEqualTo("CronJob");
  }

  @Test
  void changedRunRequestRunsTheLoadAgain() {
    String connection = fixtures.readyConnection("kafka-rerun");
    fixtures.create(Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "rerun", connection));
    Job first = fixtures.awaitSingleJob("rerun");
    fixtures.finishJob(first, true, REPORT);
    fixtures.awaitLoadCondition("rerun", "Ready", "True", "RunSucceeded");

    fixtures.editLoad("rerun", load -> load.getSpec().setRunRequest("again-1"));

    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.jobsOf("rerun"),
            jobs ->
                jobs.size() == 1
                    && !jobs.get(0).getMetadata().getName().equals(first.getMetadata().getName()));
    fixtures.awaitLoadCondition("rerun", "Reconciling", "True", "RunInProgress");
  }

  @Test
  void jobDeletedBeforeItsResultWasReadIsNotRunAgain() {
    String connection = fixtures.readyConnection("kafka-ttl");
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "short-ttl", connection);
    load.getSpec().setTtlSecondsAfterFinished(0);
    fixtures.create(load);
    Job job = fixtures.awaitSingleJob("short-ttl");
    fixtures.awaitLoadCondition("short-ttl", "Reconciling", "True", "RunInProgress");

    // What the TTL controller does right after the Job finishes.
    client.batch().v1().jobs().resource(job).delete();

    var stalled = fixtures.awaitLoadCondition("short-ttl", "Stalled", "True", "RunResultUnknown");
    assertThat(stalled.getMessage()).contains(job.getMetadata().getName()).contains("runRequest");
    await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
    assertThat(fixtures.jobsOf("short-ttl")).isEmpty();

    fixtures.editLoad("short-ttl", l -> l.getSpec().setRunRequest("again"));
    fixtures.awaitSingleJob("short-ttl");
  }

  @Test
  void streamingWithTriggerOnceRunsAsAJob() {
    String connection = fixtures.readyConnection("kafka-once");
    KafkaLoad load =
        Fixtures.exampleLoad("kafkaload-streaming-replicas.yaml", "catch-up", connection);
    load.getSpec().getTrigger().setType(io.kafkaload.operator.api.TriggerType.Once);
    load.getSpec().getTrigger().setIntervalSeconds(null);
    // A bounded run refuses startingOffsets latest.
    load.getSpec().getSource().getKafka().setStartingOffsets(null);
    fixtures.create(load);

    Job job = fixtures.awaitSingleJob("catch-up");
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(fixtures.deployment("catch-up")).isNull();
    // spec.worker.resources reach the pod.
    assertThat(
            job.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests())
        .containsKey("cpu");
  }

  @Test
  void retentionDeleteMakesTheLoadOwnTheOffsetsClaim() {
    String connection = fixtures.readyConnection("kafka-retention");
    KafkaLoad created =
        fixtures.create(
            Fixtures.exampleLoad("kafkaload-batch-file-offsets.yaml", "ephemeral", connection));
    fixtures.awaitSingleJob("ephemeral");
    assertThat(claim("ephemeral-offsets").getMetadata().getOwnerReferences()).isNullOrEmpty();

    fixtures.editLoad(
        "ephemeral",
        load -> load.getSpec().getOffsets().setRetentionPolicy(RetentionPolicy.Delete));

    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> claim("ephemeral-offsets").getMetadata().getOwnerReferences(),
            refs ->
                refs != null
                    && refs.size() == 1
                    && refs.get(0).getUid().equals(created.getMetadata().getUid()));
  }

  private io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name) {
    return client.persistentVolumeClaims().inNamespace(Fixtures.NAMESPACE).withName(name).get();
  }

  /** The Job the CronJob controller would create: its template, owned by the CronJob. */
  private static Job jobOf(CronJob cronJob, String name) {
    var template = cronJob.getSpec().getJobTemplate();
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(Fixtures.NAMESPACE)
        .withLabels(template.getMetadata().getLabels())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("CronJob")
                .withName(cronJob.getMetadata().getName())
                .withUid(cronJob.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }
}
