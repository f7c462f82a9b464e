package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.testing.TestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A files source ({@code source.files}) on the mock API server: a Batch Job whose worker mounts the
 * claim read-only at the path's base folder and gets {@code source.files} verbatim, Ready and
 * lastRun from its report as for any load, no lag; a missing claim holds it back; Streaming stalls
 * it until fixed.
 */
@QuarkusTest
class FilesSourceOperatorTest {

  private static final String CONNECTION = "files-source-kafka";
  private static final String EXAMPLE = "kafkaload-parquet-to-topic.yaml";
  private static final String REPORT =
      """
      {"load":"test/x","result":"Succeeded","message":"sent 5000 rows, rejected 2",\
      "startTime":"2026-12-07T13:00:00Z","completionTime":"2026-12-07T13:00:04Z",\
      "recordsRead":5002,"recordsWritten":5000,"recordsRejected":2,"recordsFiltered":0}""";

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures.ensureReadyConnection(CONNECTION);
  }

  @Test
  void aFilesSourceRunsAsAJobThatMountsItsClaimReadOnly() {
    fixtures.create(Fixtures.exampleLoad(EXAMPLE, "files-job", CONNECTION));

    Job job = fixtures.awaitSingleJob("files-job");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("source"))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("events-pvc"));
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("source"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/data/events");
              assertThat(m.getReadOnly()).isTrue();
            });
    String config =
        client
            .configMaps()
            .inNamespace(Fixtures.NAMESPACE)
            .withName("files-job-config")
            .get()
            .getData()
            .get("worker-config.json");
    assertThat(config)
        .contains("\"files\" : {")
        .contains("\"path\" : \"/data/events\"")
        .contains("\"claimName\" : \"events-pvc\"")
        .doesNotContain("\"topics\"");

    fixtures.finishJob(job, true, REPORT);

    KafkaLoad done =
        fixtures.awaitLoadConditions(
            "files-job", Map.of("Ready", "True/RunSucceeded", "Reconciling", "False"));
    LastRun run = done.getStatus().getLastRun();
    assertThat(run.getRecordsRead()).isEqualTo(5002L);
    assertThat(run.getRecordsWritten()).isEqualTo(5000L);
    assertThat(run.getRecordsRejected()).isEqualTo(2L);
    // no consumer group and no files in sight: no lag
    assertThat(done.getStatus().getLag()).isNull();
  }

  @Test
  void aMissingSourceClaimIsReportedUntilItExists() {
    KafkaLoad load = Fixtures.exampleLoad(EXAMPLE, "files-unclaimed", CONNECTION);
    load.getSpec().getSource().getFiles().setClaimName("files-source-claim");
    fixtures.createAsIs(load);

    Condition missing =
        fixtures.awaitLoadCondition("files-unclaimed", "Ready", "False", "ClaimNotFound");
    assertThat(missing.getMessage())
        .startsWith(
            "PersistentVolumeClaim files-source-claim (spec.source.files.claimName) not found in"
                + " namespace test; create it");
    assertThat(fixtures.jobsOf("files-unclaimed")).isEmpty();

    fixtures.createClaim("files-source-claim");
    fixtures.awaitSingleJob("files-unclaimed");
  }

  @Test
  void aStreamingFilesSourceStallsUntilItIsBatch() {
    KafkaLoad load = Fixtures.exampleLoad(EXAMPLE, "files-streaming", CONNECTION);
    load.getSpec().setMode(LoadMode.Streaming);
    load.getSpec().setRunRequest(null);
    fixtures.create(load);

    Condition stalled =
        fixtures.awaitLoadCondition("files-streaming", "Stalled", "True", "InvalidSpec");
    assertThat(stalled.getMessage()).contains("spec.mode: Streaming with spec.source.files");
    assertThat(fixtures.deployment("files-streaming")).isNull();
    assertThat(fixtures.jobsOf("files-streaming")).isEmpty();

    fixtures.editLoad("files-streaming", l -> l.getSpec().setMode(LoadMode.Batch));
    fixtures.awaitSingleJob("files-streaming");
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.loadCondition("files-streaming", "Stalled").orElseThrow().getStatus(),
            "False"::equals);
  }
}
