package io.kafkaload.operator.api;

/** Whether the offsets volume outlives the KafkaLoad. */
public enum RetentionPolicy {
  /** Kept when the load is deleted (default). */
  Retain,
  /** Deleted with the load. */
  Delete
}
