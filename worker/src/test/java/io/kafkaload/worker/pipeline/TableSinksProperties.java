package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConfigDocument;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.output.iceberg.IcebergCatalogs;
import io.kafkaload.worker.rejects.RejectedTopicPublisher;
import io.kafkaload.worker.security.SecretFiles;
import io.kafkaload.worker.testkit.SharedKafka;
import io.kafkaload.worker.testkit.SharedPostgres;
import io.kafkaload.worker.testkit.SharedPostgres.Database;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Generated JSON rows loaded without a schema through the real worker path into a real PostgreSQL
 * (embedded, one per class) and a real Iceberg table (JDBC catalog on SQLite), on the shared
 * broker. The rows hold numbers at every edge (beyond 64 bits, huge and tiny doubles, signed
 * zeros), strings with every Unicode plane, control characters and NUL, long values, nested objects
 * and arrays, timestamps at the edges of their range as text, and hostile member names. On every
 * generated chunk, in either table: the run succeeds; read = written + rejected + filtered; every
 * offset is in the table or in the rejected topic, never both, and each reject has a stage and a
 * reason that quotes none of the record's strings; the table holds exactly the written rows; every
 * value read back equals its input (strings exactly, integers exactly, other numbers as the nearest
 * double, nested values member by member).
 *
 * <p>Half the tries load the rows with a schema ({@link #SCHEMA}: a timestamp, a decimal(38,0), a
 * double, a string and a json field, the other members kept), each field's value generated of any
 * kind, timestamps at and beyond the edges of their range.
 *
 * <p>Each try runs one load (about a second) into one of the tables: tries stay at the suite's
 * default (25); raise them with {@code -Djqwik.tries.default=N} for a long local run.
 */
class TableSinksProperties {

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  static {
    // keep the output readable: Iceberg and Hadoop log at INFO per commit and per scan
    for (String logger : List.of("org.apache.iceberg", "org.apache.hadoop", "io.zonky")) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
    STRICT
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(100_000)
                .maxNumberLength(100_000)
                .build());
  }

  private static Database pg;
  private static Path dir;

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("table-props");
    Path secrets = dir.resolve("secrets");
    pg = SharedPostgres.newDatabase(); // one for the container: its tries share the secrets
    pg.writeSecret(secrets, "pg");
    Path catalog = secrets.resolve("catalog-db");
    Files.createDirectories(catalog);
    Files.writeString(catalog.resolve("url"), "jdbc:sqlite:" + dir.resolve("catalog.db"));
    Files.writeString(catalog.resolve("user"), "kafkaload");
    Files.writeString(catalog.resolve("password"), "unused-by-sqlite");
  }

  @AfterContainer
  static void stop() throws Exception {
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One generated record: its JSON value (null: a tombstone) and its Kafka timestamp. */
  record Row(String json, long timestamp) {
    @Override
    public String toString() {
      return timestamp
          + " "
          + (json != null && json.length() > 400 ? json.substring(0, 400) : json);
    }
  }

  static final List<String> TIMESTAMP_TEXTS =
      List.of(
          "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999999999Z",
          "2026-03-29T02:30:00",
          "10000-01-01T00:00:00Z",
          "0000-12-31T23:59:59Z",
          "-290308-12-21T19:59:05.224192Z",
          "294247-01-10T04:00:54.775807Z");

  /** A value for a column of one kind; the kind is in the member's name, so most rows fit. */
  static Arbitrary<String> valueOf(char kind) {
    return switch (kind) {
      case 's' ->
          Arbitraries.oneOf(
              GeneratedRecords.string(30).map(GeneratedRecords::quote),
              Arbitraries.of(TIMESTAMP_TEXTS).map(GeneratedRecords::quote),
              Arbitraries.strings()
                  .all()
                  .ofMinLength(1000)
                  .ofMaxLength(3000)
                  .map(GeneratedRecords::quote),
              Arbitraries.of("\"\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\\\N\"", "\"\\t\\n\""));
      case 'i' ->
          Arbitraries.oneOf(
              Arbitraries.of(GeneratedRecords.EDGE_NUMBERS)
                  .filter(n -> !n.contains(".") && !n.contains("e") && !n.contains("E")),
              Arbitraries.longs().map(String::valueOf));
      case 'n' ->
          Arbitraries.oneOf(
              Arbitraries.of(GeneratedRecords.EDGE_NUMBERS),
              Arbitraries.doubles()
                  .map(String::valueOf)
                  .filter(s -> !s.contains("N") && !s.contains("I")));
      case 'b' -> Arbitraries.of("true", "false");
      case 'o' ->
          Combinators.combine(Arbitraries.of("x", "y", "z", "X"), GeneratedRecords.value(2))
              .as((n, v) -> GeneratedRecords.quote(n) + ":" + v)
              .list()
              .ofMaxSize(3)
              .map(m -> "{" + String.join(",", m) + "}");
      case 'r' -> valueOf('n').list().ofMaxSize(4).map(m -> "[" + String.join(",", m) + "]");
      default -> GeneratedRecords.value(2); // any kind: the column takes the first
    };
  }

  static Arbitrary<String> member() {
    Arbitrary<String> typed =
        Arbitraries.of('s', 'i', 'n', 'b', 'o', 'r', 'j')
            .flatMap(
                kind ->
                    Combinators.combine(Arbitraries.integers().between(1, 2), valueOf(kind))
                        .as((i, v) -> GeneratedRecords.quote("" + kind + i) + ":" + v));
    Arbitrary<String> hostile =
        Combinators.combine(GeneratedRecords.name(), GeneratedRecords.value(2))
            .as((n, v) -> GeneratedRecords.quote(n) + ":" + v);
    Arbitrary<String> nulls = Arbitraries.of("s1", "n1", "o1").map(n -> "\"" + n + "\":null");
    return Arbitraries.frequencyOf(Tuple.of(12, typed), Tuple.of(1, hostile), Tuple.of(1, nulls));
  }

  static Arbitrary<Row> rows() {
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
            Tuple.of(20, member().list().ofMaxSize(8).map(m -> "{" + String.join(",", m) + "}")),
            Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<Long> timestamp =
        Arbitraries.frequencyOf(
            Tuple.of(10, Arbitraries.longs().between(0, 4_102_444_800_000L)),
            Tuple.of(1, Arbitraries.of(0L, 253_402_300_799_999L, 253_402_300_800_000L)),
            Tuple.of(1, Arbitraries.longs().between(Long.MAX_VALUE / 1000, Long.MAX_VALUE)));
    return Combinators.combine(value, timestamp).as(Row::new);
  }

  @Provide
  Arbitrary<List<Row>> chunks() {
    return rows().list().ofMinSize(1).ofMaxSize(20);
  }

  /** The schema of the schema loads: typed fields, and the other members kept. */
  static final String SCHEMA =
      """
      unknownFields: Keep
      fields:
        - {name: ts, type: timestamp}
        - {name: d, type: "decimal(38,0)"}
        - {name: x, type: double}
        - {name: s, type: string}
        - {name: j, type: json}
      """;

  static final List<String> SCHEMA_TIMESTAMPS =
      List.of(
          "\"0001-01-01T00:00:00Z\"",
          "\"9999-12-31T23:59:59.999999Z\"",
          "\"1970-01-01T00:00:00Z\"",
          "\"1969-12-31T23:59:59.999999Z\"",
          "\"2026-03-29T02:30:00\"",
          "\"2026-11-25\"",
          "\"2026-11-25T09:00:00.123+05:30\"",
          "\"10000-01-01T00:00:00Z\"",
          "\"0000-12-31T23:59:59Z\"",
          "\"1969-12-31T23:59:59.999999999Z\"",
          "\"2026-02-29\"",
          "1764000000000",
          "null");

  /** A member of a schema load's row: a schema field (any input kind) or a kept member. */
  static Arbitrary<String> schemaMember() {
    Arbitrary<String> field =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of(SCHEMA_TIMESTAMPS).map(v -> "\"ts\":" + v)),
            Tuple.of(
                3,
                Arbitraries.oneOf(valueOf('i'), valueOf('n'), valueOf('s')).map(v -> "\"d\":" + v)),
            Tuple.of(3, Arbitraries.oneOf(valueOf('n'), valueOf('s')).map(v -> "\"x\":" + v)),
            Tuple.of(
                3,
                Arbitraries.oneOf(valueOf('s'), valueOf('n'), valueOf('b'), valueOf('o'))
                    .map(v -> "\"s\":" + v)),
            Tuple.of(3, GeneratedRecords.value(3).map(v -> "\"j\":" + v)),
            Tuple.of(1, Arbitraries.of("\"S\":\"x\"", "\"Ts\":1")));
    return Arbitraries.frequencyOf(Tuple.of(3, field), Tuple.of(2, member()));
  }

  @Provide
  Arbitrary<List<Row>> schemaChunks() {
    Arbitrary<String> value =
        schemaMember().list().ofMaxSize(8).map(m -> "{" + String.join(",", m) + "}");
    return value.map(v -> new Row(v, 1_764_000_000_000L)).list().ofMinSize(1).ofMaxSize(20);
  }

  /** A chunk of rows without a schema, or with {@link #SCHEMA}. */
  record Chunk(boolean schema, List<Row> rows) {}

  @Provide
  Arbitrary<Chunk> anyChunk() {
    return Arbitraries.oneOf(
        chunks().map(rows -> new Chunk(false, rows)),
        schemaChunks().map(rows -> new Chunk(true, rows)));
  }

  /**
   * One load per try, into either table, without a schema or with {@link #SCHEMA} (typed fields,
   * the other members kept), to keep the suite's time small. With the schema, every written field
   * equals its input as the schema normalises it (timestamps as instants, decimals exactly, doubles
   * as the nearest double, strings exactly, json member by member), kept members as without a
   * schema.
   */
  @Property
  void everyRowIsInTheTableExactlyOrRejectedWithAReason(
      @ForAll("anyChunk") Chunk chunk, @ForAll boolean iceberg) throws Exception {
    // (the tables may differ in what they reject: PostgreSQL text cannot hold U+0000)
    String schema = chunk.schema() ? SCHEMA : "";
    if (iceberg) {
      toIceberg(chunk.rows(), schema);
    } else {
      toPostgres(chunk.rows(), schema);
    }
  }

  /** Produces the rows to a new topic; returns it and two rejected topics (PostgreSQL, Iceberg). */
  private static String[] produce(List<Row> rows) throws Exception {
    String topic = SharedKafka.uniqueName("tprops");
    String pgDlq = SharedKafka.uniqueName("tprops-dlq");
    String iceDlq = SharedKafka.uniqueName("tprops-dlq");
    Map<String, String> anyTimestamp =
        Map.of("message.timestamp.after.max.ms", "" + Long.MAX_VALUE);
    SharedKafka.admin()
        .createTopics(
            List.of(
                new NewTopic(topic, 1, (short) 1).configs(anyTimestamp),
                new NewTopic(pgDlq, 1, (short) 1).configs(anyTimestamp),
                new NewTopic(iceDlq, 1, (short) 1).configs(anyTimestamp)))
        .all()
        .get(60, TimeUnit.SECONDS);
    List<ProducerRecord<byte[], byte[]>> produced = new ArrayList<>();
    for (Row r : rows) {
      byte[] value = r.json() == null ? null : r.json().getBytes(StandardCharsets.UTF_8);
      produced.add(new ProducerRecord<>(topic, 0, r.timestamp(), null, value));
    }
    SharedKafka.produce(produced);
    return new String[] {topic, pgDlq, iceDlq};
  }

  private Outcome toPostgres(List<Row> rows) throws Exception {
    return toPostgres(rows, "");
  }

  private Outcome toIceberg(List<Row> rows) throws Exception {
    return toIceberg(rows, "");
  }

  private Outcome toPostgres(List<Row> rows, String schema) throws Exception {
    String[] topics = produce(rows);
    String table = SharedKafka.uniqueName("t").replace('-', '_');
    TestLoads load =
        load(topics[0], topics[1], schema)
            .set("spec.sink.jdbc.secretRef.name", "pg")
            .set("spec.sink.jdbc.table", "public." + table)
            .set("spec.sink.jdbc.createTable", true);
    return check(rows, topics[1], load, this::pgRows, table, !schema.isEmpty());
  }

  // the schema loads' json field j is a string column in Iceberg, holding the value's JSON text
  private boolean icebergJsonColumn;

  private Outcome toIceberg(List<Row> rows, String schema) throws Exception {
    icebergJsonColumn = !schema.isEmpty();
    String[] topics = produce(rows);
    String table = SharedKafka.uniqueName("t").replace('-', '_');
    TestLoads load =
        load(topics[0], topics[2], schema)
            .edit(this::icebergCatalog)
            .set("spec.sink.iceberg.namespace", "db")
            .set("spec.sink.iceberg.table", table)
            .set("spec.sink.iceberg.createTable", true);
    return check(rows, topics[2], load, this::icebergRows, table, !schema.isEmpty());
  }

  /** A load of {@code topic} (offsets and timestamps kept), rejects to {@code dlq}; no sink. */
  private static TestLoads load(String topic, String dlq, String schema) {
    TestLoads load =
        TestLoads.load(topic)
            .sharedKafka()
            .name(SharedKafka.uniqueName("tprops"))
            .metadataColumns("_offset", "_timestamp")
            .rejectedTopic(dlq)
            .dir(dir);
    return schema.isEmpty() ? load : load.schema(schema);
  }

  private static List<Row> rows(String... json) {
    List<Row> rows = new ArrayList<>();
    for (String j : json) {
      rows.add(new Row(j, 1_764_000_000_000L + rows.size()));
    }
    return rows;
  }

  /** Found by the property: one such record failed the run, and every re-run, naming the name. */
  @Example
  void aMemberNameLongerThanPostgresqlTakesRejectsItsRecordOnly() throws Exception {
    String name = "n".repeat(30) + "\u00e9".repeat(17); // 64 bytes of UTF-8
    Outcome pg =
        toPostgres(rows("{\"s1\":\"a\"}", "{\"s1\":\"b\",\"" + name + "\":1}", "{\"s1\":\"c\"}"));

    assertThat(pg.written()).containsOnlyKeys(0L, 2L);
    assertThat(pg.reasons())
        .containsExactly(
            Map.entry(
                1L,
                "member name at byte 10 is longer than the 63 bytes of a PostgreSQL column name"
                    + " (it would be truncated); shorten it, or name the fields to load in"
                    + " spec.schema"));
    // 63 bytes fit
    String fits = "n".repeat(31) + "\u00e9".repeat(16);
    assertThat(toPostgres(rows("{\"" + fits + "\":1}")).written()).containsOnlyKeys(0L);
  }

  /** Found by the property: a column only null in a chunk failed the Iceberg run for good. */
  @Example
  void aColumnWhoseValuesAreAllNullLoadsIntoBothTables() throws Exception {
    List<Row> rows = rows("{\"s1\":\"a\",\"n1\":null}", "{\"s1\":\"b\",\"n1\":null}");
    assertThat(toIceberg(rows).written()).containsOnlyKeys(0L, 1L);
    assertThat(toPostgres(rows).written()).containsOnlyKeys(0L, 1L);
  }

  /**
   * Found by the property: an integer beyond BIGINT in a list made DuckDB read the chunk again as
   * DECIMAL(38,0)[], and the PostgreSQL writer, opened for BIGINT[], failed the run for good.
   */
  @Example
  void integersUpTo2To64InAListOrAColumnReachBothTablesExactly() throws Exception {
    List<Row> rows =
        rows("{\"r\":[18446744073709551615,1],\"u\":18446744073709551615}", "{\"r\":[2],\"u\":1}");
    Outcome pg = toPostgres(rows);
    assertThat(pg.written()).as("%s", pg.reasons()).containsOnlyKeys(0L, 1L);
    Outcome ice = toIceberg(rows);
    assertThat(ice.written()).as("%s", ice.reasons()).containsOnlyKeys(0L, 1L);
  }

  /**
   * Found by the property: with a schema, a json field nested deeper than DuckDB's 128 levels (the
   * validator took up to 512) made the whole chunk one json column, so the table lost its typed and
   * metadata columns; the record is now rejected naming the field.
   */
  @Example
  void aJsonFieldDeeperThanAJsonColumnHoldsRejectsItsRecordOnly() throws Exception {
    String fits = "[".repeat(127) + "]".repeat(127); // 128 levels with the row's object
    String deep = "[".repeat(128) + "]".repeat(128);
    List<Row> rows = rows("{\"j\":" + fits + ",\"s\":\"a\"}", "{\"j\":" + deep + "}", "{}");
    for (Outcome o : List.of(toIceberg(rows, SCHEMA), toPostgres(rows, SCHEMA))) {
      assertThat(o.written()).containsOnlyKeys(0L, 2L);
      assertThat(o.reasons())
          .containsExactly(
              Map.entry(
                  1L,
                  "field j: nested deeper than 128 levels (counting the row's object), the most a"
                      + " json column holds"));
    }
  }

  /**
   * Found by the property: with a schema, a json field whose value had one member name twice in an
   * object was written, and PostgreSQL's jsonb kept only the last one (a silent change).
   */
  @Example
  void aJsonFieldWithAMemberNameTwiceRejectsItsRecordOnly() throws Exception {
    List<Row> rows =
        rows(
            "{\"j\":[{\"a\":\"x\",\"b\":[-0.01],\"b\":{\"c\":1}}],\"s\":\"a\"}",
            "{\"j\":{\"b\":1,\"c\":{\"b\":2}}}",
            "{}");
    for (Outcome o : List.of(toIceberg(rows, SCHEMA), toPostgres(rows, SCHEMA))) {
      assertThat(o.written()).containsOnlyKeys(1L, 2L);
      assertThat(o.reasons()).containsOnlyKeys(0L);
      assertThat(o.reasons().get(0L))
          .startsWith("field j: holds an object with a member name twice");
    }
  }

  interface Reader {
    List<Map<String, Object>> read(String table) throws Exception;
  }

  /** What a load of generated rows did: the rows written by offset, the reasons by offset. */
  record Outcome(Map<Long, JsonNode> written, Map<Long, String> reasons) {}

  private Outcome check(
      List<Row> rows, String dlq, TestLoads load, Reader reader, String table, boolean schema)
      throws Exception {
    WorkerConfig config = load.build();

    RunReport report = new LoadRunner(config, new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(rows.size());
    long tombstones = rows.stream().filter(r -> r.json() == null).count();
    assertThat(report.recordsFiltered()).isEqualTo(tombstones);
    assertThat(report.recordsRead())
        .isEqualTo(report.recordsWritten() + report.recordsRejected() + report.recordsFiltered());
    Set<Long> rejected = new HashSet<>();
    Map<Long, String> reasons = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(dlq)) {
      long offset = Long.parseLong(lastHeader(r, RejectedTopicPublisher.ERROR_OFFSET));
      String stage = lastHeader(r, RejectedTopicPublisher.ERROR_STAGE);
      String reason = lastHeader(r, RejectedTopicPublisher.ERROR_REASON);
      rejected.add(offset);
      reasons.put(offset, reason);
      assertThat(stage).isIn("decode", "validate", "write");
      assertThat(reason).isNotBlank().doesNotContain("\n");
      // (a schema's reasons quote the field's value, cut to 64 characters: docs/validation.md)
      for (String s : schema ? List.<String>of() : strings(rows.get((int) offset).json())) {
        assertThat(reason).as("reason quotes a value").doesNotContain(s);
      }
    }
    Map<Long, JsonNode> written = new HashMap<>();
    for (Map<String, Object> row : reader.read(table)) {
      long offset = ((Number) row.get("_offset")).longValue();
      Row input = rows.get((int) offset);
      JsonNode in = STRICT.readTree(input.json());
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      row.forEach(
          (k, v) -> {
            if (!k.equals("_offset") && !k.equals("_timestamp")) {
              out.set(k, tree(v));
            }
          });
      assertThat(written.put(offset, out)).as("offset written twice: " + offset).isNull();
      if (schema) {
        assertSchemaRow(in, out, "offset " + offset);
      } else {
        assertEqual(in, out, "offset " + offset);
      }
    }
    assertThat(written.size()).isEqualTo(report.recordsWritten());
    assertThat(rejected).hasSize((int) report.recordsRejected());
    assertThat(java.util.Collections.disjoint(written.keySet(), rejected))
        .as("written and rejected")
        .isTrue();
    assertThat(written.size() + report.recordsRejected() + tombstones).isEqualTo(rows.size());
    return new Outcome(written, reasons);
  }

  private static String lastHeader(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private List<Map<String, Object>> pgRows(String table) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM public." + table)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String type = md.getColumnTypeName(i);
          Object v =
              type.equals("jsonb") || type.equals("json")
                  ? json(rs.getString(i))
                  : type.equals("timestamptz")
                      ? rs.getObject(i, java.time.OffsetDateTime.class)
                      : rs.getObject(i);
          row.put(md.getColumnName(i), v);
        }
        rows.add(row);
      }
    } catch (org.postgresql.util.PSQLException e) {
      if (e.getMessage().contains("does not exist")) {
        return rows; // no row was written: the table was never created
      }
      throw e;
    }
    return rows;
  }

  /** The catalog the Iceberg loads write to. */
  private void icebergCatalog(ConfigDocument doc) {
    doc.set("spec.sink.iceberg.catalog.type", LoadSpec.IcebergCatalogType.Jdbc);
    doc.set("spec.sink.iceberg.catalog.warehouse", dir.resolve("warehouse").toString());
    doc.set("spec.sink.iceberg.catalog.secretRef.name", "catalog-db");
  }

  private List<Map<String, Object>> icebergRows(String table) throws Exception {
    Catalog catalog =
        IcebergCatalogs.open(
            TestLoads.empty().edit(this::icebergCatalog).spec().sink().iceberg().catalog(),
            new SecretFiles(dir.resolve("secrets")));
    List<Map<String, Object>> rows = new ArrayList<>();
    try {
      TableIdentifier id = TableIdentifier.of(Namespace.of("db"), table);
      if (!catalog.tableExists(id)) {
        return rows;
      }
      Table t = catalog.loadTable(id);
      try (CloseableIterable<Record> records = IcebergGenerics.read(t).build()) {
        for (Record r : records) {
          Map<String, Object> row = new HashMap<>();
          for (var f : r.struct().fields()) {
            Object v = r.getField(f.name());
            row.put(
                f.name(),
                icebergJsonColumn && f.name().equals("j") && v instanceof CharSequence text
                    ? json(text.toString())
                    : v);
          }
          rows.add(row);
        }
      }
    } finally {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }
    return rows;
  }

  /** A JSON column's text as a tree (so it is compared member by member, not as text). */
  private static Object json(String text) throws Exception {
    return text == null ? null : new JsonText(STRICT.readTree(text));
  }

  /** The JSON a JSON column held (a string input then compares with a JSON string). */
  record JsonText(JsonNode node) {}

  /** A value read back as a JSON tree. */
  private static JsonNode tree(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    }
    if (v instanceof JsonText t) {
      return t.node();
    }
    if (v instanceof CharSequence s) {
      return f.textNode(s.toString());
    }
    if (v instanceof java.time.OffsetDateTime t) {
      return f.textNode(t.toInstant().toString());
    }
    if (v instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (v instanceof Double d) {
      return f.numberNode(d);
    }
    if (v instanceof Float d) {
      return f.numberNode(d);
    }
    if (v instanceof BigDecimal d) {
      return f.numberNode(d);
    }
    if (v instanceof Number n) {
      return f.numberNode(new BigDecimal(n.toString()));
    }
    if (v instanceof Record r) {
      ObjectNode o = f.objectNode();
      for (var field : r.struct().fields()) {
        o.set(field.name(), tree(r.getField(field.name())));
      }
      return o;
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = f.objectNode();
      m.forEach((k, x) -> o.set(k.toString(), tree(x)));
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = f.arrayNode();
      l.forEach(x -> a.add(tree(x)));
      return a;
    }
    if (v instanceof org.postgresql.util.PGobject p) {
      return f.textNode(p.getValue());
    }
    if (v instanceof ByteBuffer b) {
      return f.textNode(StandardCharsets.UTF_8.decode(b.duplicate()).toString());
    }
    return f.textNode(v.toString());
  }

  /**
   * Every member of {@code in} is in {@code out} with an equal value; members only {@code out} has
   * (a column other rows brought) are null.
   */
  static void assertEqual(JsonNode in, JsonNode out, String where) {
    if (in.isObject()) {
      assertThat(out.isObject()).as(where + ": an object, got " + out).isTrue();
      for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode o = out.get(e.getKey());
        assertThat(o != null || e.getValue().isNull())
            .as(where + ": member " + e.getKey() + " missing from " + out)
            .isTrue();
        assertEqual(
            e.getValue(),
            o == null ? JsonNodeFactory.instance.nullNode() : o,
            where + "." + e.getKey());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!in.has(e.getKey())) {
          assertThat(e.getValue().isNull()).as(where + ": extra member " + e.getKey()).isTrue();
        }
      }
    } else if (in.isArray()) {
      assertThat(out.isArray()).as(where + ": an array, got " + out).isTrue();
      assertThat(out.size()).as(where + ": array size").isEqualTo(in.size());
      for (int i = 0; i < in.size(); i++) {
        assertEqual(in.get(i), out.get(i), where + "[" + i + "]");
      }
    } else if (in.isTextual()) {
      assertThat(out.isTextual()).as(where + ": a string, got " + out).isTrue();
      assertThat(out.asText()).as(where).isEqualTo(in.asText());
    } else if (in.isNumber()) {
      assertThat(out.isNumber()).as(where + ": a number, got " + out).isTrue();
      if (in.isIntegralNumber()) {
        assertThat(out.decimalValue().compareTo(in.decimalValue()))
            .as(where + ": " + in + " read back as " + out)
            .isZero();
      } else {
        // numerically equal (-0.0 == 0.0: a signed zero's sign is not asserted)
        assertThat(out.doubleValue() == Double.parseDouble(in.asText()))
            .as(where + ": " + in + " read back as " + out)
            .isTrue();
      }
    } else if (in.isBoolean()) {
      assertThat(out.isBoolean() && out.booleanValue() == in.booleanValue())
          .as(where + ": " + in + " read back as " + out)
          .isTrue();
    } else {
      assertThat(out.isNull()).as(where + ": null, got " + out).isTrue();
    }
  }

  /**
   * A schema load's row: each schema field equals its input as the schema normalises it; the other
   * members (kept) as without a schema.
   */
  static void assertSchemaRow(JsonNode in, JsonNode out, String where) {
    ObjectNode kept = JsonNodeFactory.instance.objectNode();
    ObjectNode keptOut = ((ObjectNode) out).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!List.of("ts", "d", "x", "s", "j").contains(e.getKey())) {
        kept.set(e.getKey(), e.getValue());
      }
    }
    for (String field : List.of("ts", "d", "x", "s", "j")) {
      keptOut.remove(field);
      JsonNode v = in.get(field);
      JsonNode o = out.get(field);
      String w = where + "." + field;
      if (v == null || v.isNull()) {
        assertThat(o == null || o.isNull()).as(w + ": null, got " + o).isTrue();
        continue;
      }
      assertThat(o).as(w + " missing").isNotNull();
      switch (field) {
        case "ts" -> assertThat(o.asText()).as(w).isEqualTo(instant(v.asText()).toString());
        case "d" ->
            assertThat(new BigDecimal(o.asText()).compareTo(new BigDecimal(v.asText())))
                .as(w + ": " + v + " read back as " + o)
                .isZero();
        case "x" ->
            assertThat(o.doubleValue() == Double.parseDouble(v.asText()))
                .as(w + ": " + v + " read back as " + o)
                .isTrue();
        case "s" -> {
          // a number is written as its literal text: compared by value here (the tree has no
          // literal), as a string is exactly
          if (v.isNumber()) {
            assertThat(new BigDecimal(o.asText()).compareTo(v.decimalValue())).as(w).isZero();
          } else {
            assertThat(o.asText()).as(w).isEqualTo(v.asText());
          }
        }
        default -> assertEqual(v, o, w);
      }
    }
    assertEqual(kept, keptOut, where + " (kept)");
  }

  /** The instant of an accepted ISO-8601 timestamp text (UTC when it has no offset). */
  private static java.time.Instant instant(String text) {
    if (text.matches("-?\\d+")) {
      return java.time.Instant.ofEpochMilli(Long.parseLong(text));
    }
    if (text.length() == 10) {
      return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
    if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return java.time.OffsetDateTime.parse(text).toInstant();
    }
    return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
  }

  /** The strings of a record's value longer than 5 characters (they must not reach a reason). */
  private static List<String> strings(String json) {
    List<String> found = new ArrayList<>();
    if (json == null) {
      return found;
    }
    try {
      collect(STRICT.readTree(json), found);
    } catch (Exception | Error notJson) {
      // not JSON: nothing to look for
    }
    return found;
  }

  private static void collect(JsonNode n, List<String> found) {
    if (n == null) {
      return;
    }
    if (n.isTextual() && n.asText().length() > 5) {
      found.add(n.asText());
    }
    for (JsonNode child : n) {
      collect(child, found);
    }
  }
}
