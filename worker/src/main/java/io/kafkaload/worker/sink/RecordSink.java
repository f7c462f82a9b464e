package io.kafkaload.worker.sink;

import java.io.IOException;
import org.apache.kafka.common.TopicPartition;

/**
 * Where accepted rows and rejected records of a load go. Output is cut into {@link Chunk}s: a chunk
 * covers one contiguous range of positions of one partition, and its files are named from that
 * range, so a run that repeats a range rewrites the same names.
 */
public interface RecordSink extends AutoCloseable {

  /**
   * Called before a partition is read from {@code committedPosition}: removes what a run that did
   * not commit left behind for that partition (chunks starting at or after the position, temp
   * files), so re-reading the range never writes a row twice.
   */
  void recover(TopicPartition partition, long committedPosition) throws IOException;

  /** Opens the chunk that starts at {@code startPosition} (the next offset to read). */
  Chunk open(TopicPartition partition, long startPosition) throws IOException;

  /** Waits for sealed chunks still being written, then releases resources. */
  @Override
  void close() throws IOException;
}
