package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.source.kafka.plan.OffsetLoad;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offset options on the real broker: where runs start and stop, partitions added between runs,
 * retention gaps with and without failOnDataLoss, maxRecordsPerRun. Every run checks read = written
 * + rejected, and the output holds exactly the expected records.
 */
class OffsetOptionsLoadTest {
  @TempDir Path dir;

  @Test
  void startsEachPartitionAtItsOffset() throws Exception {
    String topic = SharedKafka.createTopic("start-json", 2);
    Set<Long> p0 = OffsetLoad.produce(topic, 0, 0, 10, null);
    Set<Long> p1 = OffsetLoad.produce(topic, 1, 100, 10, null);
    OffsetLoad load = load(topic).startingOffsets("{\"" + topic + "\":{\"0\":3,\"1\":-2}}");

    RunReport report = run(load);

    assertThat(report.recordsRead()).isEqualTo(17);
    assertThat(starts(report)).containsExactly(3L, 0L);
    Set<Long> expected = new HashSet<>(p1);
    p0.stream().filter(id -> id >= 3).forEach(expected::add);
    assertThat(load.ids()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void stopsEachPartitionAtItsEndingOffset() throws Exception {
    String topic = SharedKafka.createTopic("end-json", 2);
    OffsetLoad.produce(topic, 0, 0, 10, null);
    Set<Long> p1 = OffsetLoad.produce(topic, 1, 100, 10, null);
    OffsetLoad load = load(topic).endingOffsets("{\"" + topic + "\":{\"0\":4,\"1\":-1}}");

    RunReport report = run(load);

    assertThat(report.partitions())
        .extracting(RunReport.PartitionRange::endOffset)
        .containsExactly(4L, 10L);
    Set<Long> expected = new HashSet<>(p1);
    expected.addAll(List.of(0L, 1L, 2L, 3L));
    assertThat(load.ids()).containsExactlyInAnyOrderElementsOf(expected);
    // the end is fixed: a second run has nothing left to read
    assertThat(run(load).recordsRead()).isZero();
  }

  @Test
  void startsAtATimestamp() throws Exception {
    String topic = SharedKafka.createTopic("start-ts", 2);
    long base = System.currentTimeMillis() - 60_000;
    OffsetLoad.produce(topic, 0, 0, 10, base);
    OffsetLoad.produce(topic, 1, 100, 10, base);
    OffsetLoad load = load(topic).startingTimestamp(base + 6_000);

    RunReport report = run(load);

    assertThat(starts(report)).containsExactly(6L, 6L);
    assertThat(load.ids()).containsExactlyInAnyOrder(6L, 7L, 8L, 9L, 106L, 107L, 108L, 109L);
  }

  @Test
  void aTimestampNoRecordMatchesFailsOrStartsAtLatest() throws Exception {
    String topic = SharedKafka.createTopic("start-ts-none", 1);
    long base = System.currentTimeMillis() - 60_000;
    OffsetLoad.produce(topic, 0, 0, 5, base);
    OffsetLoad error = load(topic).startingTimestamp(base + 30_000);

    RunReport failed = runFailing(error);
    assertThat(failed.message())
        .contains(
            "spec.source.kafka.startingTimestamp: No offset matched from request of"
                + " topic-partition "
                + topic
                + "-0 and timestamp "
                + (base + 30_000))
        .contains("startingOffsetsByTimestampStrategy: Latest");
    assertThat(error.ids()).isEmpty();

    OffsetLoad latest =
        load(topic).startingTimestamp(base + 30_000).strategy(LoadSpec.TimestampStrategy.Latest);
    assertThat(run(latest).recordsRead()).isZero();
    // the planned start was stored: the next run reads what came since, not from the beginning
    OffsetLoad.produce(topic, 0, 50, 3, null);
    assertThat(run(latest).recordsRead()).isEqualTo(3);
    assertThat(latest.ids()).containsExactlyInAnyOrder(50L, 51L, 52L);
  }

  @Test
  void aPartitionAddedBetweenRunsStartsAtEarliest() throws Exception {
    String topic = SharedKafka.createTopic("added", 1);
    OffsetLoad.produce(topic, 0, 0, 10, null);
    // the starting options name one partition: they apply to the first run only
    OffsetLoad load = load(topic).startingOffsets("{\"" + topic + "\":{\"0\":5}}");
    assertThat(run(load).recordsRead()).isEqualTo(5);

    SharedKafka.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
    OffsetLoad.produce(topic, 0, 10, 2, null);
    Set<Long> added = OffsetLoad.produce(topic, 1, 100, 4, null);
    RunReport second = run(load);

    assertThat(second.recordsRead()).isEqualTo(6);
    assertThat(starts(second)).containsExactly(10L, 0L);
    Set<Long> expected = new HashSet<>(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L));
    expected.addAll(added);
    assertThat(load.ids()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void offsetsDeletedByRetentionFailTheRunNamingTheRange() throws Exception {
    String topic = SharedKafka.createTopic("gap", 1);
    OffsetLoad.produce(topic, 0, 0, 10, null);
    OffsetLoad load = load(topic);
    assertThat(run(load).recordsRead()).isEqualTo(10);
    OffsetLoad.produce(topic, 0, 10, 10, null);
    TopicPartition tp = new TopicPartition(topic, 0);
    SharedKafka.admin().deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(15))).all().get();

    RunReport failed = runFailing(load);
    assertThat(failed.message())
        .contains("offsets [10, 15) of " + topic + "-0 were deleted by retention")
        .contains("set spec.source.kafka.failOnDataLoss: false");
    assertThat(load.ids()).hasSize(10); // nothing written by the failed run

    OffsetLoad loadOn = load.failOnDataLoss(false);
    RunReport second = run(loadOn);
    assertThat(second.recordsRead()).isEqualTo(5);
    assertThat(second.gaps()).containsExactly(new RunReport.Gap(topic, 0, 10, 15));
    assertThat(second.message()).contains("1 gap(s)");
    assertThat(load.ids()).hasSize(15).contains(15L, 19L).doesNotContain(10L, 14L);
    RunReport third = run(loadOn);
    assertThat(third.recordsRead()).isZero();
    assertThat(third.gaps()).isNull();
  }

  @Test
  void maxRecordsPerRunSplitsTheLoadAcrossRuns() throws Exception {
    String topic = SharedKafka.createTopic("capped", 2);
    Set<Long> expected = new HashSet<>(OffsetLoad.produce(topic, 0, 0, 10, null));
    expected.addAll(OffsetLoad.produce(topic, 1, 100, 10, null));
    OffsetLoad load = load(topic).maxRecordsPerRun(6);

    List<Long> reads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      reads.add(run(load).recordsRead());
    }

    assertThat(reads).containsExactly(6L, 6L, 6L, 2L, 0L);
    assertThat(load.ids()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void onceStartsAtLatestAndRefusesEndingOffsets() throws Exception {
    String topic = SharedKafka.createTopic("once-latest", 2);
    OffsetLoad.produce(topic, 0, 0, 5, null);
    OffsetLoad load = load(topic).streaming(LoadSpec.TriggerType.Once).startingOffsets("latest");
    assertThat(run(load).recordsRead()).isZero();
    Set<Long> later = OffsetLoad.produce(topic, 1, 100, 4, null);
    assertThat(run(load).recordsRead()).isEqualTo(4);
    assertThat(load.ids()).containsExactlyInAnyOrderElementsOf(later);

    RunReport refused =
        runFailing(load(topic).streaming(LoadSpec.TriggerType.Once).endingOffsets("latest"));
    assertThat(refused.message())
        .contains("spec.source.kafka.endingOffsets: ending offset not valid in streaming queries");
  }

  @Test
  void aPartitionThatDoesNotExistFailsTheRun() throws Exception {
    String topic = SharedKafka.createTopic("no-such-partition", 2);
    OffsetLoad.produce(topic, 0, 0, 3, null);
    RunReport report =
        runFailing(load(topic).startingOffsets("{\"" + topic + "\":{\"0\":0,\"1\":0,\"5\":0}}"));
    assertThat(report.message())
        .contains(
            "spec.source.kafka.startingOffsets names partition "
                + topic
                + "-5, which does not exist ("
                + topic
                + " has partitions 0, 1)");
  }

  @Test
  void streamingStartsAtLatestAndTakesTheLoadsConsumerOptions() throws Exception {
    String topic = SharedKafka.createTopic("stream-latest", 2);
    OffsetLoad.produce(topic, 0, 0, 5, null);
    OffsetLoad load =
        load(topic)
            .streaming(LoadSpec.TriggerType.ProcessingTime)
            .startingOffsets("latest")
            .options(Map.of("max.poll.records", "2"));
    WorkerConfig config = load.config();
    String group = config.spec().groupIdOrDefault(config.load());
    LoadRunner runner = load.runner();
    CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(runner::run);
    Set<Long> later;
    try {
      // the planned starts (latest) are committed as soon as the partitions are assigned
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(SharedKafka.committedOffsets(group))
                      .containsEntry(new TopicPartition(topic, 0), 5L)
                      .containsEntry(new TopicPartition(topic, 1), 0L));
      later = OffsetLoad.produce(topic, 1, 100, 3, null);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(load.ids()).containsExactlyInAnyOrderElementsOf(later));
    } finally {
      runner.stop();
    }
    RunReport report = running.get();
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertCounts(report);
    assertThat(report.recordsRead()).isEqualTo(3);
  }

  // --- helpers

  private OffsetLoad load(String topic) {
    return new OffsetLoad(dir, topic);
  }

  /** Runs the load, expects success and read = written + rejected. */
  private static RunReport run(OffsetLoad load) {
    RunReport report = load.run();
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertCounts(report);
    return report;
  }

  /** Runs the load, expects a failure that read nothing. */
  private static RunReport runFailing(OffsetLoad load) {
    RunReport report = load.run();
    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.recordsRead()).isZero();
    return report;
  }

  private static void assertCounts(RunReport report) {
    assertThat(report.recordsRead())
        .as("read = written + rejected")
        .isEqualTo(report.recordsWritten() + report.recordsRejected());
  }

  private static List<Long> starts(RunReport report) {
    return report.partitions().stream()
        .sorted(Comparator.comparingInt(RunReport.PartitionRange::partition))
        .map(RunReport.PartitionRange::startOffset)
        .toList();
  }
}
