package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real operator (JOSDK in Quarkus) against the fabric8 mock API server in CRUD mode, with a
 * real Kafka broker behind the Ready connection. The mock server runs no controllers: the tests
 * play the job controller and the deployment controller by patching status by hand.
 */
@QuarkusTest
class KafkaLoadOperatorTest {

  private static final String BATCH = "kafkaload-batch-parquet.yaml";
  private static final String STREAMING = "kafkaload-streaming-json.yaml";
  private static final String REPORT =
      """
      {"load":"test/x","result":"Succeeded","message":"loaded 9880 records, rejected 100",\
      "startTime":"2026-11-25T13:00:00Z","completionTime":"2026-11-25T13:00:04Z",\
      "recordsRead":10000,"recordsWritten":9880,"recordsRejected":100,"recordsFiltered":20}""";

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;

  @Test
  void batchCreatesConfigMapAndJobOwnedByTheLoad() {
    String connection = fixtures.readyConnection("kafka-batch");
    KafkaLoad load = fixtures.create(Fixtures.exampleLoad(BATCH, "events-batch", connection));

    var job = fixtures.awaitSingleJob("events-batch");
    var configMap =
        client.configMaps().inNamespace(Fixtures.NAMESPACE).withName("events-batch-config").get();

    assertThat(job.getMetadata().getName()).matches("events-batch-[0-9a-f]{8}");
    assertOwnedBy(job, load);
    assertOwnedBy(configMap, load);
    assertThat(configMap.getData().get("worker-config.json"))
        .contains("\"namespace\" : \"test\"")
        .contains("\"bootstrapServers\" : \"" + TestKafka.bootstrapServers() + "\"");
    assertThat(job.getSpec().getBackoffLimit()).isLessThanOrEqualTo(2);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    var ready = fixtures.awaitLoadCondition("events-batch", "Reconciling", "True", "RunInProgress");
    assertThat(ready.getMessage()).contains(job.getMetadata().getName());
    KafkaLoad observed = fixtures.load("events-batch");
    assertThat(observed.getStatus().getObservedGeneration())
        .isEqualTo(observed.getMetadata().getGeneration());
    assertThat(observed.getStatus().getWorkloadRef().getKind()).isEqualTo("Job");
    assertThat(observed.getStatus().getWorkloadRef().getName())
        .isEqualTo(job.getMetadata().getName());
  }

  @Test
  void succeededJobGivesReadyAndLastRunFromTheTerminationMessage() {
    String connection = fixtures.readyConnection("kafka-success");
    fixtures.create(Fixtures.exampleLoad(BATCH, "events-ok", connection));
    var job = fixtures.awaitSingleJob("events-ok");

    fixtures.finishJob(job, true, REPORT);

    // One read: Ready and Reconciling from two GETs could straddle another status write.
    KafkaLoad done =
        fixtures.awaitLoadConditions(
            "events-ok", Map.of("Ready", "True/RunSucceeded", "Reconciling", "False"));
    var ready = Conditions.find(done.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(ready.getMessage()).contains("read 10000, wrote 9880, rejected 100, filtered 20");
    LastRun run = done.getStatus().getLastRun();
    assertThat(run.getName()).isEqualTo(job.getMetadata().getName());
    assertThat(run.getResult()).isEqualTo("Succeeded");
    assertThat(run.getRecordsRead()).isEqualTo(10000L);
    assertThat(run.getRecordsWritten()).isEqualTo(9880L);
    assertThat(run.getRecordsRejected()).isEqualTo(100L);
    assertThat(run.getRecordsFiltered()).isEqualTo(20L);
    assertThat(run.getCompletionTime()).isEqualTo("2026-11-25T13:00:04Z");
  }

  @Test
  void failedJobGivesRunFailedWithTheReportMessage() {
    String connection = fixtures.readyConnection("kafka-failure");
    fixtures.create(Fixtures.exampleLoad(BATCH, "events-ko", connection));
    var job = fixtures.awaitSingleJob("events-ko");

    fixtures.finishJob(
        job,
        false,
        "{\"result\":\"Failed\",\"message\":\"topic events does not exist\",\"recordsRead\":0,"
            + "\"recordsWritten\":0,\"recordsRejected\":0}");

    var ready = fixtures.awaitLoadCondition("events-ko", "Ready", "False", "RunFailed");
    assertThat(ready.getMessage()).contains("topic events does not exist");
    assertThat(fixtures.load("events-ko").getStatus().getLastRun().getResult()).isEqualTo("Failed");
  }

  @Test
  void changedSpecMakesANewJobAndDeletesTheOldOne() {
    String connection = fixtures.readyConnection("kafka-change");
    fixtures.create(Fixtures.exampleLoad(BATCH, "events-change", connection));
    String first = fixtures.awaitSingleJob("events-change").getMetadata().getName();

    fixtures.editLoad(
        "events-change",
        load -> {
          load.getSpec().getSource().getKafka().getTopics().add("more-events");
        });

    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.jobsOf("events-change"),
            jobs -> jobs.size() == 1 && !jobs.get(0).getMetadata().getName().equals(first));
  }

  @Test
  void streamingCreatesADeploymentReadyFromItsReplicas() {
    String connection = fixtures.readyConnection("kafka-streaming");
    KafkaLoad load = fixtures.create(Fixtures.exampleLoad(STREAMING, "clicks", connection));

    Deployment deployment = fixtures.awaitDeployment("clicks");
    assertOwnedBy(deployment, load);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kafkaload.io/config-hash");
    fixtures.awaitLoadCondition("clicks", "Reconciling", "True", "RolloutInProgress");

    Fixtures.retryOnConflict(
        () -> {
          Deployment current = client.apps().deployments().resource(deployment).get();
          current.setStatus(
              new DeploymentStatusBuilder()
                  .withReplicas(1)
                  .withReadyReplicas(1)
                  .withObservedGeneration(current.getMetadata().getGeneration())
                  .build());
          client.apps().deployments().resource(current).updateStatus();
        });

    fixtures.awaitLoadCondition("clicks", "Ready", "True", "Running");
    assertThat(fixtures.load("clicks").getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void aStreamingWorkerKilledForItsMemorySaysSoWithTheFix() {
    String connection = fixtures.readyConnection("kafka-oom");
    fixtures.create(Fixtures.exampleLoad(STREAMING, "clicks-oom", connection));
    Deployment deployment = fixtures.awaitDeployment("clicks-oom");

    // the kubelet killed the worker for its memory and restarts it: its container's lastState
    // keeps the reason (a Deployment's pod has no run report to say it)
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("clicks-oom-5d9f-x2x7q")
            .withNamespace(Fixtures.NAMESPACE)
            .withLabels(deployment.getSpec().getSelector().getMatchLabels())
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("worker")
            .withImage("kafkaload-worker")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .addNewContainerStatus()
            .withName("worker")
            .withRestartCount(3)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withReason("OOMKilled")
            .withExitCode(137)
            .endTerminated()
            .endLastState()
            .endContainerStatus()
            .endStatus()
            .build();
    Pod created = client.pods().resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getContainerStatuses().isEmpty()) {
      created.setStatus(pod.getStatus());
      client.pods().resource(created).updateStatus();
    }
    // the Deployment's counts change with it, which is what makes the operator look
    Fixtures.retryOnConflict(
        () -> {
          Deployment current = client.apps().deployments().resource(deployment).get();
          current.setStatus(
              new DeploymentStatusBuilder()
                  .withReplicas(1)
                  .withReadyReplicas(0)
                  .withUnavailableReplicas(1)
                  .withObservedGeneration(current.getMetadata().getGeneration())
                  .build());
          client.apps().deployments().resource(current).updateStatus();
        });

    var ready = fixtures.awaitLoadCondition("clicks-oom", "Ready", "False", "WorkerOOMKilled");
    assertThat(ready.getMessage())
        .isEqualTo(
            "0/1 workers of Deployment clicks-oom ready; worker pod clicks-oom-5d9f-x2x7q was"
                + " killed for using more memory than its limit (OOMKilled); raise"
                + " spec.worker.resources.limits.memory, or lower spec.sink.flush.maxRecords and"
                + " spec.sink.flush.maxBytes (the rows a worker holds at once), or make the load's"
                + " SQL build smaller values (a huge string or list per row)");
  }

  @Test
  void suspendedStreamingScalesToZeroAndIsReady() {
    String connection = fixtures.readyConnection("kafka-suspend");
    KafkaLoad load = Fixtures.exampleLoad(STREAMING, "paused", connection);
    load.getSpec().setSuspend(true);
    fixtures.create(load);

    var ready = fixtures.awaitLoadCondition("paused", "Ready", "True", "Suspended");
    assertThat(ready.getMessage()).contains("spec.suspend");
    assertThat(fixtures.awaitDeployment("paused").getSpec().getReplicas()).isZero();
  }

  @Test
  void suspendedBatchCreatesNoRun() {
    String connection = fixtures.readyConnection("kafka-suspend-batch");
    KafkaLoad load = Fixtures.exampleLoad(BATCH, "paused-batch", connection);
    load.getSpec().setSuspend(true);
    fixtures.create(load);

    fixtures.awaitLoadCondition("paused-batch", "Ready", "True", "Suspended");
    assertThat(fixtures.jobsOf("paused-batch")).isEmpty();
  }

  @Test
  void switchingModeReplacesTheWorkload() {
    String connection = fixtures.readyConnection("kafka-switch");
    fixtures.create(Fixtures.exampleLoad(BATCH, "switcher", connection));
    fixtures.awaitSingleJob("switcher");

    setMode("switcher", LoadMode.Streaming);
    fixtures.awaitDeployment("switcher");
    await().atMost(Fixtures.TIMEOUT).until(() -> fixtures.jobsOf("switcher").isEmpty());

    setMode("switcher", LoadMode.Batch);
    fixtures.awaitSingleJob("switcher");
    await().atMost(Fixtures.TIMEOUT).until(() -> fixtures.deployment("switcher") == null);
  }

  @Test
  void invalidSpecStallsAndCreatesNothing() {
    String connection = fixtures.readyConnection("kafka-invalid");
    KafkaLoad load = Fixtures.exampleLoad(BATCH, "no-sink", connection);
    load.getSpec().setSink(null);
    load.getSpec().getSource().getKafka().setTopicPattern("events-.*");
    fixtures.create(load);

    var stalled = fixtures.awaitLoadCondition("no-sink", "Stalled", "True", "InvalidSpec");
    assertThat(stalled.getMessage())
        .contains("spec.sink")
        .contains("spec.source.kafka: both topics and topicPattern");
    assertThat(fixtures.loadCondition("no-sink", "Ready").orElseThrow().getReason())
        .isEqualTo("InvalidSpec");
    assertThat(fixtures.jobsOf("no-sink")).isEmpty();
    assertThat(client.configMaps().inNamespace(Fixtures.NAMESPACE).withName("no-sink-config").get())
        .isNull();
  }

  @Test
  void sqlThatDuckDbCannotParseStallsTheLoad() {
    String connection = fixtures.readyConnection("kafka-bad-sql");
    // The example salts digests with this Secret: without it the fixed load waits for it.
    fixtures.createSecret("orders-salt", Map.of("salt", "test-salt"));
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-validated.yaml", "bad-sql", connection);
    load.getSpec().getTransform().setSql("SELECT * FROM message WHERE type <> 'heartbeat");
    fixtures.create(load);

    var stalled = fixtures.awaitLoadCondition("bad-sql", "Stalled", "True", "InvalidSpec");
    assertThat(stalled.getMessage())
        .contains("spec.transform.sql: unterminated string literal (character 37)");
    assertThat(fixtures.jobsOf("bad-sql")).isEmpty();

    fixtures.editLoad(
        "bad-sql",
        l -> {
          l.getSpec().getTransform().setSql("SELECT * FROM message WHERE type <> 'heartbeat'");
        });
    fixtures.awaitSingleJob("bad-sql");
  }

  @Test
  void fileOffsetsGetARetainedClaim() {
    String connection = fixtures.readyConnection("kafka-files");
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-file-offsets.yaml", "orders", connection));
    var job = fixtures.awaitSingleJob("orders");

    var claim =
        client
            .persistentVolumeClaims()
            .inNamespace(Fixtures.NAMESPACE)
            .withName("orders-offsets")
            .get();
    assertThat(claim).isNotNull();
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("2Gi");
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactlyInAnyOrder("orders-offsets", "orders-data");
  }

  private void setMode(String name, LoadMode mode) {
    fixtures.editLoad(name, load -> load.getSpec().setMode(mode));
  }

  private static void assertOwnedBy(HasMetadata child, KafkaLoad load) {
    assertThat(child.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            (OwnerReference ref) -> {
              assertThat(ref.getKind()).isEqualTo("KafkaLoad");
              assertThat(ref.getName()).isEqualTo(load.getMetadata().getName());
              assertThat(ref.getUid()).isEqualTo(load.getMetadata().getUid());
              assertThat(ref.getController()).isTrue();
            });
  }
}
