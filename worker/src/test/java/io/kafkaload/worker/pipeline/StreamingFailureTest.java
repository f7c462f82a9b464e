package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.chunk.Chunk;
import io.kafkaload.worker.chunk.RecordSink;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.output.files.PartitionValues;
import io.kafkaload.worker.testkit.SharedKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming run that fails gives its partitions up without touching its closed sink: the
 * consumer's close revokes them after the sink is closed, and a flush there would fail again (and
 * log the close of the group as failed), hiding nothing but adding noise and delay.
 */
class StreamingFailureTest {
  @TempDir Path dir;

  @Test
  void aFailedStreamingRunReportsItsOwnReasonAndNeverUsesTheSinkAfterClosingIt() throws Exception {
    String topic = SharedKafka.createTopic("stream-fail", 2);
    WorkerConfig config =
        TestLoads.files(topic, dir.resolve("out"))
            .sharedKafka()
            .name(SharedKafka.uniqueName("fail"))
            .format(LoadSpec.FileFormat.Parquet)
            .streaming()
            .flush(null, 1)
            .runtime(dir.resolve("secrets"), dir.resolve("offsets"))
            .build();
    Loads.produceEvents(topic, 0, 200);
    FailingParts parts = new FailingParts();
    LoadRunner runner = new LoadRunner(config, parts);
    CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(runner::run);
    RunReport report;
    try {
      report = running.get(120, TimeUnit.SECONDS);
    } finally {
      runner.stop();
    }

    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message()).contains("the disk went away");
    assertThat(parts.closed).isTrue();
    assertThat(parts.callsAfterClose).as("sink calls after its close").hasValue(0);
  }

  /** The real parts, with a sink whose chunks cannot be opened once the run has read something. */
  private static final class FailingParts implements LoadRunner.Parts {
    final WorkerParts real = new WorkerParts();
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger callsAfterClose = new AtomicInteger();

    @Override
    public Decoder decoder(WorkerConfig config) {
      return real.decoder(config);
    }

    @Override
    public RowCheck validator(WorkerConfig config) {
      return real.validator(config);
    }

    @Override
    public PartitionValues partitionValues(WorkerConfig config) {
      return real.partitionValues(config);
    }

    @Override
    public OffsetStore store(
        WorkerConfig config, Map<String, Object> props, Consumer<byte[], byte[]> consumer) {
      return real.store(config, props, consumer);
    }

    @Override
    public RecordSink sink(WorkerConfig config, Map<String, Object> props) throws Exception {
      RecordSink sink = real.sink(config, props);
      return new RecordSink() {
        private void check() {
          if (closed.get()) {
            callsAfterClose.incrementAndGet();
          }
        }

        @Override
        public void recover(TopicPartition partition, long committedPosition) throws IOException {
          check();
          sink.recover(partition, committedPosition);
        }

        @Override
        public Chunk open(TopicPartition partition, long startPosition) throws IOException {
          check();
          throw new IOException("the disk went away");
        }

        @Override
        public String beginRun(Map<TopicPartition, Long> starts) throws IOException {
          check();
          return sink.beginRun(starts);
        }

        @Override
        public boolean commitsAtEnd() {
          return sink.commitsAtEnd();
        }

        @Override
        public List<Path> finishRun() throws IOException {
          check();
          return sink.finishRun();
        }

        @Override
        public void claim(boolean loadHasRun) throws IOException {
          check();
          sink.claim(loadHasRun);
        }

        @Override
        public Map<TopicPartition, Long> writtenUpTo(Collection<TopicPartition> partitions)
            throws IOException {
          check();
          return sink.writtenUpTo(partitions);
        }

        @Override
        public void close() throws IOException {
          closed.set(true);
          sink.close();
        }
      };
    }
  }
}
