package io.kafkaload.operator.api;

/** Where a load keeps its positions (the next offset to read per partition). */
public enum OffsetStoreType {
  /** A compacted Kafka topic. */
  Topic,
  /** A JSON file on a PersistentVolumeClaim. */
  File,
  /** The consumer group's committed offsets. */
  Group,
  /** In the table itself, committed with the rows (jdbc and iceberg sinks): exactly-once. */
  Sink
}
