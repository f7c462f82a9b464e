package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streaming run flushes and commits every interval, and commits what it read on stop. */
class StreamingLoadTest {
  @TempDir Path dir;

  @Test
  void flushesAndCommitsEveryInterval() throws Exception {
    String topic = SharedKafka.createTopic("stream", 2);
    Path out = dir.resolve("out");
    WorkerConfig config = streaming(topic, out, 1).build();
    String group = config.spec().groupIdOrDefault(config.load());
    LoadRunner runner = new LoadRunner(config, new WorkerParts());
    CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(runner::run);
    try {
      Set<Long> expected = new HashSet<>(Loads.produceEvents(topic, 0, 2_000));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
                      .containsExactlyInAnyOrderElementsOf(expected));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(sum(SharedKafka.committedOffsets(group))).isEqualTo(2_000));
    } finally {
      runner.stop();
    }
    RunReport report = running.get();
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(2_000);
  }

  @Test
  void commitsWhatItReadWhenAskedToStop() throws Exception {
    String topic = SharedKafka.createTopic("stream-stop", 2);
    Path out = dir.resolve("out");
    // an interval no test waits for: only the stop can flush
    WorkerConfig config = streaming(topic, out, 3_600).build();
    String group = config.spec().groupIdOrDefault(config.load());
    LoadRunner runner = new LoadRunner(config, new WorkerParts());
    CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(runner::run);
    Set<Long> expected;
    try {
      expected = Loads.produceEvents(topic, 0, 1_500);
      await().atMost(Duration.ofSeconds(60)).until(() -> runner.stats().read() == 1_500);
      assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet)).isEmpty();
    } finally {
      runner.stop();
    }
    RunReport report = running.get();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(sum(SharedKafka.committedOffsets(group))).isEqualTo(1_500);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void continuousTriggerCommitsEachPolledBatchWithoutWaitingForTheInterval() throws Exception {
    String topic = SharedKafka.createTopic("stream-cont", 2);
    Path out = dir.resolve("out");
    WorkerConfig config =
        streaming(topic, out, 3_600)
            .set("spec.trigger.type", LoadSpec.TriggerType.Continuous)
            .build();
    String group = config.spec().groupIdOrDefault(config.load());
    LoadRunner runner = new LoadRunner(config, new WorkerParts());
    CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(runner::run);
    try {
      Set<Long> expected = new HashSet<>(Loads.produceEvents(topic, 0, 500));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(sum(SharedKafka.committedOffsets(group))).isEqualTo(500));
      assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
          .containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      runner.stop();
    }
    assertThat(running.get().result()).isEqualTo(RunReport.SUCCEEDED);
  }

  @Test
  void onceTriggerReadsWhatIsThereAndStops() throws Exception {
    String topic = SharedKafka.createTopic("stream-once", 2);
    Path out = dir.resolve("out");
    WorkerConfig config =
        streaming(topic, out, 3_600).set("spec.trigger.type", LoadSpec.TriggerType.Once).build();
    String group = config.spec().groupIdOrDefault(config.load());
    Set<Long> expected = Loads.produceEvents(topic, 0, 800);

    RunReport report = Loads.run(config);

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(800);
    assertThat(sum(SharedKafka.committedOffsets(group))).isEqualTo(800);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(Loads.run(config).recordsRead()).isZero();
  }

  /** A streaming load of {@code topic} into Parquet files under {@code out}. */
  private TestLoads streaming(String topic, Path out, int intervalSeconds) {
    return TestLoads.files(topic, out)
        .sharedKafka()
        .name(SharedKafka.uniqueName("load"))
        .format(LoadSpec.FileFormat.Parquet)
        .streaming()
        .flush(null, intervalSeconds)
        .runtime(out.resolveSibling("secrets"), dir.resolve("offsets"));
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
