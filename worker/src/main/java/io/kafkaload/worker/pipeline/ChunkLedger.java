package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.chunk.Chunk;
import io.kafkaload.worker.chunk.ChunkResult;
import io.kafkaload.worker.chunk.RecordSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps, per partition, the chunk being filled and the sealed chunks still being written, and tells
 * which positions are durable and may be committed. A position is committable only when every chunk
 * before it in that partition is durable, so a commit never runs ahead of the data.
 */
final class ChunkLedger {
  private final RecordSink sink;
  private final RunStats stats;
  private final Map<TopicPartition, Long> nextStart = new HashMap<>();
  private final Map<TopicPartition, Chunk> open = new HashMap<>();
  private final Map<TopicPartition, Deque<CompletableFuture<ChunkResult>>> sealed = new HashMap<>();
  private final List<Path> files = new ArrayList<>();
  private final List<Path> rejectedFiles = new ArrayList<>();
  // durable chunks whose positions are not committed yet, oldest first
  private final List<ChunkResult> uncommitted = new ArrayList<>();

  private final ErrorBudget budget;

  ChunkLedger(RecordSink sink, RunStats stats) {
    this(sink, stats, ErrorBudget.NONE);
  }

  ChunkLedger(RecordSink sink, RunStats stats, ErrorBudget budget) {
    this.sink = sink;
    this.stats = stats;
    this.budget = budget;
  }

  /** Starts tracking {@code tp} from {@code position}, after the sink recovered it. */
  void start(TopicPartition tp, long position) throws IOException {
    sink.recover(tp, position);
    nextStart.put(tp, position);
  }

  /** The chunk that receives the next records of {@code tp}, opened on first use. */
  Chunk chunk(TopicPartition tp) throws IOException {
    Chunk chunk = open.get(tp);
    if (chunk == null) {
      Long start = nextStart.get(tp);
      if (start == null) {
        throw new IllegalStateException("partition " + tp + " was not started");
      }
      chunk = sink.open(tp, start);
      open.put(tp, chunk);
    }
    return chunk;
  }

  /** Ends the open range of {@code tp} at {@code nextPosition} and hands it to the writers. */
  void seal(TopicPartition tp, long nextPosition) throws IOException {
    Long start = nextStart.get(tp);
    if (start == null || nextPosition <= start) {
      return;
    }
    Chunk chunk = chunk(tp);
    open.remove(tp);
    nextStart.put(tp, nextPosition);
    CompletableFuture<ChunkResult> done = chunk.seal(nextPosition);
    stats.timeChunk(done);
    sealed.computeIfAbsent(tp, k -> new ArrayDeque<>()).addLast(done);
  }

  /** Seals every open range of these partitions at the given positions. */
  void sealAll(Map<TopicPartition, Long> positions) throws IOException {
    for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
      seal(e.getKey(), e.getValue());
    }
  }

  /** Stops tracking {@code tp} (revoked): its open chunk must have been sealed before. */
  void forget(Collection<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      nextStart.remove(tp);
      open.remove(tp);
    }
  }

  /**
   * Positions made durable since the last call, without waiting. Throws when the run rejected more
   * records than its error budget allows: those positions must not be committed.
   */
  Map<TopicPartition, Long> completed() throws IOException {
    return collect(false);
  }

  /** Waits for every sealed chunk, then returns the positions made durable. */
  Map<TopicPartition, Long> awaitAll() throws IOException {
    return collect(true);
  }

  private Map<TopicPartition, Long> collect(boolean wait) throws IOException {
    Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, Deque<CompletableFuture<ChunkResult>>> e : sealed.entrySet()) {
      Deque<CompletableFuture<ChunkResult>> queue = e.getValue();
      while (!queue.isEmpty() && (wait || queue.peekFirst().isDone())) {
        ChunkResult result = join(queue.pollFirst());
        stats.written.addAndGet(result.written());
        stats.rejected.addAndGet(result.lateRejected());
        stats.filtered.addAndGet(result.filtered());
        files.addAll(result.files());
        rejectedFiles.addAll(result.rejectedFiles());
        uncommitted.add(result);
        positions.put(e.getKey(), result.nextPosition());
      }
    }
    if (!positions.isEmpty()) {
      budget.check(stats); // before anything of these chunks is committed
    }
    return positions;
  }

  /** Called once the offset store committed {@code positions}: their chunks are committed. */
  void committed(Map<TopicPartition, Long> positions) {
    uncommitted.removeIf(
        r ->
            positions.containsKey(r.partition())
                && r.nextPosition() <= positions.get(r.partition()));
  }

  /**
   * After a run that failed before committing some durable chunks (an exceeded error budget):
   * removes their data files, which the next run would remove anyway (they are past the committed
   * positions) and which must not be listed as the run's files. Their rejected records stay in
   * {@code _rejected/} for a look (the next run rewrites them). Returns the removed files.
   */
  List<Path> discardUncommitted() {
    List<Path> removed = new ArrayList<>();
    for (ChunkResult r : uncommitted) {
      for (Path file : r.files()) {
        try {
          java.nio.file.Files.deleteIfExists(file);
          removed.add(file);
        } catch (IOException e) {
          org.slf4j.LoggerFactory.getLogger(ChunkLedger.class)
              .warn("cannot remove the uncommitted file {}: {}", file, e.toString());
        }
      }
      files.removeAll(r.files());
    }
    uncommitted.clear();
    return removed;
  }

  private static ChunkResult join(CompletableFuture<ChunkResult> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for files to be written", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(cause.getMessage()), cause);
    }
  }

  /**
   * {@code stored} completed with the sink's own record (once the sink made sure its output is this
   * load's: {@link RecordSink#claim}) for the partitions the offset store has no position for (a
   * lost store, a renamed load): the load resumes after the data it wrote instead of writing it
   * again or removing it. Logged, since it means the store lost something.
   */
  Map<TopicPartition, Long> withSinkRecord(
      Map<TopicPartition, Long> stored, Collection<TopicPartition> partitions, String load)
      throws IOException {
    sink.claim(!stored.isEmpty());
    List<TopicPartition> missing =
        partitions.stream().filter(tp -> !stored.containsKey(tp)).toList();
    if (missing.isEmpty()) {
      return stored;
    }
    Map<TopicPartition, Long> written = sink.writtenUpTo(missing);
    if (written.isEmpty()) {
      return stored;
    }
    org.slf4j.LoggerFactory.getLogger(ChunkLedger.class)
        .warn(
            "{}: no stored position for {}, but the sink holds data up to {}: resuming there (the"
                + " sink's own record)",
            load,
            written.keySet(),
            written);
    Map<TopicPartition, Long> all = new HashMap<>(stored);
    all.putAll(written);
    return all;
  }

  /** See {@link RecordSink#beginRun}. */
  String beginRun(Map<TopicPartition, Long> starts) throws IOException {
    return sink.beginRun(starts);
  }

  boolean commitsAtEnd() {
    return sink.commitsAtEnd();
  }

  /** See {@link RecordSink#finishRun}: the run's files become the merged ones, if any. */
  void finishRun() throws IOException {
    List<Path> merged = sink.finishRun();
    if (merged != null) {
      files.clear();
      files.addAll(merged);
    }
  }

  /** The run's counters, for the hooks of the runs that drive this ledger. */
  RunStats stats() {
    return stats;
  }

  List<Path> files() {
    return files;
  }

  List<Path> rejectedFiles() {
    return rejectedFiles;
  }
}
