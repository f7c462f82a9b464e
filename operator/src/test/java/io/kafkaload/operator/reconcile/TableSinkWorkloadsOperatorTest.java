package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.TriggerSpec;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.testing.TestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads into tables on the mock API server: their workers get a size-limited scratch emptyDir
 * ({@code KAFKALOAD_SCRATCH_DIR}) and, in Jobs, the run id {@code KAFKALOAD_RUN_ID} from the Job's
 * name; a table sink with another offset store or without a rejected topic stalls.
 */
@QuarkusTest
class TableSinkWorkloadsOperatorTest {

  private static final String CONNECTION = "tables-kafka";
  private static final String DB_SECRET = "tables-db";
  private static final String CATALOG_SECRET = "tables-catalog";
  private static final String SCRATCH = "/var/lib/kafkaload/scratch";
  private static final String JOB_NAME_FIELD = "metadata.labels['batch.kubernetes.io/job-name']";

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures.ensureReadyConnection(CONNECTION);
    fixtures.createSecret(
        DB_SECRET,
        Map.of("url", "jdbc:postgresql://db:5432/app", "user", "loader", "password", "pw"));
    fixtures.createSecret(CATALOG_SECRET, Map.of("token", "catalog-token"));
  }

  private static KafkaLoad postgres(String name) {
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-postgres.yaml", name, CONNECTION);
    load.getSpec().getSink().getJdbc().getSecretRef().setName(DB_SECRET);
    return load;
  }

  private static KafkaLoad iceberg(String name) {
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-iceberg.yaml", name, CONNECTION);
    load.getSpec().getSink().getIceberg().getCatalog().getSecretRef().setName(CATALOG_SECRET);
    return load;
  }

  @Test
  void scheduledPostgresRunsGetScratchAndTheirJobNameAsRunId() {
    fixtures.create(postgres("tables-cron"));

    CronJob cronJob = fixtures.awaitCronJob("tables-cron");
    PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertScratch(pod);
    assertThat(env(pod, "KAFKALOAD_RUN_ID").orElseThrow().getValueFrom().getFieldRef())
        .satisfies(ref -> assertThat(ref.getFieldPath()).isEqualTo(JOB_NAME_FIELD));
  }

  @Test
  void batchPostgresJobGetsScratchAndItsNameAsRunId() {
    KafkaLoad load = postgres("tables-job");
    load.getSpec().setSchedule(null);
    load.getSpec().setTimeZone(null);
    fixtures.create(load);

    Job job = fixtures.awaitSingleJob("tables-job");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertScratch(pod);
    assertThat(env(pod, "KAFKALOAD_RUN_ID").orElseThrow().getValueFrom().getFieldRef())
        .satisfies(ref -> assertThat(ref.getFieldPath()).isEqualTo(JOB_NAME_FIELD));
  }

  @Test
  void streamingIcebergGetsScratchButNoRunId() {
    fixtures.create(iceberg("tables-stream"));

    Deployment deployment = fixtures.awaitDeployment("tables-stream");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertScratch(pod);
    // Streaming appends only: a restarted worker has no Overwrite to keep from repeating.
    assertThat(env(pod, "KAFKALOAD_RUN_ID")).isEmpty();
  }

  @Test
  void icebergTriggerOnceIsAJobWithARunId() {
    KafkaLoad load = iceberg("tables-once");
    TriggerSpec once = new TriggerSpec();
    once.setType(TriggerType.Once);
    load.getSpec().setTrigger(once);
    fixtures.create(load);

    PodSpec pod = fixtures.awaitSingleJob("tables-once").getSpec().getTemplate().getSpec();
    assertScratch(pod);
    assertThat(env(pod, "KAFKALOAD_RUN_ID").orElseThrow().getValueFrom().getFieldRef())
        .satisfies(ref -> assertThat(ref.getFieldPath()).isEqualTo(JOB_NAME_FIELD));
  }

  @Test
  void aTableWithAnotherStoreOrNoRejectedTopicStallsUntilFixed() {
    KafkaLoad load = postgres("tables-invalid");
    load.getSpec().setSchedule(null);
    load.getSpec().setTimeZone(null);
    load.getSpec().getOffsets().setStore(OffsetStoreType.Topic);
    load.getSpec().getRejected().setTopic(null);
    fixtures.create(load);

    var stalled = fixtures.awaitLoadCondition("tables-invalid", "Stalled", "True", "InvalidSpec");
    assertThat(stalled.getMessage())
        .contains(
            "spec.offsets.store: Topic with a table sink; the table keeps the positions with its"
                + " rows (exactly-once): set store Sink, or remove it")
        .contains("spec.rejected.topic: missing; a table sink has no _rejected/ folder");
    assertThat(fixtures.loadCondition("tables-invalid", "Ready").orElseThrow().getReason())
        .isEqualTo("InvalidSpec");
    assertThat(fixtures.jobsOf("tables-invalid")).isEmpty();
    assertThat(
            client
                .configMaps()
                .inNamespace(Fixtures.NAMESPACE)
                .withName("tables-invalid-config")
                .get())
        .isNull();

    fixtures.editLoad(
        "tables-invalid",
        l -> {
          // No store: a table sink defaults to Sink.
          l.getSpec().setOffsets(null);
          l.getSpec().getRejected().setTopic("customers-rejected");
        });
    fixtures.awaitSingleJob("tables-invalid");
    fixtures.awaitLoadCondition("tables-invalid", "Ready", "False", "RunInProgress");
  }

  private static void assertScratch(PodSpec pod) {
    assertThat(pod.getVolumes())
        .filteredOn(v -> "scratch".equals(v.getName()))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Gi")));
    var container = pod.getContainers().get(0);
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> "scratch".equals(m.getName()))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo(SCRATCH);
              assertThat(m.getReadOnly()).isFalse();
            });
    assertThat(env(pod, "KAFKALOAD_SCRATCH_DIR").orElseThrow().getValue()).isEqualTo(SCRATCH);
  }

  private static Optional<EnvVar> env(PodSpec pod, String name) {
    var env = pod.getContainers().get(0).getEnv();
    return env == null
        ? Optional.empty()
        : env.stream().filter(e -> name.equals(e.getName())).findFirst();
  }
}
