package io.kafkaload.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kafkaload.operator.api.FileOffsets;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RendererTest {

  private static final WorkerSettings SETTINGS = new WorkerSettings("registry/worker:1", 4242);

  private static KafkaLoad load(String example) {
    KafkaLoad load = Examples.load(Path.of(Examples.repoRoot().toString(), "examples", example));
    load.getMetadata().setNamespace("ns");
    load.getMetadata().setUid("uid-1");
    return load;
  }

  private static KafkaConnection connection() {
    return Examples.connection(
        Path.of(Examples.repoRoot().toString(), "examples", "kafkaload-batch-parquet.yaml"));
  }

  private static String hash(KafkaLoad load) {
    return WorkerConfigRenderer.hash(
        WorkerConfigRenderer.toJson(WorkerConfigRenderer.render(load, connection(), "default")));
  }

  @Test
  void jobIsNamedAfterTheConfigHashWhichFollowsTheSpec() {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    String first = hash(load);
    assertThat(hash(load)).isEqualTo(first);
    assertThat(JobRenderer.render(load, first, SETTINGS).getMetadata().getName())
        .isEqualTo("events-to-parquet-" + first.substring(0, 8));

    load.getSpec().getSource().getKafka().getTopics().add("more");
    assertThat(hash(load)).isNotEqualTo(first);
  }

  @Test
  void renderedConfigUsesTheLoadsNamespace() {
    var document =
        WorkerConfigRenderer.render(load("kafkaload-batch-parquet.yaml"), connection(), "default");
    assertThat(document.at("/load/namespace").asText()).isEqualTo("ns");
  }

  @Test
  void jobRunsOnceWithTheConfiguredImage() {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    var job = JobRenderer.render(load, hash(load), SETTINGS);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry/worker:1");
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(4242L);
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo("uid-1"));
    assertThat(job.getMetadata().getLabels())
        .containsEntry("kafkaload.io/load", "events-to-parquet");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // example, data volume source, offsets volume (none = no File store)
    "kafkaload-batch-parquet.yaml, emptyDir, none",
    "kafkaload-batch-file-offsets.yaml, claim:orders-data, claim:orders-to-parquet-offsets",
    "kafkaload-streaming-json.yaml, claim:clicks-data, none",
  })
  void mountsTheSinkAndOffsetVolumes(String example, String data, String offsets) {
    KafkaLoad load = load(example);
    var pod = JobRenderer.render(load, hash(load), SETTINGS).getSpec().getTemplate().getSpec();
    Map<String, String> mounts =
        pod.getContainers().get(0).getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    Map<String, Volume> volumes =
        pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));

    assertThat(mounts).containsEntry("config", "/etc/kafkaload").containsEntry("tmp", "/tmp");
    assertThat(volumes.get("config").getConfigMap().getName())
        .isEqualTo(load.getMetadata().getName() + "-config");
    assertThat(mounts.get("data")).isEqualTo(load.getSpec().getSink().getFiles().getPath());
    assertThat(source(volumes.get("data"))).isEqualTo(data);
    if ("none".equals(offsets)) {
      assertThat(volumes).doesNotContainKey("offsets");
    } else {
      assertThat(mounts).containsEntry("offsets", "/var/lib/kafkaload/offsets");
      assertThat(source(volumes.get("offsets"))).isEqualTo(offsets);
    }
  }

  @Test
  void aFilePathMountsItsFolder() {
    KafkaLoad load = load("kafkaload-offload-csv.yaml");
    var pod = JobRenderer.render(load, hash(load), SETTINGS).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("data"))
        .extracting(VolumeMount::getMountPath)
        .containsExactly("/var/lib/kafkaload/data/payments-csv");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("data"))
        .extracting(RendererTest::source)
        .containsExactly("claim:payments-offload");
  }

  @Test
  void aFilesSourceClaimIsMountedReadOnlyAtItsBaseFolder() {
    KafkaLoad load = load("kafkaload-parquet-to-topic.yaml");
    var job = JobRenderer.render(load, hash(load), SETTINGS);
    var pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("source"))
        .extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
        .containsExactly("/data/events:true");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("source"))
        .extracting(RendererTest::source)
        .containsExactly("claim:events-pvc");
    // no files sink: nothing else is mounted for data
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("data");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // path, where its claim is mounted (the base folder)
    "/data/events/*.parquet, /data/events",
    "/data/events/dt=*/part-?.csv.gz, /data/events",
    "/data/events/**, /data/events",
    "/data/events/one.jsonl, /data/events",
    "/data/events/, /data/events",
  })
  void aGlobOrFileMountsTheFolderBeforeIt(String path, String mountPath) {
    KafkaLoad load = load("kafkaload-parquet-to-topic.yaml");
    load.getSpec().getSource().getFiles().setPath(path);
    var pod = JobRenderer.render(load, hash(load), SETTINGS).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("source"))
        .extracting(VolumeMount::getMountPath)
        .containsExactly(mountPath);
  }

  @Test
  void aFilesSourceWithoutClaimMountsNothing() {
    KafkaLoad load = load("kafkaload-parquet-to-topic.yaml");
    load.getSpec().getSource().getFiles().setClaimName(null);
    var pod = JobRenderer.render(load, hash(load), SETTINGS).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("source");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .doesNotContain("/data/events");
  }

  @Test
  void theSaltSecretIsMountedBesideTheConnectionsSecrets() {
    KafkaLoad load = load("kafkaload-validated.yaml");
    WorkerSettings settings = SETTINGS.withSecrets(List.of("sasl-creds", "orders-salt"));
    var pod = JobRenderer.render(load, hash(load), settings).getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName() + ":" + v.getSecret().getDefaultMode())
        .containsExactly("orders-salt:288", "sasl-creds:288");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith("/var/run/secrets/kafkaload/"))
        .extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
        .containsExactly(
            "/var/run/secrets/kafkaload/orders-salt:true",
            "/var/run/secrets/kafkaload/sasl-creds:true");
    assertThat(pod.getContainers().get(0).getEnv()).isNullOrEmpty();
    assertThat(pod.getContainers().get(0).getArgs()).noneMatch(a -> a.contains("salt"));
  }

  @Test
  void namedOffsetsClaimIsUsedAndNotCreated() {
    KafkaLoad load = load("kafkaload-batch-file-offsets.yaml");
    load.getSpec().getOffsets().getFile().setClaimName("shared-offsets");
    assertThat(LoadDefaults.offsetsClaimName(load)).isEqualTo("shared-offsets");
    assertThat(LoadDefaults.operatorOwnsOffsetsClaim(load)).isFalse();
    assertThat(LoadDefaults.operatorOwnsOffsetsClaim(load("kafkaload-batch-file-offsets.yaml")))
        .isTrue();
    assertThat(LoadDefaults.operatorOwnsOffsetsClaim(load("kafkaload-batch-parquet.yaml")))
        .isFalse();
  }

  @Test
  void offsetsClaimIsRetainedAndSized() {
    KafkaLoad load = load("kafkaload-batch-file-offsets.yaml");
    var claim = OffsetsClaimRenderer.render(load);
    assertThat(claim.getMetadata().getName()).isEqualTo("orders-to-parquet-offsets");
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("2Gi");

    OffsetsSpec offsets = new OffsetsSpec();
    offsets.setStore(OffsetStoreType.File);
    offsets.setFile(new FileOffsets());
    load.getSpec().setOffsets(offsets);
    assertThat(
            OffsetsClaimRenderer.render(load)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("1Gi");
  }

  @ParameterizedTest(name = "suspend={0} -> replicas {1}")
  @CsvSource({"false,1", "true,0"})
  void deploymentReplicasFollowSuspend(boolean suspend, int replicas) {
    KafkaLoad load = load("kafkaload-streaming-json.yaml");
    load.getSpec().setSuspend(suspend);
    var deployment = DeploymentRenderer.render(load, hash(load), SETTINGS);
    assertThat(deployment.getMetadata().getName()).isEqualTo("clicks-to-jsonl");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(replicas);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Ownership.selector(load));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(Ownership.selector(load));
  }

  @Test
  void configChangeRollsTheDeployment() {
    KafkaLoad load = load("kafkaload-streaming-json.yaml");
    var before = DeploymentRenderer.render(load, hash(load), SETTINGS);
    load.getSpec().getSink().getFlush().setIntervalSeconds(5);
    var after = DeploymentRenderer.render(load, hash(load), SETTINGS);
    String annotation = WorkloadNames.CONFIG_HASH_ANNOTATION;
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations().get(annotation))
        .isNotEqualTo(
            before.getSpec().getTemplate().getMetadata().getAnnotations().get(annotation));
    assertThat(after.getMetadata().getAnnotations().get(WorkloadNames.SPEC_HASH_ANNOTATION))
        .isNotEqualTo(
            before.getMetadata().getAnnotations().get(WorkloadNames.SPEC_HASH_ANNOTATION));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"Batch,Topic", "Streaming,Group"})
  void offsetStoreDefaultsByMode(LoadMode mode, OffsetStoreType store) {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    load.getSpec().setOffsets(null);
    load.getSpec().setMode(mode);
    assertThat(LoadDefaults.offsetStore(load.getSpec())).isEqualTo(store);
  }

  @ParameterizedTest(name = "{0} {1} -> Sink")
  @CsvSource({
    "kafkaload-postgres.yaml,Batch",
    "kafkaload-postgres.yaml,Streaming",
    "kafkaload-iceberg.yaml,Batch",
    "kafkaload-iceberg.yaml,Streaming"
  })
  void tableSinksDefaultToTheSinkStore(String example, LoadMode mode) {
    KafkaLoad load = load(example);
    load.getSpec().setOffsets(null);
    load.getSpec().setMode(mode);
    assertThat(LoadDefaults.offsetStore(load.getSpec())).isEqualTo(OffsetStoreType.Sink);
  }

  @Test
  void configMapCarriesTheDocument() {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    var configMap = ConfigMapRenderer.render(load, "{}\n");
    assertThat(configMap.getMetadata().getName()).isEqualTo("events-to-parquet-config");
    assertThat(configMap.getData()).containsExactly(Map.entry("worker-config.json", "{}\n"));
  }

  private static String source(Volume volume) {
    if (volume.getPersistentVolumeClaim() != null) {
      return "claim:" + volume.getPersistentVolumeClaim().getClaimName();
    }
    return volume.getEmptyDir() != null ? "emptyDir" : "other";
  }
}
