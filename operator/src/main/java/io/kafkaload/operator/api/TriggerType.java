package io.kafkaload.operator.api;

/** How a Streaming load commits its positions. */
public enum TriggerType {
  /** Every intervalSeconds. */
  ProcessingTime,
  /** As soon as each polled batch is written. */
  Continuous,
  /** Once what is there at start is read; runs as a Job. */
  Once
}
