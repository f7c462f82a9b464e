package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.FilesSource;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.WorkerPodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker pod, shared by Jobs and Deployments. It meets Pod Security {@code restricted} with a
 * read-only root filesystem: everything the worker writes goes to a mounted volume.
 */
public final class PodTemplateRenderer {

  /** Name of the worker container. */
  public static final String CONTAINER = "worker";

  /** Where the container's run report goes; the operator reads it back from the pod status. */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  /** Port of the worker's /healthz, /readyz and /metrics (the worker's --metrics-port default). */
  public static final int METRICS_PORT = 8080;

  /** Name of that port: the chart's worker PodMonitor scrapes it. */
  public static final String METRICS_PORT_NAME = "metrics";

  /** Env naming the table sinks' scratch folder, read by the worker. */
  public static final String SCRATCH_DIR_ENV = "KAFKALOAD_SCRATCH_DIR";

  /**
   * Size limit of the table sinks' scratch emptyDir: chunks are spooled there before a commit (at
   * most {@code flush.maxBytes}, 256 MiB by default, per open chunk). The kubelet evicts a pod
   * whose emptyDir grows past its limit, rather than letting it fill the node's disk.
   */
  public static final String SCRATCH_SIZE_LIMIT = "10Gi";

  /** Env carrying the run's id, stable across restarts of the run's pods; read by the worker. */
  public static final String RUN_ID_ENV = "KAFKALOAD_RUN_ID";

  /**
   * Label the job controller puts on every pod of a Job (Kubernetes 1.27+), with the Job's name:
   * the same for each retry of one run, new for each run (a new spec, a new runRequest, a new
   * scheduled time).
   */
  public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  /** Secret files: readable by the owner and the pod's fsGroup, never by others (0440). */
  static final int SECRET_FILE_MODE = 0440;

  private PodTemplateRenderer() {}

  /**
   * The pod template of a load.
   *
   * @param restartPolicy Never for Jobs (a failed run is reported, not retried in place), Always
   *     for Deployments
   */
  public static PodTemplateSpec render(
      KafkaLoad load, String configHash, WorkerSettings settings, String restartPolicy) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(WorkloadNames.configMap(load))
            .endConfigMap()
            .build());
    mounts.add(mount("config", WorkloadNames.CONFIG_DIR, true));
    // The root filesystem is read-only; the JVM and DuckDB need a writable scratch folder.
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    mounts.add(mount("tmp", "/tmp", false));
    FilesSink files = load.getSpec().getSink() == null ? null : load.getSpec().getSink().getFiles();
    if (files != null) {
      volumes.add(claimOrEmptyDir("data", files.getClaimName()));
      mounts.add(mount("data", SinkFilePaths.folder(files.getPath()), false));
    }
    FilesSource source =
        load.getSpec().getSource() == null ? null : load.getSpec().getSource().getFiles();
    if (source != null && source.getClaimName() != null && source.getPath() != null) {
      // The files to send: read-only, at the folder the worker names them relative to.
      volumes.add(claimOrEmptyDir("source", source.getClaimName()));
      mounts.add(mount("source", SourceFilePaths.baseFolder(source.getPath()), true));
    }
    if (LoadDefaults.offsetStore(load.getSpec()) == OffsetStoreType.File) {
      volumes.add(claimOrEmptyDir("offsets", LoadDefaults.offsetsClaimName(load)));
      mounts.add(mount("offsets", WorkloadNames.OFFSETS_DIR, false));
    }
    List<EnvVar> env = new ArrayList<>();
    if (LoadDefaults.tableSink(load.getSpec()) || LoadDefaults.kafkaSink(load.getSpec())) {
      // A table or Kafka sink spools and converts each chunk on local disk before it commits.
      volumes.add(
          new VolumeBuilder()
              .withName("scratch")
              .withNewEmptyDir()
              .withSizeLimit(new Quantity(SCRATCH_SIZE_LIMIT))
              .endEmptyDir()
              .build());
      mounts.add(mount("scratch", WorkloadNames.SCRATCH_DIR, false));
      env.add(
          new EnvVarBuilder()
              .withName(SCRATCH_DIR_ENV)
              .withValue(WorkloadNames.SCRATCH_DIR)
              .build());
      if ("Never".equals(restartPolicy)) {
        // A Job's pods (plain or from a CronJob): the run is the Job, so a retried pod continues
        // the run (an Iceberg Overwrite replaces the table once per run, not once per pod).
        // Streaming Deployments write Append only: they need no run id.
        env.add(
            new EnvVarBuilder()
                .withName(RUN_ID_ENV)
                .withNewValueFrom()
                .withNewFieldRef()
                .withApiVersion("v1")
                .withFieldPath("metadata.labels['" + JOB_NAME_LABEL + "']")
                .endFieldRef()
                .endValueFrom()
                .build());
      }
    }
    // Credentials reach the worker only as files: one read-only Secret volume per Secret.
    for (String secret : secretNames(load, settings)) {
      String volume = WorkloadNames.secretVolume(secret);
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewSecret()
              .withSecretName(secret)
              .withDefaultMode(SECRET_FILE_MODE)
              .endSecret()
              .build());
      mounts.add(mount(volume, WorkloadNames.SECRETS_DIR + "/" + secret, true));
    }
    WorkerPodSpec worker =
        load.getSpec().getWorker() == null ? new WorkerPodSpec() : load.getSpec().getWorker();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Ownership.labels(load))
        .withAnnotations(Map.of(WorkloadNames.CONFIG_HASH_ANNOTATION, configHash))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .withServiceAccountName(
            worker.getServiceAccountName() == null
                ? settings.serviceAccount()
                : worker.getServiceAccountName())
        .withNodeSelector(worker.getNodeSelector())
        .withTolerations(worker.getTolerations())
        // The worker never calls the Kubernetes API: no token in the pod.
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(settings.uid())
                .withRunAsGroup(settings.uid())
                // Lets the non-root worker write to freshly provisioned volumes.
                .withFsGroup(settings.uid())
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withContainers(container(settings, worker, mounts, env, "Always".equals(restartPolicy)))
        .withVolumes(volumes)
        .endSpec()
        .build();
  }

  /**
   * The connection's Secrets and the load's own (the schema's salt, the JDBC sink's connection, the
   * Iceberg catalog's credentials), each mounted once.
   */
  static List<String> secretNames(KafkaLoad load, WorkerSettings settings) {
    List<String> names = new ArrayList<>(settings.secrets());
    var schema = load.getSpec().getSchema();
    if (schema != null && schema.getSalt() != null) {
      addName(names, schema.getSalt().getName());
    }
    var sink = load.getSpec().getSink();
    if (sink != null && sink.getJdbc() != null && sink.getJdbc().getSecretRef() != null) {
      addName(names, sink.getJdbc().getSecretRef().getName());
    }
    if (sink != null
        && sink.getIceberg() != null
        && sink.getIceberg().getCatalog() != null
        && sink.getIceberg().getCatalog().getSecretRef() != null) {
      addName(names, sink.getIceberg().getCatalog().getSecretRef().getName());
    }
    return names.stream().distinct().sorted().toList();
  }

  private static void addName(List<String> names, String name) {
    if (name != null && !name.isBlank()) {
      names.add(name);
    }
  }

  private static Container container(
      WorkerSettings settings,
      WorkerPodSpec worker,
      List<VolumeMount> mounts,
      List<EnvVar> env,
      boolean longRunning) {
    String image =
        worker.getImage() == null || worker.getImage().isBlank()
            ? settings.image()
            : worker.getImage();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image)
        .withImagePullPolicy(worker.getImagePullPolicy())
        .withResources(worker.getResources())
        .withArgs("run", "-f", WorkloadNames.CONFIG_DIR + "/" + WorkloadNames.CONFIG_KEY)
        .withEnv(env)
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("File")
        .withSecurityContext(
            new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(settings.uid())
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withVolumeMounts(mounts)
        // The worker serves /healthz, /readyz and /metrics (read-only) on this port in a pod.
        .withPorts(
            new ContainerPortBuilder()
                .withName(METRICS_PORT_NAME)
                .withContainerPort(METRICS_PORT)
                .withProtocol("TCP")
                .build())
        .withLivenessProbe(probe("/healthz", 30, 20, 3))
        // Readiness matters for Streaming only: it gives the Deployment's ready replicas, which
        // the load's Ready condition counts. /readyz answers once the run reads.
        .withReadinessProbe(longRunning ? probe("/readyz", 5, 10, 3) : null)
        .build();
  }

  private static Probe probe(String path, int initialDelay, int period, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(METRICS_PORT_NAME))
        .endHttpGet()
        .withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period)
        .withFailureThreshold(failures)
        .build();
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly)
        .build();
  }

  private static Volume claimOrEmptyDir(String name, String claimName) {
    if (claimName == null) {
      return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }
    return new VolumeBuilder()
        .withName(name)
        .withNewPersistentVolumeClaim()
        .withClaimName(claimName)
        .endPersistentVolumeClaim()
        .build();
  }
}
