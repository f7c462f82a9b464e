package io.kafkaload.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    Set<Long> p0 = produce(topic, 0, 0, 10, null);
    Set<Long> p1 = produce(topic, 1, 100, 10, null);
    Load load = new Load(topic).startingOffsets("{\"" + topic + "\":{\"0\":3,\"1\":-2}}");

    RunReport report = run(load);

    assertThat(report.recordsRead()).isEqualTo(17);
    assertThat(starts(report)).containsExactly(3L, 0L);
    Set<Long> expected = new HashSet<>(p1);
    p0.stream().filter(id -> id >= 3).forEach(expected::add);
    assertThat(ids(load)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void stopsEachPartitionAtItsEndingOffset() throws Exception {
    String topic = SharedKafka.createTopic("end-json", 2);
    produce(topic, 0, 0, 10, null);
    Set<Long> p1 = produce(topic, 1, 100, 10, null);
    Load load = new Load(topic).endingOffsets("{\"" + topic + "\":{\"0\":4,\"1\":-1}}");

    RunReport report = run(load);

    assertThat(report.partitions())
        .extracting(RunReport.PartitionRange::endOffset)
        .containsExactly(4L, 10L);
    Set<Long> expected = new HashSet<>(p1);
    expected.addAll(List.of(0L, 1L, 2L, 3L));
    assertThat(ids(load)).containsExactlyInAnyOrderElementsOf(expected);
    // the end is fixed: a second run has nothing left to read
    assertThat(run(load).recordsRead()).isZero();
  }

  @Test
  void startsAtATimestamp() throws Exception {
    String topic = SharedKafka.createTopic("start-ts", 2);
    long base = System.currentTimeMillis() - 60_000;
    produce(topic, 0, 0, 10, base);
    produce(topic, 1, 100, 10, base);
    Load load = new Load(topic).startingTimestamp(base + 6_000);

    RunReport report = run(load);

    assertThat(starts(report)).containsExactly(6L, 6L);
    assertThat(ids(load)).containsExactlyInAnyOrder(6L, 7L, 8L, 9L, 106L, 107L, 108L, 109L);
  }

  @Test
  void aTimestampNoRecordMatchesFailsOrStartsAtLatest() throws Exception {
    String topic = SharedKafka.createTopic("start-ts-none", 1);
    long base = System.currentTimeMillis() - 60_000;
    produce(topic, 0, 0, 5, base);
    Load error = new Load(topic).startingTimestamp(base + 30_000);

    RunReport failed = Loads.run(error.config());
    assertThat(failed.result()).isEqualTo(RunReport.FAILED);
    assertThat(failed.message())
        .contains(
            "spec.source.kafka.startingTimestamp: No offset matched from request of"
                + " topic-partition "
                + topic
                + "-0 and timestamp "
                + (base + 30_000))
        .contains("startingOffsetsByTimestampStrategy: Latest");
    assertThat(ids(error)).isEmpty();

    Load latest =
        new Load(topic)
            .startingTimestamp(base + 30_000)
            .strategy(LoadSpec.TimestampStrategy.Latest);
    assertThat(run(latest).recordsRead()).isZero();
    // the planned start was stored: the next run reads what came since, not from the beginning
    produce(topic, 0, 50, 3, null);
    assertThat(run(latest).recordsRead()).isEqualTo(3);
    assertThat(ids(latest)).containsExactlyInAnyOrder(50L, 51L, 52L);
  }

  @Test
  void aPartitionAddedBetweenRunsStartsAtEarliest() throws Exception {
    String topic = SharedKafka.createTopic("added", 1);
    produce(topic, 0, 0, 10, null);
    // the starting options name one partition: they apply to the first run only
    Load load = new Load(topic).startingOffsets("{\"" + topic + "\":{\"0\":5}}");
    assertThat(run(load).recordsRead()).isEqualTo(5);

    SharedKafka.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
    produce(topic, 0, 10, 2, null);
    Set<Long> added = produce(topic, 1, 100, 4, null);
    RunReport second = run(load);

    assertThat(second.recordsRead()).isEqualTo(6);
    assertThat(starts(second)).containsExactly(10L, 0L);
    Set<Long> expected = new HashSet<>(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L));
    expected.addAll(added);
    assertThat(ids(load)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void offsetsDeletedByRetentionFailTheRunNamingTheRange() throws Exception {
    String topic = SharedKafka.createTopic("gap", 1);
    produce(topic, 0, 0, 10, null);
    Load load = new Load(topic);
    assertThat(run(load).recordsRead()).isEqualTo(10);
    produce(topic, 0, 10, 10, null);
    TopicPartition tp = new TopicPartition(topic, 0);
    SharedKafka.admin().deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(15))).all().get();

    RunReport failed = Loads.run(load.config());
    assertThat(failed.result()).isEqualTo(RunReport.FAILED);
    assertThat(failed.message())
        .contains("offsets [10, 15) of " + topic + "-0 were deleted by retention")
        .contains("set spec.source.kafka.failOnDataLoss: false");
    assertThat(failed.recordsRead()).isZero();
    assertThat(ids(load)).hasSize(10); // nothing written by the failed run

    Load loadOn = load.failOnDataLoss(false);
    RunReport second = run(loadOn);
    assertThat(second.recordsRead()).isEqualTo(5);
    assertThat(second.gaps()).containsExactly(new RunReport.Gap(topic, 0, 10, 15));
    assertThat(second.message()).contains("1 gap(s)");
    assertThat(ids(load)).hasSize(15).contains(15L, 19L).doesNotContain(10L, 14L);
    RunReport third = run(loadOn);
    assertThat(third.recordsRead()).isZero();
    assertThat(third.gaps()).isNull();
  }

  @Test
  void maxRecordsPerRunSplitsTheLoadAcrossRuns() throws Exception {
    String topic = SharedKafka.createTopic("capped", 2);
    Set<Long> expected = new HashSet<>(produce(topic, 0, 0, 10, null));
    expected.addAll(produce(topic, 1, 100, 10, null));
    Load load = new Load(topic).maxRecordsPerRun(6);

    List<Long> reads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      reads.add(run(load).recordsRead());
    }

    assertThat(reads).containsExactly(6L, 6L, 6L, 2L, 0L);
    assertThat(ids(load)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void onceStartsAtLatestAndRefusesEndingOffsets() throws Exception {
    String topic = SharedKafka.createTopic("once-latest", 2);
    produce(topic, 0, 0, 5, null);
    Load load = new Load(topic).streaming(LoadSpec.TriggerType.Once).startingOffsets("latest");
    assertThat(run(load).recordsRead()).isZero();
    Set<Long> later = produce(topic, 1, 100, 4, null);
    assertThat(run(load).recordsRead()).isEqualTo(4);
    assertThat(ids(load)).containsExactlyInAnyOrderElementsOf(later);

    RunReport refused =
        Loads.run(
            new Load(topic).streaming(LoadSpec.TriggerType.Once).endingOffsets("latest").config());
    assertThat(refused.result()).isEqualTo(RunReport.FAILED);
    assertThat(refused.message())
        .contains("spec.source.kafka.endingOffsets: ending offset not valid in streaming queries");
  }

  @Test
  void aPartitionThatDoesNotExistFailsTheRun() throws Exception {
    String topic = SharedKafka.createTopic("no-such-partition", 2);
    produce(topic, 0, 0, 3, null);
    RunReport report =
        Loads.run(
            new Load(topic)
                .startingOffsets("{\"" + topic + "\":{\"0\":0,\"1\":0,\"5\":0}}")
                .config());
    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message())
        .contains(
            "spec.source.kafka.startingOffsets names partition "
                + topic
                + "-5, which does not exist ("
                + topic
                + " has partitions 0, 1)");
    assertThat(report.recordsRead()).isZero();
  }

  @Test
  void streamingStartsAtLatestAndTakesTheLoadsConsumerOptions() throws Exception {
    String topic = SharedKafka.createTopic("stream-latest", 2);
    produce(topic, 0, 0, 5, null);
    Load load =
        new Load(topic)
            .streaming(LoadSpec.TriggerType.ProcessingTime)
            .startingOffsets("latest")
            .options(Map.of("max.poll.records", "2"));
    WorkerConfig config = load.config();
    String group = config.spec().groupIdOrDefault(config.load());
    LoadRunner runner = new LoadRunner(config, new WorkerParts());
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
      later = produce(topic, 1, 100, 3, null);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(ids(load)).containsExactlyInAnyOrderElementsOf(later));
    } finally {
      runner.stop();
    }
    RunReport report = running.get();
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertCounts(report);
    assertThat(report.recordsRead()).isEqualTo(3);
  }

  // --- helpers

  /** A load of {@code topic} into JSON lines with these offset options; copies on change. */
  private final class Load {
    final String topic;
    final String name;
    LoadSpec.Mode mode = LoadSpec.Mode.Batch;
    LoadSpec.TriggerType trigger;
    String startingOffsets;
    String endingOffsets;
    Long startingTimestamp;
    LoadSpec.TimestampStrategy strategy;
    Boolean failOnDataLoss;
    Long maxRecordsPerRun;
    Map<String, String> options;

    Load(String topic) {
      this.topic = topic;
      this.name = SharedKafka.uniqueName("load");
    }

    Load startingOffsets(String v) {
      startingOffsets = v;
      return this;
    }

    Load endingOffsets(String v) {
      endingOffsets = v;
      return this;
    }

    Load startingTimestamp(long v) {
      startingTimestamp = v;
      return this;
    }

    Load strategy(LoadSpec.TimestampStrategy v) {
      strategy = v;
      return this;
    }

    /** The same load (same name, positions and output) with failOnDataLoss set. */
    Load failOnDataLoss(boolean v) {
      failOnDataLoss = v;
      return this;
    }

    Load maxRecordsPerRun(long v) {
      maxRecordsPerRun = v;
      return this;
    }

    Load options(Map<String, String> v) {
      options = v;
      return this;
    }

    Load streaming(LoadSpec.TriggerType type) {
      mode = LoadSpec.Mode.Streaming;
      trigger = type;
      return this;
    }

    Path out() {
      return dir.resolve(name);
    }

    WorkerConfig config() {
      LoadSpec.KafkaSource source =
          new LoadSpec.KafkaSource(
              List.of(topic),
              null,
              null,
              null,
              startingOffsets,
              endingOffsets,
              startingTimestamp,
              null,
              strategy,
              null,
              null,
              failOnDataLoss,
              maxRecordsPerRun,
              options);
      LoadSpec spec =
          new LoadSpec(
              new LoadSpec.Ref("kafka"),
              mode,
              null,
              null,
              null,
              null,
              null,
              trigger == null ? null : new LoadSpec.Trigger(trigger, 1),
              null,
              null,
              null,
              new LoadSpec.Source(source),
              new LoadSpec.Sink(
                  new LoadSpec.FilesSink(out().toString(), LoadSpec.FileFormat.Json, null), null),
              null,
              null);
      return new WorkerConfig(
          WorkerConfig.API_VERSION,
          WorkerConfig.KIND,
          new WorkerConfig.LoadRef("test", name),
          new WorkerConfig.Connection("kafka", new ConnectionSpec(SharedKafka.bootstrapServers())),
          spec,
          new WorkerConfig.Runtime(
              dir.resolve("secrets").toString(), dir.resolve("offsets").toString()));
    }
  }

  /** Runs the load, expects success and read = written + rejected. */
  private static RunReport run(Load load) {
    RunReport report = Loads.run(load.config());
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertCounts(report);
    return report;
  }

  private static void assertCounts(RunReport report) {
    assertThat(report.recordsRead())
        .as("read = written + rejected")
        .isEqualTo(report.recordsWritten() + report.recordsRejected());
  }

  private static List<Long> ids(Load load) throws Exception {
    return Loads.eventIds(load.out(), LoadSpec.FileFormat.Json);
  }

  private static List<Long> starts(RunReport report) {
    return report.partitions().stream()
        .sorted(java.util.Comparator.comparingInt(RunReport.PartitionRange::partition))
        .map(RunReport.PartitionRange::startOffset)
        .toList();
  }

  /**
   * Produces {@code count} events {@code {"event_id": firstId + i}} to one partition, with
   * timestamps {@code firstTimestamp + i * 1000} when given; returns the ids.
   */
  private static Set<Long> produce(
      String topic, int partition, long firstId, int count, Long firstTimestamp) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      long id = firstId + i;
      ids.add(id);
      byte[] value = ("{\"event_id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
      Long timestamp = firstTimestamp == null ? null : firstTimestamp + i * 1000L;
      records.add(new ProducerRecord<>(topic, partition, timestamp, null, value));
    }
    SharedKafka.produce(records);
    return ids;
  }
}
