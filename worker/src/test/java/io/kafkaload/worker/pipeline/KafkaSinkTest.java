package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.output.kafka.KafkaTarget;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.source.kafka.KafkaClients;
import io.kafkaload.worker.testkit.SharedKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topics into a topic ({@code sink.kafka}) on the real broker: each chunk's records and its
 * position in one Kafka transaction. Every row once for a read_committed consumer, values exact
 * (read back with Jackson), keys from the key column, per-key order; nothing of an aborted
 * transaction visible; a re-run sends nothing new; kill -9 and crashes at each commit step repaired
 * by the next run; a second copy of the load fences the first; a record bigger than the topic takes
 * rejected with its reason, the rest delivered.
 */
class KafkaSinkTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir Path dir;

  /** A load of {@code source} into the topic {@code out}, rejects to {@code dlq}. */
  private TestLoads load(String source, String out, String dlq, long flush) {
    return TestLoads.load(source)
        .sharedKafka()
        .name(SharedKafka.uniqueName("offload"))
        .set("spec.sink.kafka.topic", out)
        .flush(flush, null)
        .rejectedTopic(dlq)
        .dir(dir);
  }

  /**
   * {@code count} records {"id":i,"user":"u-<i % 7>","amount":"<exact decimal>","ts":...}, each
   * user's records in one partition, in id order.
   */
  private static void produceOrders(String topic, int count) {
    int partitions = SharedKafka.partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String value =
          "{\"id\":%d,\"user\":\"u-%d\",\"amount\":\"%s\",\"ts\":\"2026-01-02T03:04:05.%06dZ\"}"
              .formatted(i, i % 7, amount(i), i % 1_000_000);
      records.add(
          new ProducerRecord<>(
              topic, (i % 7) % partitions, null, value.getBytes(StandardCharsets.UTF_8)));
    }
    SharedKafka.produce(records);
  }

  /** A decimal no double holds exactly. */
  private static String amount(int i) {
    return "12345678901234." + String.format("%04d", i % 10_000);
  }

  @Test
  void sendsEveryRowOnceWithExactValuesKeysAndPerKeyOrderAndARerunSendsNothing() throws Exception {
    String source = SharedKafka.createTopic("orders", 3);
    String out = SharedKafka.createTopic("orders-out", 4);
    String dlq = SharedKafka.createTopic("orders-dlq", 1);
    int count = 3_000;
    produceOrders(source, count);
    WorkerConfig config =
        load(source, out, dlq, 500)
            .schema(
                """
                fields:
                  - {name: id, type: long, required: true}
                  - {name: user, type: string}
                  - {name: amount, type: "decimal(20,4)"}
                  - {name: ts, type: timestamp}
                """)
            .sql("SELECT id, \"user\", amount, ts, id * 2 AS twice FROM message WHERE id % 3 <> 0")
            .set("spec.sink.kafka.key", "user")
            .build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();

    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsRead()).isEqualTo(count);
    List<ConsumerRecord<byte[], byte[]>> records = readCommitted(out);
    Map<Long, JsonNode> byId = new HashMap<>();
    Map<String, List<Long>> idsByKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      JsonNode row = JSON.readTree(r.value());
      long id = row.get("id").asLong();
      assertThat(byId.put(id, row)).as("id %d twice", id).isNull();
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(key).isEqualTo(row.get("user").asText());
      idsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
    }
    Set<Long> expected = new HashSet<>();
    for (long i = 0; i < count; i++) {
      if (i % 3 != 0) {
        expected.add(i);
      }
    }
    assertThat(byId.keySet()).isEqualTo(expected);
    assertThat(first.recordsWritten()).isEqualTo(expected.size());
    assertThat(first.recordsFiltered()).isEqualTo(count - expected.size());
    for (long id : List.of(1L, 2L, 1234L, 2999L)) {
      JsonNode row = byId.get(id);
      assertThat(row.get("amount").decimalValue())
          .isEqualByComparingTo(new BigDecimal(amount((int) id)));
      assertThat(row.get("twice").asLong()).isEqualTo(2 * id);
      assertThat(row.get("ts").asText())
          .isEqualTo("2026-01-02 03:04:05.%06d+00".formatted(id % 1_000_000));
      assertThat(fieldNames(row)).containsExactly("id", "user", "amount", "ts", "twice");
    }
    // one key's records come from one source partition: they stay in its order
    for (List<Long> ids : idsByKey.values()) {
      assertThat(ids).isSorted();
    }

    RunReport second = new LoadRunner(config, new WorkerParts()).run();
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isZero();
    assertThat(readCommitted(out)).hasSize(expected.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Streaming Once, Sink store", "Batch, Topic store"})
  void aStreamingRunAndAnAtLeastOnceStoreSendEveryRowOnce(String variant) throws Exception {
    String source = SharedKafka.createTopic("variant", 2);
    String out = SharedKafka.createTopic("variant-out", 2);
    String dlq = SharedKafka.createTopic("variant-dlq", 1);
    Set<Long> valid = Loads.produceEvents(source, 0, 2_000);
    TestLoads load = load(source, out, dlq, 300);
    if (variant.startsWith("Streaming")) {
      load.streaming().set("spec.trigger.type", "Once");
    } else {
      load.offsets(io.kafkaload.worker.config.LoadSpec.OffsetStoreKind.Topic);
    }
    WorkerConfig config = load.build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();
    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsRead()).isEqualTo(2_000);
    RunReport second = new LoadRunner(config, new WorkerParts()).run();
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isZero();

    List<Long> ids = eventIds(readCommitted(out));
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(valid);
    // the consumer group mirrors the positions, for lag tools
    Map<TopicPartition, Long> group =
        SharedKafka.committedOffsets(config.spec().groupIdOrDefault(config.load()));
    assertThat(group.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Json", "Avro"})
  void aRecordOverTheTopicsMaxMessageBytesIsRejectedWithItsReasonAndTheRestDelivered(String format)
      throws Exception {
    String source = SharedKafka.createTopic("big", 1);
    String out = SharedKafka.uniqueName("big-out");
    SharedKafka.broker().createTopic(out, 1, Map.of("max.message.bytes", "2000"));
    String dlq = SharedKafka.createTopic("big-dlq", 1);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String text = i % 10 == 3 ? "x".repeat(5_000) : "small";
      values.add("{\"id\":" + i + ",\"text\":\"" + text + "\"}");
    }
    SharedKafka.produceValues(source, 0, values);
    List<Long> sent = new ArrayList<>();
    try (TestSchemaRegistry registry = new TestSchemaRegistry()) {
      WorkerConfig config =
          load(source, out, dlq, 1_000)
              .set("connection.spec.schemaRegistry.url", registry.url())
              .set("spec.sink.kafka.format", format)
              .build();
      RunReport run = new LoadRunner(config, new WorkerParts()).run();
      assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
      assertThat(run.recordsRejected()).isEqualTo(5);
      assertThat(run.recordsWritten()).isEqualTo(45);
      AvroValuesReader avro = new AvroValuesReader(registry.url());
      for (ConsumerRecord<byte[], byte[]> r : readCommitted(out)) {
        sent.add(
            format.equals("Avro")
                ? (Long) avro.read(r.value()).get("id")
                : JSON.readTree(r.value()).get("id").asLong());
        assertThat(r.key()).isNull();
      }
    }
    assertThat(sent)
        .containsExactly(
            0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 14L, 15L, 16L, 17L, 18L, 19L, 20L,
            21L, 22L, 24L, 25L, 26L, 27L, 28L, 29L, 30L, 31L, 32L, 34L, 35L, 36L, 37L, 38L, 39L,
            40L, 41L, 42L, 44L, 45L, 46L, 47L, 48L, 49L);
    List<ConsumerRecord<byte[], byte[]>> rejected = SharedKafka.readAll(dlq);
    assertThat(rejected).hasSize(5);
    for (ConsumerRecord<byte[], byte[]> r : rejected) {
      assertThat(header(r, "kafkaload.error.stage")).isEqualTo("write");
      assertThat(header(r, "kafkaload.error.reason"))
          .contains("more than sink.kafka.topic " + out)
          .contains("max.message.bytes=2000");
      // the original bytes, as the record came
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("x".repeat(5_000));
    }
  }

  @Test
  void aSecondCopyOfTheLoadFencesTheFirst() throws Exception {
    String source = SharedKafka.createTopic("fence", 1);
    String out = SharedKafka.createTopic("fence-out", 1);
    String dlq = SharedKafka.createTopic("fence-dlq", 1);
    WorkerConfig config = load(source, out, dlq, 1_000).build();
    Map<String, Object> client = KafkaClients.common(config);
    String offsets = config.spec().offsetsTopicOrDefault();
    TopicPartition p0 = new TopicPartition(source, 0);
    try (KafkaTarget older =
        new KafkaTarget(config.spec().sink().kafka(), config.load(), client, offsets)) {
      older.commit(p0, 0, 5, null, rows -> {});
      try (KafkaTarget newer =
          new KafkaTarget(config.spec().sink().kafka(), config.load(), client, offsets)) {
        assertThatThrownBy(() -> older.commit(p0, 5, 10, null, rows -> {}))
            .hasMessageContaining("another copy of KafkaLoad " + config.load().qualified())
            .hasMessageContaining("took over sink.kafka.topic " + out);
        assertThat(newer.readOffsets()).containsEntry(p0, 5L);
        newer.commit(p0, 5, 7, null, rows -> {});
        assertThat(newer.readOffsets()).containsEntry(p0, 7L);
      }
    }
  }

  @Test
  void twoCopiesRunningAtOnceSendNoRowTwice() throws Exception {
    String source = SharedKafka.createTopic("twice", 2);
    String out = SharedKafka.createTopic("twice-out", 2);
    String dlq = SharedKafka.createTopic("twice-dlq", 1);
    Set<Long> valid = Loads.produceEvents(source, 0, 20_000);
    WorkerConfig config = load(source, out, dlq, 200).build();

    CompletableFuture<RunReport> a =
        CompletableFuture.supplyAsync(() -> new LoadRunner(config, new WorkerParts()).run());
    CompletableFuture<RunReport> b =
        CompletableFuture.supplyAsync(() -> new LoadRunner(config, new WorkerParts()).run());
    for (RunReport r : List.of(a.get(300, TimeUnit.SECONDS), b.get(300, TimeUnit.SECONDS))) {
      if (!RunReport.SUCCEEDED.equals(r.result())) {
        assertThat(r.message()).contains("another copy of KafkaLoad");
      }
    }
    RunReport last = new LoadRunner(config, new WorkerParts()).run();
    assertThat(last.result()).as(last.message()).isEqualTo(RunReport.SUCCEEDED);

    assertThat(eventIds(readCommitted(out))).doesNotHaveDuplicates().hasSize(valid.size());
    assertThat(new HashSet<>(eventIds(readCommitted(out)))).isEqualTo(valid);
  }

  @ParameterizedTest
  @ValueSource(strings = {"after-rows", "after-position", "after-commit", "during-rejects"})
  void aCrashAtEachCommitStepIsRepairedByTheNextRunAndAbortedRecordsStayInvisible(String step)
      throws Exception {
    int events = 10_000;
    ProcessLoad load = processLoad("crash", events, 2, 1_000);

    WorkerProcess.crashAtThenRunToEnd(dir, load.yaml(), scratchEnv(), step);

    List<Long> committed = eventIds(readCommitted(load.out()));
    assertThat(committed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(committed)).isEqualTo(load.valid());
    if (step.equals("after-rows") || step.equals("after-position")) {
      // the crashed transaction's records are in the log, aborted: only read_uncommitted sees them
      assertThat(readAll(load.out(), "read_uncommitted").size()).isGreaterThan(committed.size());
    }
    Set<String> rejected = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(load.dlq())) {
      rejected.add(
          header(r, "kafkaload.error.partition") + "@" + header(r, "kafkaload.error.offset"));
    }
    assertThat(rejected).hasSize(events - load.valid().size());
  }

  @Test
  void repeatedKillNineNeverLosesNorRepeatsARowForReadCommittedConsumers() throws Exception {
    ProcessLoad load = processLoad("kill", 200_000, 3, 2_500);

    WorkerProcess.killAfterProgressThenRunToEnd(
        dir,
        load.yaml(),
        scratchEnv(),
        10,
        1_000,
        "KafkaSinkTest",
        FilesSourceTest.committedRows(load.config()),
        200_000);

    // the killed runs committed part of the load: the last run had less than all of it to read
    java.util.regex.Matcher last =
        java.util.regex.Pattern.compile("Succeeded - read (\\d+), written")
            .matcher(java.nio.file.Files.readString(dir.resolve("run-last.log")));
    assertThat(last.find()).as("the last run's summary").isTrue();
    assertThat(Long.parseLong(last.group(1))).isLessThan(200_000);
    List<Long> ids = eventIds(readCommitted(load.out()));
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(load.valid());
  }

  @Test
  void refusesAnOutputTopicTheLoadReadsAvroWithoutARegistryAndAStrategyWithoutAvro() {
    assertThatThrownBy(() -> load("events", "events", "dlq", 100).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.source.kafka.topics[0]: is the load's own sink.kafka.topic");
    assertThatThrownBy(
            () -> load("events", "clean", "dlq", 100).set("spec.sink.kafka.format", "Avro").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "spec.sink.kafka.format Avro needs a Schema Registry, and the KafkaConnection has no"
                + " spec.schemaRegistry.url");
    assertThatThrownBy(
            () ->
                load("events", "clean", "dlq", 100)
                    .set("spec.sink.kafka.schemaStrategy", "Latest")
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "spec.sink.kafka.schemaStrategy Latest is for Avro values (format: Avro), and the"
                + " format is Json");
    assertThatThrownBy(() -> load("events", "comet_offsets", "dlq", 100).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.sink.kafka.topic 'comet_offsets' is the offsets topic");
  }

  @Test
  void aMissingOutputTopicFailsTheRunSayingHowToCreateIt() {
    String source = SharedKafka.createTopic("nowhere", 1);
    String dlq = SharedKafka.createTopic("nowhere-dlq", 1);
    SharedKafka.produce(source, 3);
    String missing = SharedKafka.uniqueName("missing");
    WorkerConfig config = load(source, missing, dlq, 100).build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).isNotEqualTo(RunReport.SUCCEEDED);
    assertThat(run.message())
        .contains("sink.kafka.topic " + missing + " does not exist on the cluster")
        .contains("create it");
  }

  /** A load the worker process runs from {@code yaml}: its output and rejected topics. */
  private record ProcessLoad(
      String out, String dlq, Set<Long> valid, Path yaml, WorkerConfig config) {}

  /**
   * {@code events} sample events (1 % malformed) in a new 2-partition topic, to a new topic of
   * {@code outPartitions}, chunks of {@code flush} records, written as the YAML a user applies.
   */
  private ProcessLoad processLoad(String prefix, int events, int outPartitions, long flush) {
    String source = SharedKafka.createTopic(prefix, 2);
    String out = SharedKafka.createTopic(prefix + "-out", outPartitions);
    String dlq = SharedKafka.createTopic(prefix + "-dlq", 1);
    Set<Long> valid = Loads.produceEvents(source, 0, events);
    TestLoads load = load(source, out, dlq, flush);
    Path yaml = load.writeYaml(dir.resolve("load.yaml"));
    return new ProcessLoad(out, dlq, valid, yaml, load.unchecked());
  }

  private Map<String, String> scratchEnv() {
    return Map.of("KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString());
  }

  private static List<String> fieldNames(JsonNode row) {
    List<String> names = new ArrayList<>();
    row.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<Long> eventIds(List<ConsumerRecord<byte[], byte[]>> records)
      throws Exception {
    List<Long> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ids.add(JSON.readTree(r.value()).get("event_id").asLong());
    }
    return ids;
  }

  static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return readAll(topic, "read_committed");
  }

  /**
   * Every record of {@code topic} a consumer of {@code isolation} reads, up to the high watermark
   * (a read_committed consumer passes it once the transactions before it ended).
   */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation) {
    Map<String, Object> config = SharedKafka.clientProperties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < SharedKafka.partitionCount(topic); p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = highWatermarks(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to " + end);
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  private static Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) {
    Map<String, Object> config = SharedKafka.clientProperties();
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
