package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files into a topic ({@code source.files} with {@code sink.kafka}) and into files, on the real
 * broker: Parquet folders with hive columns and the files' own column types, JSON lines read as
 * Kafka JSON values are, CSV; each file's rows once with exact values, keys, files order; only
 * files not sent before on the next run; a changed file sent again whole; hidden files never read;
 * a malformed row rejected with its reason and the rest delivered.
 */
class FilesSourceTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir Path dir;

  /** A load of the files {@code path} names into the topic {@code out}, rejects to {@code dlq}. */
  private TestLoads offload(Object path, String out, String dlq) {
    return TestLoads.sourceFiles(path)
        .sharedKafka()
        .name(SharedKafka.uniqueName("files"))
        .set("spec.sink.kafka.topic", out)
        .rejectedTopic(dlq)
        .dir(dir);
  }

  /** Writes {@code rows} orders, ids from {@code first}, as a Parquet file of small row groups. */
  static void parquet(Path file, long first, long rows) throws Exception {
    Files.createDirectories(file.getParent());
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      st.execute(
          ("COPY (SELECT i AS id, 'u-' || (i %% 7) AS \"user\","
                  + " CAST('12345678901234.' || lpad(CAST(i %% 10000 AS VARCHAR), 4, '0')"
                  + " AS DECIMAL(20,4)) AS amount,"
                  + " TIMESTAMPTZ '2026-01-02 03:04:05+00' + to_seconds(i) AS ts,"
                  + " [i, i + 1] AS pair, {'n': i %% 3, 's': 'x' || i} AS nested"
                  + " FROM range(%d, %d) t(i)) TO '%s' (FORMAT parquet, ROW_GROUP_SIZE 2000)")
              .formatted(first, first + rows, file));
    }
  }

  @Test
  void aParquetFolderIsSentOnceWithExactValuesFolderColumnsAndKeysAndOnlyNewFilesAfter()
      throws Exception {
    Path events = dir.resolve("events");
    parquet(events.resolve("dt=2026-01-01/part-0.parquet"), 0, 3_000);
    parquet(events.resolve("dt=2026-01-02/part-0.parquet"), 3_000, 2_000);
    Files.writeString(events.resolve("dt=2026-01-01/_SUCCESS"), "");
    Files.writeString(events.resolve(".part-0.parquet.crc"), "not a parquet file");
    String out = SharedKafka.createTopic("files-out", 3);
    String dlq = SharedKafka.createTopic("files-dlq", 1);
    WorkerConfig config =
        offload(events, out, dlq)
            .set("spec.source.files.format", "Parquet")
            .set("spec.sink.kafka.key", "user")
            .flush(1_000L, null)
            .build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();

    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsRead()).isEqualTo(5_000);
    assertThat(first.recordsWritten()).isEqualTo(5_000);
    Map<Long, JsonNode> rows = byId(KafkaSinkTest.readCommitted(out));
    assertThat(rows).hasSize(5_000);
    JsonNode row = rows.get(3_456L);
    assertThat(row.get("user").asText()).isEqualTo("u-" + 3_456 % 7);
    assertThat(row.get("amount").decimalValue())
        .isEqualByComparingTo(new BigDecimal("12345678901234.3456"));
    assertThat(row.get("pair").toString()).isEqualTo("[3456,3457]");
    assertThat(row.get("nested").toString()).isEqualTo("{\"n\":0,\"s\":\"x3456\"}");
    assertThat(row.get("dt").asText()).isEqualTo("2026-01-02");
    assertThat(rows.get(7L).get("dt").asText()).isEqualTo("2026-01-01");
    for (ConsumerRecord<byte[], byte[]> r : KafkaSinkTest.readCommitted(out)) {
      assertThat(new String(r.key(), StandardCharsets.UTF_8))
          .isEqualTo(JSON.readTree(r.value()).get("user").asText());
    }
    assertThat(first.partitions())
        .extracting(RunReport.PartitionRange::topic)
        .containsExactly("dt=2026-01-01%2Fpart-0.parquet", "dt=2026-01-02%2Fpart-0.parquet");

    RunReport again = new LoadRunner(config, new WorkerParts()).run();
    assertThat(again.result()).as(again.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(again.recordsRead()).isZero();

    parquet(events.resolve("dt=2026-01-03/part-0.parquet"), 5_000, 500);
    RunReport third = new LoadRunner(config, new WorkerParts()).run();
    assertThat(third.result()).as(third.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(third.recordsRead()).isEqualTo(500);
    Map<Long, JsonNode> all = byId(KafkaSinkTest.readCommitted(out));
    assertThat(all).hasSize(5_500);
    assertThat(all.get(5_100L).get("dt").asText()).isEqualTo("2026-01-03");
  }

  @Test
  void aFileThatChangedIsSentAgainWholeAndAnUnchangedOneIsNot() throws Exception {
    Path events = dir.resolve("changing");
    Path a = events.resolve("a.parquet");
    Path b = events.resolve("b.parquet");
    parquet(a, 0, 100);
    parquet(b, 100, 100);
    String out = SharedKafka.createTopic("changed-out", 1);
    String dlq = SharedKafka.createTopic("changed-dlq", 1);
    WorkerConfig config = offload(events.resolve("*.parquet"), out, dlq).build();
    assertThat(new LoadRunner(config, new WorkerParts()).run().recordsRead()).isEqualTo(200);

    parquet(a, 1_000, 150); // rewritten in place: another size and time
    Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5));
    RunReport second = new LoadRunner(config, new WorkerParts()).run();

    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isEqualTo(150);
    Set<Long> ids = byId(KafkaSinkTest.readCommitted(out)).keySet();
    assertThat(ids).hasSize(350).contains(0L, 199L, 1_000L, 1_149L);
  }

  @Test
  void jsonLinesAreRowsAsKafkaJsonValuesAreAndAMalformedLineIsRejectedWithItsCoordinates()
      throws Exception {
    Path file = dir.resolve("in/orders.jsonl");
    Files.createDirectories(file.getParent());
    String exact =
        "{\"id\":1,\"price\":0.10000000000000000000001,\"big\":123456789012345678901234}";
    Files.writeString(
        file,
        exact + "\r\n\n   \n{\"id\":2,\"note\":\"caf\\u00e9\"}\n{\"id\":3,\"broken\":\n{\"id\":4}");
    String out = SharedKafka.createTopic("jsonl-out", 1);
    String dlq = SharedKafka.createTopic("jsonl-dlq", 1);
    WorkerConfig config =
        offload(file, out, dlq)
            .schema(
                """
                fields:
                  - {name: id, type: long, required: true}
                  - {name: price, type: "decimal(30,23)"}
                  - {name: note, type: string}
                """)
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(run.recordsRead()).isEqualTo(4);
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(dlq)) {
      reasons.add(header(r, "kafkaload.error.reason"));
    }
    assertThat(run.recordsRejected()).as("%s", reasons).isEqualTo(1);
    List<ConsumerRecord<byte[], byte[]>> records = KafkaSinkTest.readCommitted(out);
    assertThat(records).hasSize(3);
    JsonNode first = JSON.readTree(records.get(0).value());
    assertThat(first.get("price").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.10000000000000000000001"));
    assertThat(JSON.readTree(records.get(1).value()).get("note").asText()).isEqualTo("café");
    List<ConsumerRecord<byte[], byte[]>> rejected = SharedKafka.readAll(dlq);
    assertThat(rejected).hasSize(1);
    assertThat(new String(rejected.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":3,\"broken\":");
    assertThat(header(rejected.get(0), "kafkaload.error.topic")).isEqualTo("orders.jsonl");
    assertThat(header(rejected.get(0), "kafkaload.error.offset")).isEqualTo("2");
    assertThat(header(rejected.get(0), "kafkaload.error.stage")).isEqualTo("decode");
  }

  @Test
  void csvFilesWithAHeaderAndADelimiterBecomeTypedRows() throws Exception {
    Path file = dir.resolve("csv/people.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "id;name;score\n1;ann;2.5\n2;\"bo;b\";3\n");
    String out = SharedKafka.createTopic("csv-out", 1);
    String dlq = SharedKafka.createTopic("csv-dlq", 1);
    WorkerConfig config =
        offload(file, out, dlq)
            .set("spec.source.files.csv.delimiter", ";")
            .sql("SELECT id, upper(name) AS name, score * 2 AS twice FROM message")
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaSinkTest.readCommitted(out)) {
      values.add(new String(r.value(), StandardCharsets.UTF_8));
    }
    assertThat(values)
        .containsExactly(
            "{\"id\":1,\"name\":\"ANN\",\"twice\":5.0}",
            "{\"id\":2,\"name\":\"BO;B\",\"twice\":6.0}");
  }

  @Test
  void filesGoToAnySinkAParquetFolderIntoJsonLinesFiles() throws Exception {
    Path events = dir.resolve("lake");
    parquet(events.resolve("part-0.parquet"), 0, 1_000);
    Path target = dir.resolve("target");
    WorkerConfig config =
        TestLoads.sourceFiles(events)
            .sharedKafka()
            .name(SharedKafka.uniqueName("tofiles"))
            .set("spec.source.files.format", "Parquet")
            .set("spec.sink.files.path", target)
            .format(LoadSpec.FileFormat.Parquet)
            .dir(dir)
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(DISTINCT id), sum(id) FROM read_parquet('"
                    + target
                    + "/**/*.parquet')")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1_000);
      assertThat(rs.getLong(2)).isEqualTo(1_000);
      assertThat(rs.getLong(3)).isEqualTo(999L * 1_000 / 2);
    }
    assertThat(new LoadRunner(config, new WorkerParts()).run().recordsRead()).isZero();
  }

  @Test
  void aMissingFolderFailsTheRunNamingTheFieldAndAnEmptyOneSendsNothing() throws Exception {
    String out = SharedKafka.createTopic("none-out", 1);
    String dlq = SharedKafka.createTopic("none-dlq", 1);
    RunReport missing =
        new LoadRunner(
                offload(dir.resolve("nowhere"), out, dlq)
                    .set("spec.source.files.format", "Json")
                    .build(),
                new WorkerParts())
            .run();
    assertThat(missing.result()).isEqualTo(RunReport.FAILED);
    assertThat(missing.message()).contains("spec.source.files.path").contains("does not exist");

    Files.createDirectories(dir.resolve("empty"));
    RunReport empty =
        new LoadRunner(
                offload(dir.resolve("empty"), out, dlq)
                    .set("spec.source.files.format", "Json")
                    .build(),
                new WorkerParts())
            .run();
    assertThat(empty.result()).as(empty.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(empty.recordsRead()).isZero();
  }

  @Test
  void tenKillNinesDuringAnOffloadOf200000RowsNeitherLoseNorRepeatARowForReadCommitted()
      throws Exception {
    Path events = dir.resolve("kill");
    for (int f = 0; f < 4; f++) {
      parquet(events.resolve("part-" + f + ".parquet"), f * 50_000L, 50_000);
    }
    String out = SharedKafka.createTopic("kill-out", 3);
    String dlq = SharedKafka.createTopic("kill-dlq", 1);
    TestLoads load =
        offload(events.resolve("*.parquet"), out, dlq)
            .set("spec.sink.kafka.key", "user")
            .flush(2_500L, null);
    Path yaml = load.writeYaml(dir.resolve("load.yaml"));

    WorkerProcess.killAfterProgressThenRunToEnd(
        dir,
        yaml,
        Map.of("KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString()),
        10,
        1_000,
        "FilesSourceTest",
        committedRows(load.unchecked()),
        200_000);

    // the killed runs committed part of the offload: the last run had less than all of it to send
    java.util.regex.Matcher last =
        java.util.regex.Pattern.compile("Succeeded - read (\\d+), written")
            .matcher(Files.readString(dir.resolve("run-last.log")));
    assertThat(last.find()).as("the last run's summary").isTrue();
    assertThat(Long.parseLong(last.group(1))).isLessThan(200_000);
    List<ConsumerRecord<byte[], byte[]>> records = KafkaSinkTest.readCommitted(out);
    Set<Long> ids = byId(records).keySet();
    assertThat(records).hasSize(200_000);
    assertThat(ids).hasSize(200_000);
    assertThat(ids.stream().mapToLong(Long::longValue).sum()).isEqualTo(199_999L * 200_000 / 2);
  }

  @Test
  void aCrashBetweenSendingAChunkAndCommittingItsTransactionIsRepairedByTheNextRun()
      throws Exception {
    Path events = dir.resolve("crash");
    parquet(events.resolve("part-0.parquet"), 0, 20_000);
    String out = SharedKafka.createTopic("crash-out", 2);
    String dlq = SharedKafka.createTopic("crash-dlq", 1);
    Path yaml =
        offload(events, out, dlq)
            .set("spec.source.files.format", "Parquet")
            .flush(2_000L, null)
            .writeYaml(dir.resolve("load.yaml"));

    WorkerProcess.crashAtThenRunToEnd(
        dir,
        yaml,
        Map.of("KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString()),
        "after-rows");

    assertThat(byId(KafkaSinkTest.readCommitted(out))).hasSize(20_000);
    assertThat(KafkaSinkTest.readAll(out, "read_uncommitted").size()).isGreaterThan(20_000);
  }

  @Test
  void aRoundTripTopicToParquetToTopicToParquetGivesTheSameRows() throws Exception {
    String topic = SharedKafka.createTopic("trip", 2);
    Loads.produceEvents(topic, 0, 3_000);
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    String middle = SharedKafka.createTopic("trip-mid", 2);
    String dlq = SharedKafka.createTopic("trip-dlq", 1);

    RunReport load =
        new LoadRunner(
                TestLoads.files(topic, first)
                    .sharedKafka()
                    .name(SharedKafka.uniqueName("trip-in"))
                    .dir(dir)
                    .build(),
                new WorkerParts())
            .run();
    RunReport offload =
        new LoadRunner(
                offload(first, middle, dlq).set("spec.source.files.format", "Parquet").build(),
                new WorkerParts())
            .run();
    RunReport reload =
        new LoadRunner(
                TestLoads.files(middle, second)
                    .sharedKafka()
                    .name(SharedKafka.uniqueName("trip-out"))
                    .dir(dir)
                    .build(),
                new WorkerParts())
            .run();

    for (RunReport r : List.of(load, offload, reload)) {
      assertThat(r.result()).as(r.message()).isEqualTo(RunReport.SUCCEEDED);
    }
    assertThat(offload.recordsWritten()).isEqualTo(load.recordsWritten());
    assertThat(reload.recordsWritten()).isEqualTo(load.recordsWritten());
    assertThat(rows(first)).isEqualTo(rows(second)).hasSize((int) load.recordsWritten());
  }

  /** Every row of the Parquet files under {@code folder} as JSON, sorted. */
  private static List<String> rows(Path folder) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT to_json(r)::VARCHAR AS j FROM read_parquet('"
                    + folder
                    + "/*.parquet', union_by_name = true) r ORDER BY j")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  @Test
  void aFilesSourcesPositionsAreNotMirroredToAConsumerGroup() throws Exception {
    Path events = dir.resolve("nomirror");
    parquet(events.resolve("part-0.parquet"), 0, 10);
    String out = SharedKafka.createTopic("nomirror-out", 1);
    String dlq = SharedKafka.createTopic("nomirror-dlq", 1);
    for (String store : List.of("Sink", "Topic")) {
      WorkerConfig config =
          offload(events.resolve("*.parquet"), out, dlq).set("spec.offsets.store", store).build();
      try (var consumer = io.kafkaload.worker.source.kafka.KafkaClients.consumer(config, "unused");
          var positions =
              new WorkerParts()
                  .store(
                      config,
                      io.kafkaload.worker.source.kafka.KafkaClients.common(config),
                      consumer)) {
        // a mirror would commit the files' names as partitions of the cluster, each commit
        // waiting for its timeout
        assertThat(positions)
            .isNotInstanceOf(io.kafkaload.worker.offsets.MirroringOffsetStore.class);
      }
    }
  }

  /**
   * The rows a Kafka sink load has committed: the sum of its positions in the offsets topic, read
   * read_committed (a file's position is its rows sent; a topic partition's, its next offset).
   */
  static java.util.function.LongSupplier committedRows(WorkerConfig config) {
    io.kafkaload.worker.offsets.TransactionalPositions positions =
        new io.kafkaload.worker.offsets.TransactionalPositions(
            config.spec().offsetsTopicOrDefault(), config.load(), SharedKafka.clientProperties());
    return () -> positions.readCommitted().values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<Long, JsonNode> byId(List<ConsumerRecord<byte[], byte[]>> records)
      throws Exception {
    Map<Long, JsonNode> rows = new HashMap<>();
    Set<Long> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      JsonNode row = JSON.readTree(r.value());
      long id = row.get("id").asLong();
      assertThat(seen.add(id)).as("id %d twice", id).isTrue();
      rows.put(id, row);
    }
    return rows;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
