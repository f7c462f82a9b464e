package io.kafkaload.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.RetentionPolicy;
import io.kafkaload.operator.api.TriggerSpec;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The workload kinds: CronJob, Job TTL, replicas and strategy, worker pod settings. */
class WorkloadRendererTest {

  private static final WorkerSettings SETTINGS = new WorkerSettings("registry/worker:1", 4242);
  private static final String HASH = "0123456789abcdef0123456789abcdef";

  private static KafkaLoad load(String example) {
    KafkaLoad load = Examples.load(Path.of(Examples.repoRoot().toString(), "examples", example));
    load.getMetadata().setNamespace("ns");
    load.getMetadata().setUid("uid-1");
    return load;
  }

  @ParameterizedTest(name = "{0} schedule={1} trigger={2} -> {3}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "Batch,NULL,NULL,Job",
        "Batch,@daily,NULL,CronJob",
        "Streaming,NULL,NULL,Deployment",
        "Streaming,NULL,ProcessingTime,Deployment",
        "Streaming,NULL,Continuous,Deployment",
        "Streaming,NULL,Once,Job",
      })
  void workloadKindFollowsModeScheduleAndTrigger(
      LoadMode mode, String schedule, TriggerType trigger, WorkloadKind kind) {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    load.getSpec().setMode(mode);
    load.getSpec().setSchedule(schedule);
    if (trigger != null) {
      TriggerSpec spec = new TriggerSpec();
      spec.setType(trigger);
      load.getSpec().setTrigger(spec);
    }
    assertThat(WorkloadKind.of(load.getSpec())).isEqualTo(kind);
  }

  @Test
  void cronJobForbidsConcurrentRunsAndKeepsHistory() {
    KafkaLoad load = load("kafkaload-batch-scheduled.yaml");
    var cronJob = CronJobRenderer.render(load, HASH, SETTINGS);
    var spec = cronJob.getSpec();
    assertThat(cronJob.getMetadata().getName()).isEqualTo("payments-hourly");
    assertThat(cronJob.getMetadata().getOwnerReferences()).singleElement();
    assertThat(spec.getSchedule()).isEqualTo("5 * * * *");
    assertThat(spec.getTimeZone()).isEqualTo("Europe/Paris");
    assertThat(spec.getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(spec.getSuspend()).isFalse();
    assertThat(spec.getSuccessfulJobsHistoryLimit()).isEqualTo(5);
    assertThat(spec.getFailedJobsHistoryLimit()).isEqualTo(2);
    assertThat(spec.getJobTemplate().getMetadata().getLabels())
        .containsEntry(WorkloadNames.LOAD_LABEL, "payments-hourly")
        .containsEntry("app.kubernetes.io/managed-by", "kafkaload-operator");
    assertThat(spec.getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(spec.getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy())
        .isEqualTo("Never");

    load.getSpec().setSuspend(true);
    load.getSpec().setSuccessfulJobsHistoryLimit(null);
    load.getSpec().setFailedJobsHistoryLimit(null);
    var suspended = CronJobRenderer.render(load, HASH, SETTINGS).getSpec();
    assertThat(suspended.getSuspend()).isTrue();
    assertThat(suspended.getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(suspended.getFailedJobsHistoryLimit()).isEqualTo(1);
  }

  @Test
  void aScheduledFilesSourceIsACronJobWhosePodsMountTheClaimReadOnly() {
    KafkaLoad load = load("kafkaload-parquet-to-topic.yaml");
    assertThat(WorkloadKind.of(load.getSpec())).isEqualTo(WorkloadKind.Job);
    load.getSpec().setRunRequest(null);
    load.getSpec().setSchedule("0 2 * * *");
    assertThat(WorkloadKind.of(load.getSpec())).isEqualTo(WorkloadKind.CronJob);

    var cronJob = CronJobRenderer.render(load, HASH, SETTINGS);
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    var pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
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
    // a Kafka sink spools chunks: the scratch folder, and a run id for the Job's retries
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).contains("scratch");
  }

  @Test
  void cronJobSpecHashFollowsTheSpec() {
    KafkaLoad load = load("kafkaload-batch-scheduled.yaml");
    String before =
        CronJobRenderer.render(load, HASH, SETTINGS)
            .getMetadata()
            .getAnnotations()
            .get(WorkloadNames.SPEC_HASH_ANNOTATION);
    assertThat(
            CronJobRenderer.render(load, HASH, SETTINGS)
                .getMetadata()
                .getAnnotations()
                .get(WorkloadNames.SPEC_HASH_ANNOTATION))
        .isEqualTo(before);
    load.getSpec().setSchedule("@daily");
    assertThat(
            CronJobRenderer.render(load, HASH, SETTINGS)
                .getMetadata()
                .getAnnotations()
                .get(WorkloadNames.SPEC_HASH_ANNOTATION))
        .isNotEqualTo(before);
  }

  @ParameterizedTest(name = "ttl {0} -> {1}")
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL,86400", "0,0", "600,600"})
  void jobsAreDeletedAfterTheirTtl(Integer ttl, int expected) {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    load.getSpec().setTtlSecondsAfterFinished(ttl);
    assertThat(JobRenderer.render(load, HASH, SETTINGS).getSpec().getTtlSecondsAfterFinished())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "replicas={0} store={1} suspend={2} -> {3} {4}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "NULL,Group,false,1,Recreate",
        "1,Group,false,1,Recreate",
        "3,Group,false,3,RollingUpdate",
        "3,Topic,false,3,RollingUpdate",
        "3,Group,true,0,RollingUpdate",
        "3,File,false,1,Recreate",
      })
  void replicasAndStrategy(
      Integer replicas, OffsetStoreType store, boolean suspend, int expected, String strategy) {
    KafkaLoad load = load("kafkaload-streaming-replicas.yaml");
    load.getSpec().setReplicas(replicas);
    load.getSpec().getOffsets().setStore(store);
    load.getSpec().setSuspend(suspend);
    var deployment = DeploymentRenderer.render(load, HASH, SETTINGS);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(expected);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo(strategy);
    if ("RollingUpdate".equals(strategy)) {
      // Never more workers than replicas.
      assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
          .isZero();
    }
  }

  @Test
  void workerPodSettingsComeFromTheSpec() {
    KafkaLoad load = load("kafkaload-batch-scheduled.yaml");
    var pod =
        CronJobRenderer.render(load, HASH, SETTINGS)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/kafkaload/worker:0.1.0");
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1Gi"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
    assertThat(pod.getServiceAccountName()).isEqualTo("kafkaload-worker");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
  }

  @Test
  void operatorDefaultImageWithoutSpecWorker() {
    var pod =
        JobRenderer.render(load("kafkaload-batch-parquet.yaml"), HASH, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry/worker:1");
    assertThat(pod.getContainers().get(0).getImagePullPolicy()).isNull();
    assertThat(pod.getServiceAccountName()).isNull();
  }

  @Test
  void operatorDefaultServiceAccountUnlessTheLoadNamesOne() {
    var settings = SETTINGS.withServiceAccount("kafkaload-worker");
    assertThat(
            JobRenderer.render(load("kafkaload-batch-parquet.yaml"), HASH, settings)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("kafkaload-worker");
    assertThat(
            CronJobRenderer.render(load("kafkaload-batch-scheduled.yaml"), HASH, settings)
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("kafkaload-worker");
  }

  @Test
  void secretsAreMountedReadOnlyUnderTheSecretsDir() {
    var settings = SETTINGS.withSecrets(List.of("kafka-ca", "kafka-credentials", "kafka-ca"));
    var pod =
        JobRenderer.render(load("kafkaload-batch-parquet.yaml"), HASH, settings)
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName() + ":" + v.getSecret().getDefaultMode())
        .containsExactly("kafka-ca:288", "kafka-credentials:288");
    List<VolumeMount> mounts =
        pod.getContainers().get(0).getVolumeMounts().stream()
            .filter(m -> m.getMountPath().startsWith(WorkloadNames.SECRETS_DIR))
            .toList();
    assertThat(mounts)
        .extracting(VolumeMount::getMountPath)
        .containsExactly(
            "/var/run/secrets/kafkaload/kafka-ca", "/var/run/secrets/kafkaload/kafka-credentials");
    assertThat(mounts).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(pod.getContainers().get(0).getEnv()).isNullOrEmpty();
  }

  /** Every workload of a table sink: Job, CronJob, Deployment, and Job of a trigger Once. */
  static Stream<Arguments> tableSinkWorkloads() {
    KafkaLoad postgresJob = load("kafkaload-postgres.yaml");
    postgresJob.getSpec().setSchedule(null);
    postgresJob.getSpec().setTimeZone(null);
    KafkaLoad icebergOnce = load("kafkaload-iceberg.yaml");
    TriggerSpec once = new TriggerSpec();
    once.setType(TriggerType.Once);
    icebergOnce.getSpec().setTrigger(once);
    return Stream.of(
        Arguments.of(
            "postgres Job",
            JobRenderer.render(postgresJob, HASH, SETTINGS).getSpec().getTemplate(),
            true),
        Arguments.of(
            "postgres CronJob",
            CronJobRenderer.render(load("kafkaload-postgres.yaml"), HASH, SETTINGS)
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate(),
            true),
        Arguments.of(
            "iceberg Deployment",
            DeploymentRenderer.render(load("kafkaload-iceberg.yaml"), HASH, SETTINGS)
                .getSpec()
                .getTemplate(),
            false),
        Arguments.of(
            "iceberg trigger Once Job",
            JobRenderer.render(icebergOnce, HASH, SETTINGS).getSpec().getTemplate(),
            true),
        Arguments.of(
            "kafka sink Deployment",
            DeploymentRenderer.render(load("kafkaload-topic-to-topic.yaml"), HASH, SETTINGS)
                .getSpec()
                .getTemplate(),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tableSinkWorkloads")
  void tableSinkPodsGetAScratchFolderAndJobsARunId(
      String name, PodTemplateSpec template, boolean job) {
    var pod = template.getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("scratch"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getEmptyDir()).isNotNull();
              assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Gi"));
            });
    var container = pod.getContainers().get(0);
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("scratch"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/var/lib/kafkaload/scratch");
              assertThat(m.getReadOnly()).isFalse();
            });
    List<EnvVar> env = container.getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("KAFKALOAD_SCRATCH_DIR"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("/var/lib/kafkaload/scratch"));
    var runId = env.stream().filter(e -> e.getName().equals("KAFKALOAD_RUN_ID")).toList();
    if (job) {
      // The job controller labels each pod of a Job with its name: retries share it.
      assertThat(runId)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getValue()).isNull();
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.labels['batch.kubernetes.io/job-name']");
              });
    } else {
      // Streaming writes Append only: no run to keep across restarts.
      assertThat(runId).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafkaload-batch-parquet.yaml",
        "kafkaload-batch-scheduled.yaml",
        "kafkaload-streaming-json.yaml",
        "kafkaload-batch-file-offsets.yaml"
      })
  void filesSinkPodsGetNoScratchFolderNorEnv(String example) {
    KafkaLoad load = load(example);
    PodTemplateSpec template =
        switch (WorkloadKind.of(load.getSpec())) {
          case Job -> JobRenderer.render(load, HASH, SETTINGS).getSpec().getTemplate();
          case CronJob ->
              CronJobRenderer.render(load, HASH, SETTINGS)
                  .getSpec()
                  .getJobTemplate()
                  .getSpec()
                  .getTemplate();
          case Deployment ->
              DeploymentRenderer.render(load, HASH, SETTINGS).getSpec().getTemplate();
        };
    assertThat(template.getSpec().getVolumes())
        .extracting(v -> v.getName())
        .doesNotContain("scratch");
    assertThat(template.getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
  }

  @Test
  void workersServeProbesAndMetricsOnANamedPort() {
    var deployment =
        DeploymentRenderer.render(load("kafkaload-streaming-json.yaml"), HASH, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(deployment.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("metrics");
              assertThat(p.getContainerPort()).isEqualTo(8080);
              assertThat(p.getHostPort()).isNull();
            });
    assertThat(deployment.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(deployment.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    var job =
        JobRenderer.render(load("kafkaload-batch-parquet.yaml"), HASH, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(job.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(job.getReadinessProbe()).isNull();
  }

  @Test
  void secretVolumeNamesAreValidLabels() {
    assertThat(WorkloadNames.secretVolume("kafka.ca")).isEqualTo("secret-kafka-ca");
    assertThat(WorkloadNames.secretVolume("x".repeat(200))).hasSize(63);
  }

  @ParameterizedTest(name = "{0} -> owned {1}")
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL,false", "Retain,false", "Delete,true"})
  void offsetsClaimIsOwnedOnlyWithRetentionDelete(RetentionPolicy policy, boolean owned) {
    KafkaLoad load = load("kafkaload-batch-file-offsets.yaml");
    OffsetsSpec offsets = load.getSpec().getOffsets();
    offsets.setRetentionPolicy(policy);
    var claim = OffsetsClaimRenderer.render(load);
    if (owned) {
      assertThat(claim.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo("uid-1"));
    } else {
      assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
  }
}
