package io.kafkaload.worker.sink;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code sink.files} sink: Parquet or JSON lines files in one folder, named from topic,
 * partition and offset range ({@link FileNames}), rejected records in {@code _rejected/} beside
 * them, each made durable by fsync and atomic rename ({@link DurableFiles}).
 *
 * <p>Threads: one consumer thread opens, fills and seals chunks; {@code writerThreads} writer
 * threads take sealed chunks in the order they were sealed and convert them in parallel (each with
 * its own DuckDB connection), but a chunk is renamed to its final name only once the earlier chunks
 * of its partition are, so the chunks of a partition complete in order, and a chunk never completes
 * after an earlier chunk of its partition failed. At most {@code maxChunksInFlight} sealed chunks
 * wait or convert: {@link Chunk#seal} blocks the consumer beyond that, which bounds scratch space
 * and lets the consumer read while DuckDB writes.
 *
 * <p>Scratch space (spooled rows, files before their rename, DuckDB's spill files) lives in {@link
 * ScratchDir} under the sink path: writable in a pod with a read-only root, same file system as the
 * final files.
 */
public final class FilesSink implements RecordSink {

  /**
   * Knobs with sensible defaults for a worker with ~512 MB of heap on 2 cores. DuckDB's memory is
   * off-heap and spills to the scratch folder beyond its limit. DuckDB gets one thread less than
   * there are cores: the consumer thread decodes and spools on the other one while DuckDB writes
   * (on 2 cores, 1 DuckDB thread used 10-15% less CPU per record than 2, at the same or a better
   * rate). There are as many writer threads as cores, each converting its own chunk: when several
   * chunks are sealed at once (the end of a bounded run, a flush of several partitions) they are
   * converted in parallel, without the overhead of splitting one conversion across threads. Parquet
   * is zstd-compressed at level 1 ({@link ParquetConverter}): about the CPU of snappy, for files
   * 45% smaller.
   */
  public record Tuning(
      int duckdbThreads,
      String duckdbMemoryLimit,
      int maxChunksInFlight,
      long segmentBytes,
      String compression,
      int writerThreads) {

    public Tuning {
      if (duckdbThreads < 1 || maxChunksInFlight < 1 || segmentBytes < 1 || writerThreads < 1) {
        throw new IllegalArgumentException(
            "threads, chunks in flight and segment size must be >= 1");
      }
      if (!Set.of("zstd", "snappy", "lz4_raw", "gzip", "uncompressed").contains(compression)) {
        throw new IllegalArgumentException("unknown Parquet compression " + compression);
      }
      if (!duckdbMemoryLimit.matches("\\d+(\\.\\d+)?\\s*[KMGT]i?B")) {
        throw new IllegalArgumentException("bad DuckDB memory limit " + duckdbMemoryLimit);
      }
    }

    /** One writer thread. */
    public Tuning(
        int duckdbThreads,
        String duckdbMemoryLimit,
        int maxChunksInFlight,
        long segmentBytes,
        String compression) {
      this(duckdbThreads, duckdbMemoryLimit, maxChunksInFlight, segmentBytes, compression, 1);
    }

    public static Tuning defaults() {
      int cores = Runtime.getRuntime().availableProcessors();
      int threads = Math.max(1, cores - 1);
      int writers = Math.max(1, cores);
      return new Tuning(threads, "256MB", Math.max(2, writers), 64L << 20, "zstd", writers);
    }
  }

  private static final CompletableFuture<ChunkResult> DONE =
      CompletableFuture.completedFuture(null);

  private final Path root;
  private final RowsPlan plan;
  private final Tuning tuning;
  private final ScratchDir scratch;
  private final RowsConverter converter;
  private final ChunkWriter.RejectedDestination rejectedDestination;
  private final Publisher publisher;
  private final PartitionFiles partitionFiles;
  private final ExecutorService writers;
  private final Semaphore inFlight;
  private final Map<TopicPartition, CompletableFuture<ChunkResult>> tails =
      new ConcurrentHashMap<>();
  private final Set<FilesChunk> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong chunkIds = new AtomicLong();
  private volatile boolean closed;

  /** A sink for the spec, with default tuning. */
  public static FilesSink open(LoadSpec.FilesSink spec) throws IOException {
    return new FilesSink(Path.of(spec.path()), spec.formatOrDefault(), Tuning.defaults());
  }

  /**
   * A sink for the spec that writes rows as {@code plan} says, rejected records to {@code
   * rejectedDestination} (null: {@code _rejected/}), with default tuning.
   */
  public static FilesSink open(
      LoadSpec.FilesSink spec, RowsPlan plan, ChunkWriter.RejectedDestination rejectedDestination)
      throws IOException {
    return new FilesSink(
        Path.of(spec.path()),
        plan,
        Tuning.defaults(),
        rejectedDestination,
        UnaryOperator.identity());
  }

  public FilesSink(Path path, FileFormat format, Tuning tuning) throws IOException {
    this(path, format, tuning, UnaryOperator.identity());
  }

  public FilesSink(Path path, RowsPlan plan, Tuning tuning) throws IOException {
    this(path, plan, tuning, null, UnaryOperator.identity());
  }

  /**
   * Publishes a sealed chunk on a writer thread, calling {@code turn} before its files become
   * visible (a seam for tests that delay or fail it).
   */
  interface Publisher {
    ChunkResult publish(ChunkWriter.Sealed chunk, ChunkWriter.Turn turn) throws IOException;
  }

  FilesSink(Path path, FileFormat format, Tuning tuning, UnaryOperator<Publisher> decorate)
      throws IOException {
    this(path, plainPlan(format, tuning), tuning, null, decorate);
  }

  /** Rows stored as they come, Parquet compressed as the tuning says. */
  private static RowsPlan plainPlan(FileFormat format, Tuning tuning) {
    if (format != FileFormat.Parquet) {
      return RowsPlan.plain(format);
    }
    LoadSpec.Compression compression =
        switch (tuning.compression()) {
          case "zstd" -> LoadSpec.Compression.Zstd;
          case "snappy" -> LoadSpec.Compression.Snappy;
          case "lz4_raw" -> LoadSpec.Compression.Lz4;
          case "gzip" -> LoadSpec.Compression.Gzip;
          default -> LoadSpec.Compression.None;
        };
    return RowsPlan.plain(format, compression);
  }

  FilesSink(
      Path path,
      RowsPlan plan,
      Tuning tuning,
      ChunkWriter.RejectedDestination rejectedDestination,
      UnaryOperator<Publisher> decorate)
      throws IOException {
    Files.createDirectories(path);
    this.root = path.toRealPath();
    this.plan = plan;
    this.tuning = tuning;
    this.rejectedDestination = rejectedDestination;
    this.scratch = ScratchDir.create(root);
    try {
      this.converter =
          plan.spoolIsFile()
              ? null
              : new RowsConverter(
                  LockedDownDuckDb.open(
                      scratch.path(), tuning.duckdbThreads(), tuning.duckdbMemoryLimit()),
                  plan,
                  tuning.duckdbThreads());
    } catch (SQLException e) {
      scratch.close();
      throw new IOException(
          "cannot start DuckDB for the files sink: " + DuckDbErrors.summary(e), e);
    }
    this.publisher =
        decorate.apply(
            new ChunkWriter(root, scratch.path(), plan, converter, rejectedDestination)::publish);
    this.partitionFiles = new PartitionFiles(root, !plan.partitionBy().isEmpty());
    this.inFlight = new Semaphore(tuning.maxChunksInFlight());
    AtomicLong writerIds = new AtomicLong();
    // FIFO: a chunk is taken only after every chunk sealed before it, so waiting for the turn of
    // an earlier chunk of its partition never waits for a chunk that no thread has taken
    this.writers =
        Executors.newFixedThreadPool(
            tuning.writerThreads(),
            r -> {
              Thread t = new Thread(r, "kafkaload-files-writer-" + writerIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void recover(TopicPartition partition, long committedPosition) throws IOException {
    // A chunk of this partition may still be written: let it finish before deleting anything.
    tails.getOrDefault(partition, DONE).exceptionally(e -> null).join();
    partitionFiles.removeUncommitted(partition, committedPosition);
    // The partition starts over from the committed position: earlier failures no longer apply.
    tails.remove(partition);
  }

  @Override
  public Chunk open(TopicPartition partition, long startPosition) {
    if (closed) {
      throw new IllegalStateException("the files sink is closed");
    }
    String stem =
        FileNames.prefix(partition)
            + FileNames.pad(startPosition)
            + "."
            + chunkIds.incrementAndGet();
    FilesChunk chunk = new FilesChunk(this, partition, startPosition, stem);
    open.add(chunk);
    return chunk;
  }

  Path scratch() {
    return scratch.path();
  }

  RowSpool newSpool(String stem) {
    // JSON lines are published as spooled, so they stay in one segment.
    long segment = plan.spoolIsFile() ? Long.MAX_VALUE : tuning.segmentBytes();
    return new RowSpool(scratch.path(), stem, segment, 64 * 1024);
  }

  /**
   * Chunks whose column types are inferred summarise their rows' shapes (see {@link RowShapes}).
   */
  boolean summarisesShapes() {
    return !plan.spoolIsFile() && !plan.typesKnown();
  }

  /** Loads that run SQL keep their records as they came, to reject them if the SQL fails. */
  boolean keepsOriginals() {
    return plan.runsSql();
  }

  RowsPlan plan() {
    return plan;
  }

  void forget(FilesChunk chunk) {
    open.remove(chunk);
  }

  /** Queues a sealed chunk for the writer thread; blocks while too many are in flight. */
  CompletableFuture<ChunkResult> submit(ChunkWriter.Sealed chunk) {
    TopicPartition tp = chunk.partition();
    CompletableFuture<ChunkResult> previous = tails.getOrDefault(tp, DONE);
    CompletableFuture<ChunkResult> result;
    if (chunk.rows() == 0 && chunk.rejected() == 0) {
      // Nothing to write, but it must not complete before (or despite) an earlier chunk.
      ChunkResult empty =
          new ChunkResult(
              tp, chunk.startPosition(), chunk.nextPosition(), 0, 0, List.of(), List.of());
      result = previous.handle((r, e) -> afterPrevious(e, empty));
    } else {
      result = enqueue(chunk, previous);
    }
    // Later chunks of the partition chain on this one, failed or not.
    tails.put(tp, result);
    return result;
  }

  private CompletableFuture<ChunkResult> enqueue(
      ChunkWriter.Sealed chunk, CompletableFuture<ChunkResult> previous) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      DurableFiles.deleteQuietly(chunk.scratchFiles());
      return CompletableFuture.failedFuture(
          new IOException("interrupted while waiting to write a chunk of " + chunk.partition(), e));
    }
    CompletableFuture<ChunkResult> future = new CompletableFuture<>();
    try {
      writers.execute(() -> write(chunk, previous, future));
    } catch (RejectedExecutionException e) {
      inFlight.release();
      DurableFiles.deleteQuietly(chunk.scratchFiles());
      return CompletableFuture.failedFuture(new IOException("the files sink is closed", e));
    }
    return future;
  }

  private void write(
      ChunkWriter.Sealed chunk,
      CompletableFuture<ChunkResult> previous,
      CompletableFuture<ChunkResult> future) {
    ChunkResult result = null;
    Throwable failure = null;
    try {
      result = publisher.publish(chunk, () -> afterPrevious(awaitFailure(previous, chunk), null));
    } catch (Throwable t) {
      failure = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      DurableFiles.deleteQuietly(chunk.scratchFiles());
    } finally {
      inFlight.release();
    }
    if (failure == null) {
      future.complete(result);
    } else {
      future.completeExceptionally(failure);
    }
  }

  /** Waits for the previous chunk of the partition; its failure, or null. */
  private static Throwable awaitFailure(
      CompletableFuture<ChunkResult> previous, ChunkWriter.Sealed chunk) throws IOException {
    try {
      return previous.handle((r, e) -> e).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(
          "interrupted while waiting for an earlier chunk of " + chunk.partition(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause(); // not reached: handle() does not fail
    }
  }

  private static ChunkResult afterPrevious(Throwable previousFailure, ChunkResult result) {
    if (previousFailure != null) {
      throw new CompletionException(
          new IOException(
              "not written: an earlier chunk of the partition failed", previousFailure));
    }
    return result;
  }

  /** Waits for sealed chunks, then stops DuckDB and removes the scratch folder. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (FilesChunk chunk : open) {
      chunk.discard(); // never sealed: its range will be read again
    }
    open.clear();
    writers.shutdown();
    boolean interrupted = false;
    try {
      while (!writers.awaitTermination(1, TimeUnit.MINUTES)) {
        // a big chunk can take a while; the caller asked for it to finish
      }
    } catch (InterruptedException e) {
      writers.shutdownNow();
      interrupted = true;
    }
    try {
      if (converter != null) {
        converter.close();
      }
    } catch (SQLException e) {
      throw new IOException("cannot close DuckDB: " + DuckDbErrors.summary(e), e);
    } finally {
      scratch.close();
      if (rejectedDestination != null) {
        rejectedDestination.close();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
