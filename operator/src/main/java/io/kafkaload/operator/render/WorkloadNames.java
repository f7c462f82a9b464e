package io.kafkaload.operator.render;

import io.kafkaload.operator.api.KafkaLoad;

/** Names and labels of the objects the operator creates for a load. */
public final class WorkloadNames {

  /** ConfigMap key holding the worker config document. */
  public static final String CONFIG_KEY = "worker-config.json";

  /** Where the ConfigMap is mounted in the worker pod. */
  public static final String CONFIG_DIR = "/etc/kafkaload";

  /** Where the File offset store's volume is mounted. */
  public static final String OFFSETS_DIR = "/var/lib/kafkaload/offsets";

  /**
   * Where a table sink's worker spools and converts its chunks ({@code KAFKALOAD_SCRATCH_DIR}): an
   * emptyDir, the root filesystem being read-only.
   */
  public static final String SCRATCH_DIR = "/var/lib/kafkaload/scratch";

  /** Where referenced Secrets are mounted, one folder per Secret. */
  public static final String SECRETS_DIR = "/var/run/secrets/kafkaload";

  /** Label naming the load that owns an object; used to find its Jobs and pods. */
  public static final String LOAD_LABEL = "kafkaload.io/load";

  /**
   * Pod annotation carrying the run hash (Jobs) or restart hash (Deployments) of the worker config
   * ({@link ConfigHashes}), so a change that needs a restart rolls the pods.
   */
  public static final String CONFIG_HASH_ANNOTATION = "kafkaload.io/config-hash";

  /** Annotation on a Deployment with the hash of its rendered spec, to skip no-op updates. */
  public static final String SPEC_HASH_ANNOTATION = "kafkaload.io/spec-hash";

  /** Value of app.kubernetes.io/managed-by on every object the operator creates. */
  public static final String MANAGED_BY = "kafkaload-operator";

  /**
   * Longest load name: a Job is named {@code <load>-<8 hex>} and the job controller copies that
   * name into the {@code job-name} label, whose values are limited to 63 characters.
   */
  public static final int MAX_LOAD_NAME = 54;

  /**
   * Longest name of a scheduled load: its CronJob is named {@code <load>} and the CronJob
   * controller appends an 11-character suffix to each Job, within the 63 characters of a label.
   */
  public static final int MAX_CRONJOB_NAME = 52;

  private WorkloadNames() {}

  /** ConfigMap holding the worker config. */
  public static String configMap(KafkaLoad load) {
    return load.getMetadata().getName() + "-config";
  }

  /**
   * Job of one run: a new run hash ({@link ConfigHashes#run}) gives a new name, because Job
   * templates are immutable and two runs must not share a name.
   */
  public static String job(KafkaLoad load, String runHash) {
    return load.getMetadata().getName() + "-" + runHash.substring(0, 8);
  }

  /** Deployment of a streaming load. */
  public static String deployment(KafkaLoad load) {
    return load.getMetadata().getName();
  }

  /** CronJob of a scheduled Batch load. */
  public static String cronJob(KafkaLoad load) {
    return load.getMetadata().getName();
  }

  /** Pod volume of a mounted Secret; Secret names are DNS subdomains, volume names labels. */
  public static String secretVolume(String secret) {
    String name = "secret-" + secret.replace('.', '-');
    if (name.length() <= 63) {
      return name;
    }
    return name.substring(0, 54) + "-" + WorkerConfigRenderer.hash(secret).substring(0, 8);
  }

  /** PVC of the File offset store when the spec names none. */
  public static String offsetsClaim(KafkaLoad load) {
    return load.getMetadata().getName() + "-offsets";
  }
}
