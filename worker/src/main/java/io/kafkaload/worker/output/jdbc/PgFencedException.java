package io.kafkaload.worker.output.jdbc;

/**
 * The stored position of a partition is not where the chunk starts: another writer (a replacement
 * of this worker, or a second worker) committed past it. The chunk was not written. The worker that
 * gets this must stop writing the partition (it is a zombie) and re-read the positions.
 */
public final class PgFencedException extends JdbcSinkException {
  private final String topic;
  private final int partition;
  private final long stored;
  private final long chunkStart;

  public PgFencedException(String topic, int partition, long stored, long chunkStart) {
    super(
        "position of "
            + topic
            + "-"
            + partition
            + " in the sink is "
            + stored
            + ", the chunk starts at "
            + chunkStart
            + ": another writer committed this partition since it was read (a zombie or a"
            + " second worker); the chunk was not written. Fix: stop this writer and re-read the"
            + " positions (readOffsets) before writing the partition again");
    this.topic = topic;
    this.partition = partition;
    this.stored = stored;
    this.chunkStart = chunkStart;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  /** The next offset stored in the offsets table. */
  public long stored() {
    return stored;
  }

  /** The first offset of the refused chunk. */
  public long chunkStart() {
    return chunkStart;
  }
}
