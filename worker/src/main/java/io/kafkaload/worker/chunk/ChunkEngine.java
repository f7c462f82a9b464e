package io.kafkaload.worker.chunk;

import io.kafkaload.worker.output.files.FileNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
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
 * The chunk engine, the same for every output: cuts a load's rows into chunks ({@link
 * SpooledChunk}, spooled to scratch files), hands sealed chunks to its {@link ChunkOutput} on
 * writer threads, and keeps the chunks of a partition in order.
 *
 * <p>Threads: one consumer thread opens, fills and seals chunks; {@code writerThreads} writer
 * threads take sealed chunks in the order they were sealed and publish them in parallel, but the
 * output makes a chunk visible (renamed, committed) only once the earlier chunks of its partition
 * are ({@link ChunkOutput.Turn}), so the chunks of a partition complete in order, and a chunk never
 * completes after an earlier chunk of its partition failed. At most {@code maxChunksInFlight}
 * sealed chunks wait or are published: {@link Chunk#seal} blocks the consumer beyond that, which
 * bounds scratch space and lets the consumer read while DuckDB writes.
 *
 * <p>Scratch space (spooled rows, files before their rename, DuckDB's spill files) lives in a
 * {@link ScratchDir} under the output's folder: writable in a pod with a read-only root, on the
 * same file system as the final files.
 */
public final class ChunkEngine implements RecordSink {

  private static final CompletableFuture<ChunkResult> DONE =
      CompletableFuture.completedFuture(null);

  /** Opens the output once the engine's scratch folder exists. */
  public interface OutputFactory {
    ChunkOutput open(Path scratch) throws IOException;
  }

  /**
   * Publishes a sealed chunk on a writer thread: the output's {@link ChunkOutput#publish}, or a
   * decoration of it (a seam for tests that delay or fail it).
   */
  public interface Publisher {
    ChunkOutput.Published publish(SealedChunk chunk, ChunkOutput.Turn turn) throws IOException;
  }

  private final ChunkOutput output;
  private final ChunkOutput.Spooling spooling;
  private final Tuning tuning;
  private final ScratchDir scratch;
  private final Publisher publisher;
  private final ExecutorService writers;
  private final Semaphore inFlight;
  private final Map<TopicPartition, CompletableFuture<ChunkResult>> tails =
      new ConcurrentHashMap<>();
  private final Set<SpooledChunk> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong chunkIds = new AtomicLong();
  private volatile boolean closed;

  /**
   * An engine whose scratch folder lives under {@code scratchParent} (an existing folder), with the
   * output {@code output} opens there.
   */
  public ChunkEngine(Path scratchParent, Tuning tuning, OutputFactory output) throws IOException {
    this(scratchParent, tuning, output, UnaryOperator.identity());
  }

  public ChunkEngine(
      Path scratchParent, Tuning tuning, OutputFactory output, UnaryOperator<Publisher> decorate)
      throws IOException {
    this.tuning = tuning;
    this.scratch = ScratchDir.create(scratchParent);
    try {
      this.output = output.open(scratch.path());
    } catch (IOException | RuntimeException e) {
      scratch.close();
      throw e;
    }
    this.spooling = this.output.spooling();
    this.publisher = decorate.apply(this.output::publish);
    this.inFlight = new Semaphore(tuning.maxChunksInFlight());
    AtomicLong writerIds = new AtomicLong();
    // FIFO: a chunk is taken only after every chunk sealed before it, so waiting for the turn of
    // an earlier chunk of its partition never waits for a chunk that no thread has taken
    this.writers =
        Executors.newFixedThreadPool(
            tuning.writerThreads(),
            r -> {
              Thread t = new Thread(r, "kafkaload-chunk-writer-" + writerIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The output the engine publishes to. */
  public ChunkOutput output() {
    return output;
  }

  @Override
  public void recover(TopicPartition partition, long committedPosition) throws IOException {
    // A chunk of this partition may still be written: let it finish before removing anything.
    tails.getOrDefault(partition, DONE).exceptionally(e -> null).join();
    output.recover(partition, committedPosition);
    // The partition starts over from the committed position: earlier failures no longer apply.
    tails.remove(partition);
  }

  @Override
  public Chunk open(TopicPartition partition, long startPosition) {
    if (closed) {
      throw new IllegalStateException("the sink is closed");
    }
    String stem =
        FileNames.prefix(partition)
            + FileNames.pad(startPosition)
            + "."
            + chunkIds.incrementAndGet();
    SpooledChunk chunk = new SpooledChunk(this, partition, startPosition, stem);
    open.add(chunk);
    return chunk;
  }

  Path scratch() {
    return scratch.path();
  }

  ChunkOutput.Spooling spooling() {
    return spooling;
  }

  RowSpool newSpool(String stem) {
    // rows that are the output file as they are stay in one segment
    long segment = spooling.oneSegment() ? Long.MAX_VALUE : tuning.segmentBytes();
    return new RowSpool(scratch.path(), stem, segment, 64 * 1024);
  }

  void forget(SpooledChunk chunk) {
    open.remove(chunk);
  }

  @Override
  public void claim(boolean loadHasRun) throws IOException {
    output.claim(loadHasRun);
  }

  @Override
  public Map<TopicPartition, Long> writtenUpTo(Collection<TopicPartition> partitions)
      throws IOException {
    return output.writtenUpTo(partitions);
  }

  @Override
  public String beginRun(Map<TopicPartition, Long> starts) throws IOException {
    return output.beginRun(starts);
  }

  @Override
  public boolean commitsAtEnd() {
    return output.commitsAtEnd();
  }

  @Override
  public List<Path> finishRun() throws IOException {
    return output.finishRun();
  }

  /** Queues a sealed chunk for the writer threads; blocks while too many are in flight. */
  CompletableFuture<ChunkResult> submit(SealedChunk chunk) {
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
      SealedChunk chunk, CompletableFuture<ChunkResult> previous) {
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
      return CompletableFuture.failedFuture(new IOException("the sink is closed", e));
    }
    return future;
  }

  private void write(
      SealedChunk chunk,
      CompletableFuture<ChunkResult> previous,
      CompletableFuture<ChunkResult> future) {
    ChunkOutput.Published published;
    try {
      published =
          publisher.publish(chunk, () -> afterPrevious(awaitFailure(previous, chunk), null));
    } catch (Throwable t) {
      DurableFiles.deleteQuietly(chunk.scratchFiles());
      future.completeExceptionally(unwrap(t));
      return;
    } finally {
      inFlight.release();
    }
    if (published.commit() == null) {
      future.complete(published.result());
      return;
    }
    // staged for a commit of several chunks: done when that commit is
    published
        .commit()
        .whenComplete(
            (ok, e) -> {
              if (e == null) {
                future.complete(published.result());
              } else {
                future.completeExceptionally(unwrap(e));
              }
            });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** Waits for the previous chunk of the partition; its failure, or null. */
  private static Throwable awaitFailure(CompletableFuture<ChunkResult> previous, SealedChunk chunk)
      throws IOException {
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

  @Override
  public void stopUserCode(String reason) {
    output.stopUserCode(reason);
  }

  /** Waits for sealed chunks, then closes the output and removes the scratch folder. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (SpooledChunk chunk : open) {
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
      output.close();
    } finally {
      scratch.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
