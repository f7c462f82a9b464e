package io.kafkaload.worker.chunk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What a sealed chunk becomes, and how it is committed: the files of {@code sink.files}, or a table
 * that commits rows and positions together (PostgreSQL, Iceberg). The {@link ChunkEngine} owns
 * everything that is the same for every output: spooling, the writer threads, back-pressure and the
 * order of a partition's chunks; an output only says how one chunk is written and committed, and
 * what a run does before and after (write modes, merges, claims).
 */
public interface ChunkOutput extends AutoCloseable {

  /**
   * How the engine spools chunks for this output.
   *
   * @param oneSegment the spooled rows are the output file as they are (JSON lines): one segment
   * @param summarisesShapes column types are inferred: chunks summarise their rows' shapes
   * @param keepsOriginals rows may be rejected after they were accepted (the load's SQL fails on
   *     them, a table refuses them): chunks keep their records as they came
   */
  record Spooling(boolean oneSegment, boolean summarisesShapes, boolean keepsOriginals) {}

  Spooling spooling();

  /** Waits until the earlier chunks of the partition are published; throws if one failed. */
  interface Turn {
    void await() throws IOException;
  }

  /**
   * A published chunk: its result, and when the output groups the commits of several chunks
   * (Iceberg), the commit it was staged for (null: committed already).
   */
  record Published(ChunkResult result, CompletableFuture<Void> commit) {
    public static Published done(ChunkResult result) {
      return new Published(result, null);
    }
  }

  /**
   * Writes the chunk and commits it, on a writer thread. Conversions of several chunks may run at
   * once; {@code turn.await()} must return before anything of the chunk becomes visible (renamed,
   * committed), so the chunks of a partition are published in offset order. Returns once the chunk
   * is durable, or staged for a commit that {@link Published#commit} completes.
   */
  Published publish(SealedChunk chunk, Turn turn) throws IOException;

  /**
   * Removes what a run that did not commit left of the partition from {@code committedPosition} on.
   * The engine calls it once the partition's chunks still being written have ended.
   */
  default void recover(TopicPartition partition, long committedPosition) throws IOException {}

  /** See {@link RecordSink#claim}. */
  default void claim(boolean loadHasRun) throws IOException {}

  /** See {@link RecordSink#writtenUpTo}. */
  default Map<TopicPartition, Long> writtenUpTo(Collection<TopicPartition> partitions)
      throws IOException {
    return Map.of();
  }

  /** See {@link RecordSink#beginRun}. */
  default String beginRun(Map<TopicPartition, Long> starts) throws IOException {
    return null;
  }

  /** See {@link RecordSink#commitsAtEnd}. */
  default boolean commitsAtEnd() {
    return false;
  }

  /** See {@link RecordSink#finishRun}. */
  default List<Path> finishRun() throws IOException {
    return null;
  }

  /** See {@link RecordSink#stopUserCode}. */
  default void stopUserCode(String reason) {}

  /** Releases the output's resources, once no chunk is being published any more. */
  @Override
  void close() throws IOException;
}
