package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.RetentionPolicy;
import io.kafkaload.operator.render.WorkloadNames;
import io.kafkaload.operator.testing.TestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
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

  @Inject Fixtures fixtures;

  @Test
  void connectionEditsAndSuspendKeepAFinishedRun() {
    fixtures.readyConnection("kafka-finished");
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "finished", "kafka-finished"));
    var job = fixtures.awaitSingleJob("finished");
    fixtures.finishJob(job, true, REPORT);
    fixtures.awaitLoadCondition("finished", "Ready", "True", "RunSucceeded");

    fixtures.editConnection(
        "kafka-finished",
        c -> {
          c.getSpec().setOptions(Map.of("request.timeout.ms", "45000"));
        });
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
    fixtures.editLoad("finished", l -> l.getSpec().setSuspend(true));
    fixtures.awaitLoadCondition("finished", "Ready", "True", "Suspended");
    fixtures.editLoad("finished", l -> l.getSpec().setSuspend(false));
    fixtures.awaitLoadCondition("finished", "Ready", "True", "RunSucceeded");

    assertThat(fixtures.jobsOf("finished"))
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(job.getMetadata().getName());
    assertThat(fixtures.load("finished").getStatus().getLastRun().getName())
        .isEqualTo(job.getMetadata().getName());
  }

  @Test
  void retentionAndSuspendKeepARunningJob() {
    fixtures.readyConnection("kafka-running");
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-file-offsets.yaml", "running", "kafka-running"));
    var job = fixtures.awaitSingleJob("running");
    fixtures.awaitLoadCondition("running", "Reconciling", "True", "RunInProgress");

    fixtures.editLoad(
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
    fixtures.editLoad("running", l -> l.getSpec().setSuspend(true));
    var ready = fixtures.awaitLoadCondition("running", "Ready", "True", "Suspended");

    assertThat(ready.getMessage()).contains(job.getMetadata().getName()).contains("finishes");
    assertThat(fixtures.jobsOf("running"))
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(job.getMetadata().getName());
  }

  @Test
  void scalingAStreamingLoadRollsNoPod() {
    fixtures.readyConnection("kafka-scale");
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-streaming-replicas.yaml", "scaled", "kafka-scale"));
    Deployment first = awaitDeployment("scaled", 3);

    fixtures.editLoad("scaled", l -> l.getSpec().setReplicas(4));
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

  private Deployment awaitDeployment(String name, int replicas) {
    return await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.deployment(name),
            d -> d != null && d.getSpec().getReplicas() == replicas);
  }
}
