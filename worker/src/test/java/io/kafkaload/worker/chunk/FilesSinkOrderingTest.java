package io.kafkaload.worker.chunk;

import static io.kafkaload.worker.chunk.SinkTestKit.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.output.files.FilesOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Back-pressure and completion order of sealed chunks, with a writer we can hold or fail. */
class FilesSinkOrderingTest {

  private static final TopicPartition P0 = new TopicPartition("events", 0);
  private static final TopicPartition P1 = new TopicPartition("events", 1);

  @TempDir Path dir;

  private final CountDownLatch gate = new CountDownLatch(1);
  private final List<String> published = new CopyOnWriteArrayList<>();
  private volatile long failAtStart = -1;

  /** Holds every publication until {@link #gate} opens; fails the chunk starting at failAtStart. */
  private ChunkEngine sink() throws IOException {
    return FilesOutput.sink(
        dir,
        FileFormat.Json,
        new Tuning(1, "64MB", 2, 1 << 20, "zstd"),
        real ->
            (chunk, turn) -> {
              try {
                gate.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              if (chunk.startPosition() == failAtStart) {
                throw new IOException("disk full (simulated)");
              }
              var result = real.publish(chunk, turn);
              published.add(chunk.partition() + "@" + chunk.startPosition());
              return result;
            });
  }

  private static CompletableFuture<ChunkResult> fill(
      ChunkEngine sink, TopicPartition tp, long start) throws IOException {
    Chunk chunk = sink.open(tp, start);
    chunk.append(start, utf8("{\"n\":" + start + "}"));
    return chunk.seal(start + 1);
  }

  @Test
  void seal_blocks_when_two_chunks_are_in_flight_and_partitions_complete_in_order()
      throws Exception {
    try (ChunkEngine sink = sink()) {
      List<String> completed = new CopyOnWriteArrayList<>();
      CompletableFuture<ChunkResult> a = fill(sink, P0, 0);
      CompletableFuture<ChunkResult> b = fill(sink, P1, 0);
      // Callbacks run on the writer thread as each chunk completes: they record the order.
      CompletableFuture<Void> aDone = a.thenRun(() -> completed.add("P0@0"));
      CompletableFuture<Void> bDone = b.thenRun(() -> completed.add("P1@0"));
      // The third seal must wait for room: run it on another thread and watch it block.
      AtomicReference<CompletableFuture<ChunkResult>> c = new AtomicReference<>();
      Thread consumer =
          new Thread(
              () -> {
                try {
                  c.set(fill(sink, P0, 1));
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      consumer.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> consumer.getState() == Thread.State.WAITING);
      assertThat(c.get()).isNull();
      // an empty chunk of P1 behind them must not complete before them
      CompletableFuture<ChunkResult> empty = sink.open(P1, 1).seal(5);
      assertThat(empty).isNotDone();
      gate.countDown();
      consumer.join(TimeUnit.SECONDS.toMillis(30));
      CompletableFuture<Void> cDone = c.get().thenRun(() -> completed.add("P0@1"));
      CompletableFuture.allOf(aDone, bDone, cDone, empty).get(30, TimeUnit.SECONDS);
      assertThat(published).containsExactly("events-0@0", "events-1@0", "events-0@1");
      assertThat(completed).containsExactly("P0@0", "P1@0", "P0@1");
      assertThat(empty.get().nextPosition()).isEqualTo(5);
    }
  }

  @Test
  void a_failed_chunk_fails_the_later_chunks_of_its_partition_only() throws Exception {
    failAtStart = 100;
    try (ChunkEngine sink = sink()) {
      CompletableFuture<ChunkResult> failed = fill(sink, P0, 100);
      CompletableFuture<ChunkResult> other = fill(sink, P1, 100 + 7);
      gate.countDown();
      CompletableFuture<ChunkResult> later = fill(sink, P0, 101);
      CompletableFuture<ChunkResult> laterEmpty = sink.open(P0, 102).seal(110);
      assertThat(other.get(30, TimeUnit.SECONDS).written()).isEqualTo(1);
      assertThat(causeOf(failed)).hasMessage("disk full (simulated)");
      assertThat(causeOf(later)).hasMessageContaining("an earlier chunk of the partition failed");
      assertThat(causeOf(laterEmpty))
          .hasMessageContaining("an earlier chunk of the partition failed");
      assertThat(published).containsExactly("events-1@107");
      // after recover, the partition starts over from its committed position and can be written
      failAtStart = -1;
      sink.recover(P0, 100);
      assertThat(fill(sink, P0, 100).get(30, TimeUnit.SECONDS).written()).isEqualTo(1);
    }
    // nothing of the failed chunks is visible, no scratch file is left
    assertThat(SinkTestKit.tree(dir))
        .containsExactlyInAnyOrder(
            "events+0+00000000000000000100+00000000000000000100.jsonl",
            "events+1+00000000000000000107+00000000000000000107.jsonl");
  }

  @Test
  void with_several_writers_a_partition_still_completes_in_order() throws Exception {
    CountDownLatch holdFirst = new CountDownLatch(1);
    CountDownLatch laterWaiting = new CountDownLatch(1);
    try (ChunkEngine sink =
        FilesOutput.sink(
            dir,
            FileFormat.Json,
            new Tuning(1, "64MB", 4, 1 << 20, "zstd", 3),
            real ->
                (chunk, turn) -> {
                  try {
                    if (chunk.partition().equals(P0) && chunk.startPosition() == 0) {
                      holdFirst.await();
                    }
                  } catch (InterruptedException e) {
                    throw new IOException(e);
                  }
                  ChunkOutput.Turn watched =
                      () -> {
                        if (chunk.partition().equals(P0) && chunk.startPosition() == 1) {
                          laterWaiting.countDown();
                        }
                        turn.await();
                      };
                  var result = real.publish(chunk, watched);
                  published.add(chunk.partition() + "@" + chunk.startPosition());
                  return result;
                })) {
      CompletableFuture<ChunkResult> first = fill(sink, P0, 0);
      CompletableFuture<ChunkResult> later = fill(sink, P0, 1);
      CompletableFuture<ChunkResult> other = fill(sink, P1, 0);
      // the other partition is not held up; the later chunk of P0 is ready but waits its turn
      other.get(30, TimeUnit.SECONDS);
      assertThat(laterWaiting.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(later).isNotDone();
      assertThat(SinkTestKit.tree(dir))
          .doesNotContain("events+0+00000000000000000001+00000000000000000001.jsonl");
      holdFirst.countDown();
      later.get(30, TimeUnit.SECONDS);
      assertThat(first).isDone();
      assertThat(published).containsExactly("events-1@0", "events-0@0", "events-0@1");
    }
  }

  private static Throwable causeOf(CompletableFuture<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
