package io.kafkaload.operator.render;

/**
 * What the operator's configuration contributes to a worker pod, kept as plain values so the render
 * functions stay pure.
 *
 * @param image the worker image
 * @param uid the numeric non-root user and group id of the worker process
 */
public record WorkerSettings(String image, long uid) {

  /** The image used when the operator is not configured otherwise. */
  public static final String DEFAULT_IMAGE = "ghcr.io/kafkaload/worker:0.1.0";

  /** Settings with the default image and uid, for tests and the contract. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(DEFAULT_IMAGE, 10001);
  }
}
