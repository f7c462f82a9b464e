package io.kafkaload.operator.api;

/** How a load runs. Constants are CamelCase because they are the API's wire values. */
public enum LoadMode {
  /** A Job that loads up to the end offsets seen at its start, then exits. */
  Batch,
  /** A Deployment that loads until it is stopped. */
  Streaming
}
