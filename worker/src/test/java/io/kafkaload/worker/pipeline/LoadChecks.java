package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Checks of a load over records whose fate is known in advance: each produced {@link Rec} is either
 * good (a row with its {@code id} must be written exactly once) or bad (it must be in {@code
 * _rejected/} with the expected stage and reason, and its original value bytes, key, headers and
 * timestamp). Every data file is read back with DuckDB.
 */
final class LoadChecks {
  private LoadChecks() {}

  static final long BASE_TIMESTAMP = 1_764_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record to produce and what the load must do with it. */
  static final class Rec {
    final int partition;
    final byte[] key;
    final byte[] value;
    long timestamp; // settable: poison timestamps
    final RecordHeaders headers = new RecordHeaders();
    final Long id; // good: the id of its row
    final String stage; // bad: the stage
    final Consumer<String> reason; // bad: the check of its reason
    final String label;
    boolean filtered; // good, but the transform's query drops it
    long offset = -1;

    private Rec(
        int partition,
        byte[] key,
        byte[] value,
        long timestamp,
        Long id,
        String stage,
        Consumer<String> reason,
        String label) {
      this.partition = partition;
      this.key = key;
      this.value = value;
      this.timestamp = timestamp;
      this.id = id;
      this.stage = stage;
      this.reason = reason;
      this.label = label;
    }

    boolean good() {
      return id != null || filtered;
    }

    boolean written() {
      return id != null && !filtered;
    }
  }

  /** Builds the records of one test: every record gets a key, headers and a timestamp. */
  static final class Recs {
    final List<Rec> all = new ArrayList<>();
    private final int partitions;

    Recs(int partitions) {
      this.partitions = partitions;
    }

    private Rec add(byte[] key, byte[] value, Long id, String stage, Consumer<String> reason) {
      int i = all.size();
      Rec rec =
          new Rec(
              i % partitions,
              key,
              value,
              BASE_TIMESTAMP + i,
              id,
              stage,
              reason,
              "record " + i + (id != null ? " (good, id " + id + ")" : " (bad)"));
      rec.headers.add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
      rec.headers.add("bin", new byte[] {(byte) 0xff, 0, (byte) i});
      rec.headers.add("dup", ("a" + i).getBytes(StandardCharsets.UTF_8));
      rec.headers.add("dup", ("b" + i).getBytes(StandardCharsets.UTF_8));
      all.add(rec);
      return rec;
    }

    private byte[] key() {
      return ("k-" + all.size()).getBytes(StandardCharsets.UTF_8);
    }

    Rec good(long id, String json) {
      return add(key(), bytes(json), id, null, null);
    }

    Rec good(long id, byte[] value) {
      return add(key(), value, id, null, null);
    }

    /** A valid record the transform's query does not return (counted as filtered). */
    Rec filtered(long id, String json) {
      Rec r = add(key(), bytes(json), id, null, null);
      r.filtered = true;
      return r;
    }

    /** A tombstone (null value): neither written nor rejected, counted as filtered. */
    Rec tombstone() {
      Rec r = add(key(), null, null, null, null);
      r.filtered = true;
      return r;
    }

    Rec tombstoneWithoutKey() {
      Rec r = add(null, null, null, null, null);
      r.filtered = true;
      return r;
    }

    Rec goodWithoutKey(long id, String json) {
      return add(null, bytes(json), id, null, null);
    }

    Rec bad(String stage, String exactReason, byte[] value) {
      return add(key(), value, null, stage, r -> assertThat(r).isEqualTo(exactReason));
    }

    Rec bad(String stage, String exactReason, String json) {
      return bad(stage, exactReason, json == null ? null : bytes(json));
    }

    Rec badWithoutKey(String stage, String exactReason, byte[] value) {
      return add(null, value, null, stage, r -> assertThat(r).isEqualTo(exactReason));
    }

    Rec bad(String stage, Consumer<String> reason, byte[] value) {
      return add(key(), value, null, stage, reason);
    }

    /** Some good records with ids from {@code firstId}, values {@code {"id":n,"name":"n-<n>"}}. */
    void goods(long firstId, int count) {
      for (long id = firstId; id < firstId + count; id++) {
        good(id, "{\"id\":" + id + ",\"name\":\"n-" + id + "\"}");
      }
    }

    Set<Long> goodIds() {
      Set<Long> ids = new HashSet<>();
      all.stream().filter(Rec::written).forEach(r -> ids.add(r.id));
      return ids;
    }

    long badCount() {
      return all.stream().filter(r -> !r.good()).count();
    }

    /** Produces the records (the topic must be new) and sets their offsets. */
    void produce(String topic) {
      produce(topic, false);
    }

    /** With {@code large}, through a producer that sends records of up to 32 MiB. */
    void produce(String topic, boolean large) {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      Map<Integer, Long> next = new HashMap<>();
      for (Rec r : all) {
        records.add(
            new ProducerRecord<>(topic, r.partition, r.timestamp, r.key, r.value, r.headers));
        r.offset = next.merge(r.partition, 1L, Long::sum) - 1;
      }
      if (!large) {
        SharedKafka.produce(records);
        return;
      }
      Map<String, Object> config = SharedKafka.clientProperties();
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 << 20);
      config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
          acks.add(producer.send(record));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> ack : acks) {
          ack.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        throw new IllegalStateException("could not produce large records: " + e, e);
      }
    }
  }

  /** A topic that takes records of up to 32 MiB. */
  static String createLargeTopic(String prefix, int partitions) {
    String name = SharedKafka.uniqueName(prefix);
    SharedKafka.broker()
        .createTopic(name, partitions, Map.of("max.message.bytes", String.valueOf(32 << 20)));
    return name;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static void assertAccounted(RunReport report) {
    assertThat(report.recordsRead())
        .as("read = written + rejected + filtered")
        .isEqualTo(report.recordsWritten() + report.recordsRejected() + report.recordsFiltered());
  }

  /**
   * The full check of a run over {@code recs}: it succeeded, counted every record, wrote each good
   * record exactly once in files DuckDB reads, and rejected each bad one with its stage, reason and
   * original bytes, key, headers and timestamp.
   */
  static void assertLoad(
      RunReport report, Path out, LoadSpec.FileFormat format, String topic, Recs recs)
      throws Exception {
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).as("read").isEqualTo(recs.all.size());
    assertThat(report.recordsRejected()).as("rejected").isEqualTo(recs.badCount());
    assertThat(report.recordsWritten()).as("written").isEqualTo(recs.goodIds().size());
    assertThat(report.recordsFiltered())
        .as("filtered")
        .isEqualTo(recs.all.stream().filter(r -> r.filtered).count());
    assertAccounted(report);
    assertRejected(out, topic, recs);
    List<Long> ids = ids(out, format);
    assertThat(ids).as("ids written").doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).as("ids written").isEqualTo(recs.goodIds());
    assertNoTempFiles(out);
  }

  static void assertNoTempFiles(Path out) throws Exception {
    if (!Files.isDirectory(out)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(out)) {
      assertThat(walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  /** Every rejected record, by partition and offset (a record twice fails). */
  static Map<String, JsonNode> rejected(Path out) throws Exception {
    Map<String, JsonNode> byOffset = new TreeMap<>();
    Path dir = out.resolve("_rejected");
    if (!Files.isDirectory(dir)) {
      return byOffset;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isEmpty()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        String k = node.get("partition").asInt() + "@" + node.get("offset").asLong();
        assertThat(byOffset.put(k, node)).as("rejected twice: " + k).isNull();
      }
    }
    return byOffset;
  }

  static void assertRejected(Path out, String topic, Recs recs) throws Exception {
    Map<String, JsonNode> rejected = rejected(out);
    Map<String, Rec> expected = new LinkedHashMap<>();
    for (Rec r : recs.all) {
      if (!r.good()) {
        expected.put(r.partition + "@" + r.offset, r);
      }
    }
    assertThat(rejected.keySet())
        .as("rejected offsets")
        .isEqualTo(new TreeMap<>(expected).keySet());
    for (Map.Entry<String, Rec> e : expected.entrySet()) {
      Rec r = e.getValue();
      JsonNode node = rejected.get(e.getKey());
      String what = r.label + " at " + e.getKey();
      assertThat(node.get("topic").asText()).as(what).isEqualTo(topic);
      assertThat(node.get("stage").asText()).as(what + " stage").isEqualTo(r.stage);
      String reason = node.get("reason").asText();
      assertThat(reason).as(what + " reason").satisfies(r.reason::accept);
      assertThat(node.get("timestamp").asLong()).as(what + " timestamp").isEqualTo(r.timestamp);
      assertThat(decode(node.get("value"))).as(what + " value").isEqualTo(r.value);
      assertThat(decode(node.get("key"))).as(what + " key").isEqualTo(r.key);
      Map<String, List<byte[]>> headers = new LinkedHashMap<>();
      for (Header h : r.headers) {
        headers.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(h.value());
      }
      JsonNode got = node.get("headers");
      assertThat(got.size()).as(what + " headers").isEqualTo(headers.size());
      for (Map.Entry<String, List<byte[]>> h : headers.entrySet()) {
        JsonNode v = got.get(h.getKey());
        assertThat(v).as(what + " header " + h.getKey()).isNotNull();
        if (h.getValue().size() == 1) {
          assertThat(decode(v)).as(what + " header " + h.getKey()).isEqualTo(h.getValue().get(0));
        } else {
          assertThat(v.isArray()).as(what + " repeated header " + h.getKey()).isTrue();
          assertThat(v.size()).isEqualTo(h.getValue().size());
          for (int i = 0; i < v.size(); i++) {
            assertThat(decode(v.get(i))).isEqualTo(h.getValue().get(i));
          }
        }
      }
    }
  }

  private static byte[] decode(JsonNode base64) {
    return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
  }

  /**
   * The {@code id} of every row of every data file (one entry per row, duplicates kept). Each file
   * is read with DuckDB on its own, so a corrupt file fails here; a file written as one {@code
   * json} column (DuckDB could not type its rows) gives the ids inside the JSON text.
   */
  static List<Long> ids(Path out, LoadSpec.FileFormat format) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (Path file : Loads.dataFiles(out, format)) {
        String reader = reader(format, file);
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
          while (rs.next()) {
            columns.add(rs.getString(1));
          }
        }
        String id =
            columns.contains("id")
                ? "id"
                : columns.equals(List.of("json"))
                    ? "CAST(json_extract(json, '$.id') AS BIGINT)"
                    : null;
        assertThat(id).as("an id column in " + file + ": " + columns).isNotNull();
        long count;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + reader)) {
          rs.next();
          count = rs.getLong(1);
        }
        int before = ids.size();
        try (ResultSet rs = st.executeQuery("SELECT " + id + " FROM " + reader)) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
        assertThat(ids.size() - before).as("rows of " + file).isEqualTo(count);
      }
    }
    return ids;
  }

  static String reader(LoadSpec.FileFormat format, Path file) {
    String f = "'" + file + "'";
    return switch (format) {
      case Parquet -> "read_parquet(" + f + ", hive_partitioning = false)";
      case Csv -> "read_csv(" + f + ", header = true, hive_partitioning = false)";
      case Json -> "read_json(" + f + ", format = 'newline_delimited', hive_partitioning = false)";
      case Avro -> throw new IllegalArgumentException("read Avro with the Avro library");
    };
  }

  /** The rows of a query, each as column name -> value. */
  static List<Map<String, Object>> query(String sql) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** {@code read_parquet([...])} over every data file under {@code out}. */
  static String parquet(Path out) throws Exception {
    List<Path> files = Loads.dataFiles(out, LoadSpec.FileFormat.Parquet);
    assertThat(files).as("data files under " + out).isNotEmpty();
    return "read_parquet(["
        + String.join(", ", files.stream().map(f -> "'" + f + "'").toList())
        + "], hive_partitioning = false, union_by_name = true)";
  }
}
