package io.kafkaload.worker.chunk;

import io.kafkaload.worker.output.files.FolderOwner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  /**
   * Called by a bounded run once every partition is recovered, before anything is read, with the
   * run's start positions: the write mode's checks. Returns null to read, or why the run reads
   * nothing and succeeds ({@code writeMode: Ignore} and data already there); throws when the run
   * must fail ({@code ErrorIfExists}).
   */
  default String beginRun(Map<TopicPartition, Long> starts) throws IOException {
    return null;
  }

  /**
   * True when a bounded run may commit its positions only after {@link #finishRun} (the sink
   * replaces or merges files once the whole run is written).
   */
  default boolean commitsAtEnd() {
    return false;
  }

  /**
   * Called once every chunk of a bounded run is durable, before its positions are committed.
   * Returns the run's data files when they are not the chunks' own (merged), else null.
   */
  default List<Path> finishRun() throws IOException {
    return null;
  }

  /**
   * Called before the load's positions are planned, with whether the load has stored positions:
   * makes sure the output is this load's (see {@link FolderOwner}), or throws a {@link
   * io.kafkaload.worker.config.ConfigException} saying whose it is and how to adopt it.
   */
  default void claim(boolean loadHasRun) throws IOException {}

  /**
   * The sink's own record of the positions it holds data for, for partitions the offset store has
   * no position for: the next offset after what it wrote, or nothing when it cannot tell.
   */
  default Map<TopicPartition, Long> writtenUpTo(java.util.Collection<TopicPartition> partitions)
      throws IOException {
    return Map.of();
  }

  /**
   * Stops the load's own code running now (its SQL) and fails what would start later, with {@code
   * reason}: called on SIGTERM when the run did not end by itself in time, so it ends within the
   * pod's grace period. What was running is not committed. May be called from any thread.
   */
  default void stopUserCode(String reason) {}

  /** Waits for sealed chunks still being written, then releases resources. */
  @Override
  void close() throws IOException;
}
