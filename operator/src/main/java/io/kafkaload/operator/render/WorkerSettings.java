package io.kafkaload.operator.render;

import java.util.List;

/**
 * What the operator contributes to a worker pod, kept as plain values so the render functions stay
 * pure: its configuration (default image, uid) and what it resolved from the load's connection.
 *
 * @param image the worker image used when the load's {@code spec.worker.image} is not set
 * @param uid the numeric non-root user and group id of the worker process
 * @param secrets names of the Secrets the connection refers to, each mounted read-only at {@code
 *     /var/run/secrets/kafkaload/<name>/}
 * @param serviceAccount the worker pods' service account when the load's {@code
 *     spec.worker.serviceAccountName} is not set; null: the namespace's default
 */
public record WorkerSettings(String image, long uid, List<String> secrets, String serviceAccount) {

  /** The image used when the operator is not configured otherwise. */
  public static final String DEFAULT_IMAGE = "ghcr.io/kafkaload/worker:0.1.0";

  public WorkerSettings {
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    serviceAccount = serviceAccount == null || serviceAccount.isBlank() ? null : serviceAccount;
  }

  /** Settings without Secrets nor default service account. */
  public WorkerSettings(String image, long uid) {
    this(image, uid, List.of(), null);
  }

  /** Settings with the default image and uid, for tests and the contract. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(DEFAULT_IMAGE, 10001);
  }

  /** A copy that mounts {@code secretNames}. */
  public WorkerSettings withSecrets(List<String> secretNames) {
    return new WorkerSettings(image, uid, secretNames, serviceAccount);
  }

  /** A copy whose pods run as {@code name} unless the load names its own service account. */
  public WorkerSettings withServiceAccount(String name) {
    return new WorkerSettings(image, uid, secrets, name);
  }
}
