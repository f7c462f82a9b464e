package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL stage on the real broker: a transform that filters (counted, not rejected), the Kafka
 * metadata columns, hive folders, runtime errors that reject a chunk's original records with stage
 * transform, compile errors that fail the run before anything is committed, DuckDB's lockdown, the
 * error budget, and the file formats with compression. Every test checks read = written + rejected
 * + filtered.
 */
class TransformLoadTest {

  @TempDir Path dir;

  private static final String[] TYPES = {"click", "view", "heartbeat", "purchase"};
  private static final String[] REGIONS = {"eu", "us", "ap/south"};

  /** Produces {@code n} events round-robin over the topic's partitions, with keys and headers. */
  private static void produce(String topic, int n, Map<Integer, String> overrides) {
    int partitions = SharedKafka.partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String json =
          overrides.getOrDefault(
              i,
              "{\"event_id\":"
                  + i
                  + ",\"event_type\":\""
                  + TYPES[i % TYPES.length]
                  + "\",\"region\":\""
                  + REGIONS[i % REGIONS.length]
                  + "\",\"code\":\""
                  + i
                  + "\"}");
      RecordHeaders headers = new RecordHeaders();
      headers.add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
      headers.add("bin", new byte[] {(byte) 0xff, 0, 1});
      byte[] key = i % 2 == 0 ? ("k-" + i).getBytes(StandardCharsets.UTF_8) : null;
      records.add(
          new ProducerRecord<>(
              topic,
              i % partitions,
              1_764_000_000_000L + i,
              key,
              json.getBytes(StandardCharsets.UTF_8),
              headers));
    }
    SharedKafka.produce(records);
  }

  /** A load of {@code topic} into Parquet files under {@code out}, its runtime under the test's. */
  private TestLoads load(String topic, Path out) {
    return Loads.files(SharedKafka.uniqueName("transform"), topic, out).dir(dir);
  }

  private static void assertAccounted(RunReport report) {
    assertThat(report.recordsRead())
        .as("read = written + rejected + filtered")
        .isEqualTo(report.recordsWritten() + report.recordsRejected() + report.recordsFiltered());
  }

  private static List<Map<String, Object>> query(String sql) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String files(List<Path> files) {
    return files.stream().map(f -> "'" + f + "'").reduce((a, b) -> a + ", " + b).orElseThrow();
  }

  @Test
  void filtersWithSqlAddsMetadataAndWritesHiveFolders() throws Exception {
    String topic = SharedKafka.createTopic("tx-filter", 3);
    produce(topic, 600, Map.of());
    Path out = dir.resolve("out");
    WorkerConfig config =
        load(topic, out)
            .partitionBy("region")
            .sql(
                "SELECT event_id, event_type, region, _partition, _offset, _timestamp, _key,"
                    + " _headers FROM message WHERE event_type <> 'heartbeat'")
            .metadataColumns("_partition", "_offset", "_timestamp", "_key", "_headers")
            .build();

    RunReport report = Loads.run(config);

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(600);
    assertThat(report.recordsFiltered()).isEqualTo(150); // every 4th is a heartbeat
    assertThat(report.recordsWritten()).isEqualTo(450);
    assertThat(report.recordsRejected()).isZero();
    assertAccounted(report);

    List<Path> files = Loads.dataFiles(out, LoadSpec.FileFormat.Parquet);
    assertThat(files)
        .allMatch(f -> out.relativize(f).getNameCount() == 2)
        .extracting(f -> out.relativize(f).getName(0).toString())
        .containsOnly("region=eu", "region=us", "region=ap%2Fsouth");
    List<Map<String, Object>> rows =
        query(
            "SELECT * FROM read_parquet(["
                + files(files)
                + "], hive_partitioning = true) ORDER BY event_id");
    assertThat(rows).hasSize(450);
    Set<Long> ids = new HashSet<>();
    int partitions = 3;
    for (Map<String, Object> row : rows) {
      long id = ((Number) row.get("event_id")).longValue();
      ids.add(id);
      assertThat(row.get("event_type")).isNotEqualTo("heartbeat");
      assertThat(row.get("region")).isEqualTo(REGIONS[(int) (id % REGIONS.length)]);
      assertThat(((Number) row.get("_partition")).intValue()).isEqualTo((int) (id % partitions));
      assertThat(((Number) row.get("_offset")).longValue()).isEqualTo(id / partitions);
      assertThat(row.get("_key")).isEqualTo(id % 2 == 0 ? "k-" + id : null);
      assertThat(String.valueOf(row.get("_headers")))
          .contains("t-" + id)
          .contains("/wAB"); // base64 of ff 00 01, which is not UTF-8
    }
    assertThat(ids).hasSize(450).noneMatch(id -> id % 4 == 2);
    // _timestamp is a timestamp with time zone from the record's epoch milliseconds
    assertThat(
            query(
                "SELECT count(*) AS n FROM read_parquet(["
                    + files(files)
                    + "]) WHERE epoch_ms(_timestamp) <> 1764000000000 + event_id"))
        .extracting(r -> ((Number) r.get("n")).longValue())
        .containsExactly(0L);
  }

  @Test
  void aRuntimeErrorRejectsTheOriginalRecordsOfItsChunkOnly() throws Exception {
    String topic = SharedKafka.createTopic("tx-runtime", 1);
    // offset 25 cannot be cast; chunks of 10 records: [20, 30) is rejected, the rest written
    produce(topic, 60, Map.of(25, "{\"event_id\":25,\"code\":\"not a number\"}"));
    Path out = dir.resolve("out");
    WorkerConfig config =
        load(topic, out)
            .flush(10L, null)
            .sql("SELECT event_id, CAST(code AS INTEGER) AS code FROM message")
            .build();

    RunReport report = Loads.run(config);

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(60);
    assertThat(report.recordsWritten()).isEqualTo(50);
    assertThat(report.recordsRejected()).isEqualTo(10);
    assertAccounted(report);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(50)
        .doesNotHaveDuplicates()
        .noneMatch(id -> id >= 20 && id < 30);
    List<Map<String, Object>> rejected =
        query(
            "SELECT \"offset\", stage, reason, decode(from_base64(value)) AS value, key, headers"
                + " FROM read_json('"
                + out.resolve("_rejected/*.jsonl")
                + "', format = 'newline_delimited') ORDER BY \"offset\"");
    assertThat(rejected).hasSize(10);
    assertThat(rejected)
        .extracting(r -> ((Number) r.get("offset")).longValue())
        .containsExactly(20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
    assertThat(rejected).allMatch(r -> "transform".equals(r.get("stage")));
    assertThat(rejected.get(0).get("reason").toString()).startsWith("Conversion Error");
    // the original bytes, key and headers are kept
    assertThat(rejected.get(5).get("value"))
        .isEqualTo("{\"event_id\":25,\"code\":\"not a number\"}");
    assertThat(rejected.get(0).get("key")).isEqualTo("ay0yMA=="); // base64 of k-20
    assertThat(String.valueOf(rejected.get(0).get("headers"))).contains("dC0yMA=="); // t-20
  }

  @Test
  void sqlThatCannotCompileFailsTheRunBeforeAnythingIsCommitted() throws Exception {
    String topic = SharedKafka.createTopic("tx-compile", 1);
    produce(topic, 20, Map.of());
    Path out = dir.resolve("out");
    WorkerConfig broken = load(topic, out).sql("SELECT event_id FROM message WHERE").build();

    RunReport failed = Loads.run(broken);

    assertThat(failed.result()).isEqualTo(RunReport.FAILED);
    assertThat(failed.message()).contains("spec.transform.sql").contains("does not parse");
    assertThat(failed.recordsRead()).isZero();

    // a name that does not exist binds only against the rows' columns: the run fails on the first
    // chunk instead of rejecting every record, and commits nothing
    WorkerConfig unknownColumn =
        load(topic, out)
            .sql("SELECT no_such_column FROM message")
            .name(broken.load().name())
            .build();
    RunReport failedAgain = Loads.run(unknownColumn);
    assertThat(failedAgain.result()).isEqualTo(RunReport.FAILED);
    assertThat(failedAgain.message()).contains("Binder Error");
    assertThat(failedAgain.recordsRejected()).isZero();

    RunReport fixed = Loads.run(load(topic, out).name(broken.load().name()).build());
    assertThat(fixed.result()).as(fixed.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(fixed.recordsRead()).isEqualTo(20);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(20)
        .doesNotHaveDuplicates();
  }

  @Test
  void userSqlCanReadNothingButItsBatch() throws Exception {
    String topic = SharedKafka.createTopic("tx-probes", 1);
    produce(topic, 5, Map.of());
    List<String> probes =
        List.of(
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM read_text('/etc/passwd')",
            "SELECT * FROM read_blob('/etc/passwd')",
            "SELECT * FROM read_parquet('/etc/passwd')",
            "SELECT getenv('HOME') AS home FROM message",
            "COPY (SELECT * FROM message) TO '" + dir.resolve("probe.csv") + "'",
            "ATTACH '" + dir.resolve("probe.db") + "' AS probe",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SELECT * FROM message; SELECT 1",
            "SELECT current_setting('enable_external_access') AS x FROM message"
                + " WHERE 1 = 0 UNION ALL SELECT * FROM glob('/etc/*')");
    for (String probe : probes) {
      Path out = dir.resolve("probe-" + probes.indexOf(probe));
      WorkerConfig config = load(topic, out).sql(probe).build();
      RunReport report = Loads.run(config);
      assertThat(report.result()).as(probe + " -> " + report.message()).isEqualTo(RunReport.FAILED);
      assertThat(report.recordsWritten()).as(probe).isZero();
    }
    assertThat(dir.resolve("probe.csv")).doesNotExist();
    assertThat(dir.resolve("probe.db")).doesNotExist();
  }

  @Test
  void theErrorBudgetFailsTheRunAndKeepsThePositions() throws Exception {
    String topic = SharedKafka.createTopic("tx-budget", 1);
    Map<Integer, String> bad = new HashMap<>();
    for (int i = 0; i < 100; i += 10) {
      bad.put(i, "not json " + i);
    }
    produce(topic, 100, bad);
    Path out = dir.resolve("out");
    WorkerConfig tight = load(topic, out).set("spec.rejected.maxRejectedRatio", 0.05).build();

    RunReport failed = Loads.run(tight);

    assertThat(failed.result()).isEqualTo(RunReport.FAILED);
    assertThat(failed.message())
        .contains("error budget exceeded")
        .contains("10 of 100")
        .contains("rejected.maxRejectedRatio 0.05");
    Map<TopicPartition, Long> group =
        SharedKafka.committedOffsets(tight.spec().groupIdOrDefault(tight.load()));
    assertThat(group.getOrDefault(new TopicPartition(topic, 0), 0L)).isZero();

    WorkerConfig loose =
        load(topic, out).set("spec.rejected.maxRejected", 10).name(tight.load().name()).build();
    RunReport ok = Loads.run(loose);
    assertThat(ok.result()).as(ok.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(ok.recordsRead()).isEqualTo(100);
    assertThat(ok.recordsRejected()).isEqualTo(10);
    assertAccounted(ok);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(90)
        .doesNotHaveDuplicates();
  }

  @Test
  void csvAndJsonLinesWithCompressionAndFlushByBytes() throws Exception {
    String topic = SharedKafka.createTopic("tx-formats", 2);
    produce(topic, 400, Map.of(7, "{\"event_id\":7, broken"));
    for (String[] c :
        new String[][] {
          {"Csv", "Gzip", "csv.gz"}, {"Json", "Zstd", "jsonl.zst"}, {"Csv", "None", "csv"}
        }) {
      Path out = dir.resolve("out-" + c[0] + "-" + c[1]);
      WorkerConfig config =
          load(topic, out)
              .format(LoadSpec.FileFormat.valueOf(c[0]))
              .compression(LoadSpec.Compression.valueOf(c[1]))
              .set("spec.sink.flush.maxBytes", 4000)
              .build();
      RunReport report = Loads.run(config);
      assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
      assertThat(report.recordsWritten()).isEqualTo(399);
      assertThat(report.recordsRejected()).isEqualTo(1);
      assertAccounted(report);
      LoadSpec.FileFormat format = LoadSpec.FileFormat.valueOf(c[0]);
      List<Path> files = Loads.dataFiles(out, format);
      // ~90-byte rows: a chunk is sealed past 4000 bytes, so each partition has several files
      assertThat(files.size()).isGreaterThan(4);
      assertThat(files).allMatch(f -> f.getFileName().toString().endsWith("." + c[2]));
      assertThat(Loads.eventIds(out, format)).hasSize(399).doesNotHaveDuplicates();
    }
  }

  @Test
  void avroFilesCarryTheRowsWithTheirTypes() throws Exception {
    String topic = SharedKafka.createTopic("tx-avro", 2);
    produce(topic, 300, Map.of());
    Path out = dir.resolve("out");
    WorkerConfig config =
        load(topic, out)
            .format(LoadSpec.FileFormat.Avro)
            .partitionBy("event_type")
            .sql("SELECT event_id, event_type, region FROM message")
            .build();

    RunReport report = Loads.run(config);

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsWritten()).isEqualTo(300);
    assertAccounted(report);
    List<Path> files = Loads.dataFiles(out, LoadSpec.FileFormat.Avro);
    assertThat(files)
        .extracting(f -> out.relativize(f).getName(0).toString())
        .contains("event_type=click", "event_type=heartbeat");
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Avro)).hasSize(300).doesNotHaveDuplicates();
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("_rejected");
    }
  }

  @Test
  void rejectedRecordsGoToATopicWithTheirErrorHeaders() throws Exception {
    String topic = SharedKafka.createTopic("tx-dlq-src", 2);
    String dlq = SharedKafka.createTopic("tx-dlq", 1);
    Map<Integer, String> bad = new HashMap<>();
    bad.put(3, "{\"event_id\": 3, oops");
    bad.put(10, "not json at all");
    produce(topic, 40, bad);
    Path out = dir.resolve("out");
    WorkerConfig config =
        load(topic, out)
            .rejectedTopic(dlq)
            .sql("SELECT * FROM message WHERE event_type <> 'heartbeat'")
            .build();

    RunReport report = Loads.run(config);

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRejected()).isEqualTo(2);
    assertThat(report.recordsFiltered()).isEqualTo(9); // ids 2, 6, ..., 38 but 10 (rejected)
    assertAccounted(report);
    assertThat(out.resolve("_rejected")).doesNotExist();
    List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> rejected =
        SharedKafka.readAll(dlq);
    assertThat(rejected).hasSize(2);
    for (var r : rejected) {
      String value = new String(r.value(), StandardCharsets.UTF_8);
      assertThat(value).isIn("{\"event_id\": 3, oops", "not json at all");
      assertThat(header(r, "kafkaload.error.topic")).isEqualTo(topic);
      assertThat(header(r, "kafkaload.error.stage")).isEqualTo("decode");
      assertThat(header(r, "kafkaload.error.reason")).isNotBlank();
      assertThat(header(r, "trace")).startsWith("t-"); // the original headers are kept
      long offset = Long.parseLong(header(r, "kafkaload.error.offset"));
      int partition = Integer.parseInt(header(r, "kafkaload.error.partition"));
      int id = value.startsWith("not") ? 10 : 3;
      assertThat(partition).isEqualTo(id % 2);
      assertThat(offset).isEqualTo(id / 2);
      assertThat(r.timestamp()).isEqualTo(1_764_000_000_000L + id);
    }
  }

  private static String header(
      org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aStreamingLoadRunsTheSqlOnEveryBatch() throws Exception {
    String topic = SharedKafka.createTopic("tx-stream", 2);
    Path out = dir.resolve("out");
    WorkerConfig config =
        load(topic, out)
            .format(LoadSpec.FileFormat.Json)
            .partitionBy("region")
            .streaming()
            .set("spec.trigger.type", LoadSpec.TriggerType.Continuous)
            .sql("SELECT event_id, region FROM message WHERE event_type <> 'heartbeat'")
            .build();
    LoadRunner runner = new LoadRunner(config, new io.kafkaload.worker.cli.WorkerParts());
    java.util.concurrent.CompletableFuture<RunReport> running =
        java.util.concurrent.CompletableFuture.supplyAsync(runner::run);
    try {
      produce(topic, 200, Map.of());
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Json)).hasSize(150));
    } finally {
      runner.stop();
    }
    RunReport report = running.get();
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(200);
    assertThat(report.recordsFiltered()).isEqualTo(50);
    assertAccounted(report);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Json))
        .hasSize(150)
        .doesNotHaveDuplicates()
        .noneMatch(id -> id % 4 == 2);
    assertThat(Loads.dataFiles(out, LoadSpec.FileFormat.Json))
        .allMatch(f -> out.relativize(f).getName(0).toString().startsWith("region="));
  }
}
