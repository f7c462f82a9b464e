package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.RetentionPolicy;
import io.kafkaload.operator.render.WorkloadNames;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits that must not start a new run or roll pods (docs/operator-notes.md, "What starts a new
 * run"), against the real operator and the mock API server. Each test waits for a status the
 * operator writes after the edit it checks, so "nothing happened" is read after the reconcile that
 * could have done it.
 */
@QuarkusTest
class RunTriggersOperatorTest {

  private static final String REPORT =
      """
      {"result":"Succeeded","message":"ok","startTime":"2026-11-25T13:00:00Z",\
      "completionTime":"2026-11-25T13:00:04Z","recordsRead":5,"recordsWritten":5,\
      "recordsRejected":0,"recordsFiltered":0}""";

  @Inject @TestClient KubernetesClient client;

  private Fixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures = new Fixtures(client);
  }

  @Test
  void connectionEditsAndSuspendKeepAFinishedRun() {
    fixtures.createConnection("kafka-finished", TestKafka.bootstrapServers());
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "finished", "kafka-finished"));
    var job = fixtures.awaitSingleJob("finished");
    fixtures.finishJob(job, true, REPORT);
    fixtures.awaitLoadCondition("finished", "Ready", "True", "RunSucceeded");

    Fixtures.retryOnConflict(
        () ->
            client
                .resources(KafkaConnection.class)
                .inNamespace(Fixtures.NAMESPACE)
                .withName("kafka-finished")
                .edit(
                    c -> {
                      c.getSpec().setOptions(Map.of("request.timeout.ms", "45000"));
                      return c;
                    }));
    // The ConfigMap carries the edit: a reconcile saw it.
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () ->
                client
                    .configMaps()
                    .inNamespace(Fixtures.NAMESPACE)
                    .withName("finished-config")
                    .get()
                    .getData()
                    .get(WorkloadNames.CONFIG_KEY),
            json -> json.contains("request.timeout.ms"));
    editLoad("finished", l -> l.getSpec().setSuspend(true));
    fixtures.awaitLoadCondition("finished", "Ready", "True", "Suspended");
    editLoad("finished", l -> l.getSpec().setSuspend(false));
    fixtures.awaitLoadCondition("finished", "Ready", "True", "RunSucceeded");

    assertThat(fixtures.jobsOf("finished"))
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(job.getMetadata().getName());
    assertThat(fixtures.load("finished").getStatus().getLastRun().getName())
        .isEqualTo(job.getMetadata().getName());
  }

  @Test
  void retentionAndSuspendKeepARunningJob() {
    fixtures.createConnection("kafka-running", TestKafka.bootstrapServers());
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-file-offsets.yaml", "running", "kafka-running"));
    var job = fixtures.awaitSingleJob("running");
    fixtures.awaitLoadCondition("running", "Reconciling", "True", "RunInProgress");

    editLoad(
        "running",
        l -> {
          if (l.getSpec().getOffsets() == null) {
            l.getSpec().setOffsets(new OffsetsSpec());
          }
          l.getSpec().getOffsets().setRetentionPolicy(RetentionPolicy.Delete);
        });
    // The PVC's owner reference follows the policy: a reconcile saw the edit.
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () ->
                client
                    .persistentVolumeClaims()
                    .inNamespace(Fixtures.NAMESPACE)
                    .withName("running-offsets")
                    .get()
                    .getMetadata()
                    .getOwnerReferences(),
            owners -> owners != null && !owners.isEmpty());
    editLoad("running", l -> l.getSpec().setSuspend(true));
    var ready = fixtures.awaitLoadCondition("running", "Ready", "True", "Suspended");

    assertThat(ready.getMessage()).contains(job.getMetadata().getName()).contains("finishes");
    assertThat(fixtures.jobsOf("running"))
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(job.getMetadata().getName());
  }

  @Test
  void scalingAStreamingLoadRollsNoPod() {
    fixtures.createConnection("kafka-scale", TestKafka.bootstrapServers());
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-streaming-replicas.yaml", "scaled", "kafka-scale"));
    Deployment first = awaitDeployment("scaled", 3);

    editLoad("scaled", l -> l.getSpec().setReplicas(4));
    Deployment scaled = awaitDeployment("scaled", 4);

    assertThat(scaled.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(
            WorkloadNames.CONFIG_HASH_ANNOTATION,
            first
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(WorkloadNames.CONFIG_HASH_ANNOTATION));
  }

  private void editLoad(String name, Consumer<KafkaLoad> edit) {
    Fixtures.retryOnConflict(
        () ->
            client
                .resources(KafkaLoad.class)
                .inNamespace(Fixtures.NAMESPACE)
                .withName(name)
                .edit(
                    l -> {
                      edit.accept(l);
                      return l;
                    }));
  }

  private Deployment awaitDeployment(String name, int replicas) {
    return await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> client.apps().deployments().inNamespace(Fixtures.NAMESPACE).withName(name).get(),
            d -> d != null && d.getSpec().getReplicas() == replicas);
  }
}
