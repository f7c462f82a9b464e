package io.kafkaload.worker.output.iceberg;

/**
 * A commit refused because the table's offsets for a partition already moved past the start of this
 * writer's chunk: another writer (a zombie, or the replacement of this one) committed those
 * records. The writer must stop and re-read its positions ({@link IcebergCommitter#readOffsets()});
 * its data files were deleted.
 */
public final class IcebergFencedException extends RuntimeException {
  private final String topic;
  private final int partition;
  private final long committed;
  private final long start;

  IcebergFencedException(String load, String topic, int partition, long committed, long start) {
    super(
        "load "
            + load
            + ": the Iceberg table already holds "
            + topic
            + "-"
            + partition
            + " up to offset "
            + committed
            + " but this chunk starts at "
            + start
            + "; another writer committed these records, this one is fenced");
    this.topic = topic;
    this.partition = partition;
    this.committed = committed;
    this.start = start;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  /** The next offset the table holds for the partition. */
  public long committed() {
    return committed;
  }

  /** The chunk's start offset. */
  public long start() {
    return start;
  }
}
