package io.kafkaload.worker.output.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec.WriteMode;
import io.kafkaload.worker.testkit.SharedPostgres;
import io.kafkaload.worker.testkit.SharedPostgres.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The PostgreSQL sink against a real PostgreSQL 14 (embedded, shared; a database per class). */
class PgWriterTest {
  private static PgConnector connector;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private Connection duck;
  private Connection admin;
  private final List<PgWriter> writers = new ArrayList<>();
  private String load;

  @BeforeAll
  static void startPostgres() throws Exception {
    Database db = SharedPostgres.newDatabase();
    connector = PgConnector.of(JdbcUrl.parse(db.url()), db.user(), db.password());
  }

  @BeforeEach
  void open(TestInfo info) throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    admin = connector.open();
    load = "test/" + info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void close() throws SQLException {
    writers.forEach(PgWriter::close);
    duck.close();
    admin.close();
  }

  private static String newTable() {
    return "t" + TABLES.incrementAndGet();
  }

  private ResultSet duck(String sql) throws SQLException {
    return duck.createStatement().executeQuery(sql);
  }

  private PgWriter writer(
      String table, boolean create, WriteMode mode, List<String> keys, String sampleSql)
      throws SQLException {
    try (ResultSet rs = duck(sampleSql + " LIMIT 0")) {
      PgWriter w =
          PgWriter.open(
              connector,
              new PgWriter.Options(TableName.parse(table), create, mode, keys),
              load,
              LoadColumn.of(rs.getMetaData()));
      writers.add(w);
      return w;
    }
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute(sql);
    }
  }

  private List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  private long count(String table) throws SQLException {
    return Long.parseLong(rows("SELECT count(*) FROM " + table).get(0).get(0));
  }

  private static final String ALL_TYPES =
      "SELECT 42::BIGINT AS b, 7::INTEGER AS i, 3::SMALLINT AS s, 1.5::DOUBLE AS d,"
          + " 0.25::FLOAT AS f, 1234.56::DECIMAL(10,2) AS dec, 'tab\there\\ \"q\" é 😀'::VARCHAR AS v,"
          + " true AS bo, DATE '2024-02-29' AS da, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts,"
          + " TIMESTAMPTZ '2024-01-02 03:04:05.5+02' AS tz, '{\"a\": [1, 2]}'::JSON AS j,"
          + " {'x': 1, 'y': 'two', 'z': [DATE '2024-01-01']} AS st, [1, 2, NULL]::INTEGER[] AS li,"
          + " MAP {'k': 2} AS m, 'ab\\x00c'::BLOB AS bl,"
          + " '6f1b6f7e-6c1e-4a7c-9b8e-1a2b3c4d5e6f'::UUID AS u, TIME '01:02:03' AS ti,"
          + " 170141183460469231731687303715884105727::HUGEINT AS h, 18446744073709551615::UBIGINT AS ub,"
          + " INTERVAL 3 DAY AS iv";

  @Test
  void createsTheTableWithEachTypeAndWritesEveryValue() throws SQLException {
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), ALL_TYPES);
    assertThat(w.table().created()).isTrue();
    assertThat(w.table().tableTypes())
        .containsEntry("b", "bigint")
        .containsEntry("i", "integer")
        .containsEntry("s", "smallint")
        .containsEntry("d", "double precision")
        .containsEntry("f", "real")
        .containsEntry("dec", "numeric(10,2)")
        .containsEntry("v", "text")
        .containsEntry("bo", "boolean")
        .containsEntry("da", "date")
        .containsEntry("ts", "timestamp without time zone")
        .containsEntry("tz", "timestamp with time zone")
        .containsEntry("j", "jsonb")
        .containsEntry("st", "jsonb")
        .containsEntry("li", "jsonb")
        .containsEntry("m", "jsonb")
        .containsEntry("bl", "bytea")
        .containsEntry("u", "uuid")
        .containsEntry("ti", "time without time zone")
        .containsEntry("h", "numeric(39,0)")
        .containsEntry("ub", "numeric(20,0)")
        .containsEntry("iv", "interval");
    try (ResultSet rs = duck(ALL_TYPES)) {
      ChunkCommit c = w.commitChunk("events", 0, 0, 1, rs);
      assertThat(c.rowsWritten()).isEqualTo(1);
      assertThat(c.rejected()).isEmpty();
    }
    List<String> row =
        rows("SELECT b, i, s, d, f, dec, v, bo, da, ts, tz AT TIME ZONE 'UTC', j::text, st::text,"
                + " li::text, m::text, encode(bl, 'hex'), u, ti, h, ub, iv FROM \"public\".\""
                + table
                + "\"")
            .get(0);
    assertThat(row)
        .containsExactly(
            "42",
            "7",
            "3",
            "1.5",
            "0.25",
            "1234.56",
            "tab\there\\ \"q\" é 😀",
            "t",
            "2024-02-29",
            "2024-01-02 03:04:05.123456",
            "2024-01-02 01:04:05.5",
            "{\"a\": [1, 2]}",
            "{\"x\": 1, \"y\": \"two\", \"z\": [\"2024-01-01\"]}",
            "[1, 2, null]",
            "{\"k\": 2}",
            "61620063",
            "6f1b6f7e-6c1e-4a7c-9b8e-1a2b3c4d5e6f",
            "01:02:03",
            "170141183460469231731687303715884105727",
            "18446744073709551615",
            "3 days");
  }

  @Test
  void writesNullsOfEveryType() throws SQLException {
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), ALL_TYPES);
    // The same columns, every value of the second row NULL (UNION ALL keeps the first's types).
    String sql =
        ALL_TYPES
            + " UNION ALL SELECT "
            + String.join(", ", java.util.Collections.nCopies(21, "NULL"));
    try (ResultSet rs = duck(sql)) {
      ChunkCommit c = w.commitChunk("events", 0, 0, 2, rs);
      assertThat(c.rowsWritten()).isEqualTo(2);
    }
    assertThat(
            count(
                "\""
                    + table
                    + "\" WHERE b IS NULL AND v IS NULL AND st IS NULL AND bl IS NULL"
                    + " AND tz IS NULL AND u IS NULL AND h IS NULL AND iv IS NULL"))
        .isEqualTo(1);
  }

  @Test
  void missingTableWithoutCreateTableFailsClearly() {
    assertThatThrownBy(
            () -> writer("no_such_table", false, WriteMode.Append, List.of(), "SELECT 1 AS a"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"public\".\"no_such_table\" does not exist")
        .hasMessageContaining("createTable: true");
  }

  @Test
  void checksAnExistingTableAndNamesTheColumnThatDoesNotFit() throws SQLException {
    String table = newTable();
    exec(
        "CREATE TABLE "
            + table
            + " (id bigint, note varchar(5), amount numeric(6,1), at timestamptz)");
    assertThatThrownBy(
            () ->
                writer(
                    table,
                    false,
                    WriteMode.Append,
                    List.of(),
                    "SELECT 1::BIGINT AS id, 'x' AS note, 1.25::DECIMAL(6,2) AS amount,"
                        + " TIMESTAMP '2024-01-01' AS at, 1 AS Extra"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "column amount is numeric(6,1) in table \"public\".\""
                + table
                + "\" and DECIMAL(6,2) in the load")
        .hasMessageContaining("ALTER COLUMN \"amount\" TYPE numeric(6,2)")
        .hasMessageContaining(
            "column at is timestamp with time zone in table \"public\".\""
                + table
                + "\" and TIMESTAMP in the load")
        .hasMessageContaining("column Extra (INTEGER) is missing")
        .hasMessageContaining("ADD COLUMN \"Extra\" integer");
  }

  @Test
  void acceptsWiderColumnsAndNotNullColumnsWithDefaults() throws SQLException {
    String table = newTable();
    exec(
        "CREATE TABLE "
            + table
            + " (id numeric, n bigint, note varchar(100), d timestamp,"
            + " created timestamptz NOT NULL DEFAULT now(), j json)");
    PgWriter w =
        writer(
            table,
            false,
            WriteMode.Append,
            List.of(),
            "SELECT 1::INTEGER AS id, 2::SMALLINT AS n, 'x' AS note, DATE '2024-01-01' AS d,"
                + " {'a': 1} AS j");
    try (ResultSet rs =
        duck(
            "SELECT 1::INTEGER AS id, 2::SMALLINT AS n, 'x' AS note, DATE '2024-01-01' AS d,"
                + " {'a': 1} AS j")) {
      assertThat(w.commitChunk("t", 0, 0, 1, rs).rowsWritten()).isEqualTo(1);
    }
    assertThat(rows("SELECT id, n, note, d, j::text FROM " + table))
        .containsExactly(List.of("1", "2", "x", "2024-01-01 00:00:00", "{\"a\":1}"));
  }

  @Test
  void refusesANotNullColumnTheLoadLacks() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (id bigint, must text NOT NULL)");
    assertThatThrownBy(
            () -> writer(table, false, WriteMode.Append, List.of(), "SELECT 1::BIGINT AS id"))
        .hasMessageContaining("column must of table")
        .hasMessageContaining("NOT NULL without a default");
  }

  @Test
  void schemaQualifiedAndQuotedNames() throws SQLException {
    exec("CREATE SCHEMA IF NOT EXISTS \"Raw Data\"");
    PgWriter w =
        writer(
            "\"Raw Data\".\"My Events\"",
            true,
            WriteMode.Append,
            List.of(),
            "SELECT 1 AS \"Id\", 'a' AS \"we\"\"ird\"");
    try (ResultSet rs = duck("SELECT 1 AS \"Id\", 'a' AS \"we\"\"ird\"")) {
      w.commitChunk("t", 0, 0, 1, rs);
    }
    assertThat(rows("SELECT \"Id\", \"we\"\"ird\" FROM \"Raw Data\".\"My Events\""))
        .containsExactly(List.of("1", "a"));
    assertThat(count("\"Raw Data\".kafkaload_offsets")).isEqualTo(1);
  }

  @Test
  void storesAndReadsOffsetsPerLoad() throws SQLException {
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), "SELECT 1 AS a");
    assertThat(w.readOffsets()).isEmpty();
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(10)")) {
      w.commitChunk("events", 0, 100, 110, rs);
    }
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(3)")) {
      w.commitChunk("events", 1, 0, 3, rs);
    }
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(5)")) {
      w.commitChunk("events", 0, 110, 115, rs);
    }
    assertThat(w.readOffsets())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(new TopicPartition("events", 0), 115L, new TopicPartition("events", 1), 3L));
    assertThat(count(table)).isEqualTo(18);
    // Another load's positions are its own.
    String other = load;
    load = "other/load";
    PgWriter w2 = writer(table, false, WriteMode.Append, List.of(), "SELECT 1 AS a");
    assertThat(w2.readOffsets()).isEmpty();
    load = other;
  }

  @Test
  void aFailureAfterTheRowsAndBeforeTheCommitLeavesNeitherRowsNorOffset() throws SQLException {
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), "SELECT 1 AS a");
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(5)")) {
      w.commitChunk("events", 0, 0, 5, rs);
    }
    for (PgWriter.CommitStep failAt :
        List.of(PgWriter.CommitStep.ROWS_WRITTEN, PgWriter.CommitStep.OFFSET_WRITTEN)) {
      w.withHook(
          step -> {
            if (step == failAt) {
              throw new IllegalStateException("injected crash at " + step);
            }
          });
      try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(1000)")) {
        assertThatThrownBy(() -> w.commitChunk("events", 0, 5, 1005, rs))
            .hasMessageContaining("injected crash at " + failAt);
      }
      assertThat(count(table)).isEqualTo(5);
      assertThat(w.readOffsets()).containsEntry(new TopicPartition("events", 0), 5L);
    }
    // The retry commits the chunk once.
    w.withHook(null);
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(1000)")) {
      w.commitChunk("events", 0, 5, 1005, rs);
    }
    assertThat(count(table)).isEqualTo(1005);
    assertThat(w.readOffsets()).containsEntry(new TopicPartition("events", 0), 1005L);
  }

  @Test
  void aZombieCommitIsRefusedAndWritesNothing() throws SQLException {
    String table = newTable();
    PgWriter zombie = writer(table, true, WriteMode.Append, List.of(), "SELECT 1 AS a");
    PgWriter replacement = writer(table, false, WriteMode.Append, List.of(), "SELECT 1 AS a");
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(10)")) {
      replacement.commitChunk("events", 0, 0, 10, rs);
    }
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(7)")) {
      replacement.commitChunk("events", 0, 10, 17, rs);
    }
    // The zombie read position 0 before the replacement took over and now commits [0, 12).
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(12)")) {
      assertThatThrownBy(() -> zombie.commitChunk("events", 0, 0, 12, rs))
          .isInstanceOf(PgFencedException.class)
          .hasMessageContaining("position of events-0 in the sink is 17, the chunk starts at 0")
          .satisfies(e -> assertThat(((PgFencedException) e).stored()).isEqualTo(17));
    }
    // A commit of the exact range already committed writes nothing either.
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(7)")) {
      ChunkCommit again = zombie.commitChunk("events", 0, 10, 17, rs);
      assertThat(again.alreadyCommitted()).isTrue();
      assertThat(again.rowsWritten()).isZero();
    }
    assertThat(count(table)).isEqualTo(17);
    assertThat(replacement.readOffsets()).containsEntry(new TopicPartition("events", 0), 17L);
  }

  @Test
  void appendAddsRows() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (a integer)");
    exec("INSERT INTO " + table + " VALUES (-1)");
    PgWriter w = writer(table, false, WriteMode.Append, List.of(), "SELECT 1 AS a");
    assertThat(w.beginRun()).isEqualTo(PgWriter.RunStart.WRITE);
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(3)")) {
      w.commitChunk("e", 0, 0, 3, rs);
    }
    w.finishRun();
    assertThat(count(table)).isEqualTo(4);
  }

  @Test
  void overwriteReplacesTheRowsInTheFirstChunkOnlyAndSurvivesAResume() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (a integer)");
    exec("INSERT INTO " + table + " SELECT generate_series(1, 50)");
    PgWriter w = writer(table, false, WriteMode.Overwrite, List.of(), "SELECT 1 AS a");
    assertThat(w.beginRun()).isEqualTo(PgWriter.RunStart.WRITE);
    // A failed first chunk deletes nothing.
    w.withHook(
        step -> {
          if (step == PgWriter.CommitStep.OFFSET_WRITTEN) {
            throw new IllegalStateException("crash");
          }
        });
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(3)")) {
      assertThatThrownBy(() -> w.commitChunk("e", 0, 0, 3, rs)).hasMessageContaining("crash");
    }
    assertThat(count(table)).isEqualTo(50);
    w.withHook(null);
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(3)")) {
      w.commitChunk("e", 0, 0, 3, rs);
    }
    assertThat(count(table)).isEqualTo(3);
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(4)")) {
      w.commitChunk("e", 1, 0, 4, rs);
    }
    assertThat(count(table)).isEqualTo(7);
    // The worker crashes; a new one resumes the unfinished run: no second delete.
    w.close();
    PgWriter resumed = writer(table, false, WriteMode.Overwrite, List.of(), "SELECT 1 AS a");
    assertThat(resumed.beginRun()).isEqualTo(PgWriter.RunStart.WRITE);
    try (ResultSet rs = duck("SELECT range::INTEGER AS a FROM range(2)")) {
      resumed.commitChunk("e", 0, 3, 5, rs);
    }
    assertThat(count(table)).isEqualTo(9);
    resumed.finishRun();
    // The next run replaces them again.
    PgWriter next = writer(table, false, WriteMode.Overwrite, List.of(), "SELECT 1 AS a");
    next.beginRun();
    try (ResultSet rs = duck("SELECT 99 AS a")) {
      next.commitChunk("e", 0, 5, 6, rs);
    }
    next.finishRun();
    assertThat(rows("SELECT a FROM " + table)).containsExactly(List.of("99"));
  }

  @Test
  void overwriteWithoutChunksEmptiesTheTableAtFinish() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (a integer)");
    exec("INSERT INTO " + table + " VALUES (1)");
    PgWriter w = writer(table, false, WriteMode.Overwrite, List.of(), "SELECT 1 AS a");
    w.beginRun();
    assertThat(count(table)).isEqualTo(1);
    w.finishRun();
    assertThat(count(table)).isZero();
  }

  @Test
  void ignoreSkipsATableWithRowsAndWritesAnEmptyOne() throws SQLException {
    String full = newTable();
    exec("CREATE TABLE " + full + " (a integer)");
    exec("INSERT INTO " + full + " VALUES (1)");
    PgWriter w = writer(full, false, WriteMode.Ignore, List.of(), "SELECT 1 AS a");
    assertThat(w.beginRun()).isEqualTo(PgWriter.RunStart.SKIP);
    try (ResultSet rs = duck("SELECT 2 AS a")) {
      assertThatThrownBy(() -> w.commitChunk("e", 0, 0, 1, rs))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(count(full)).isEqualTo(1);

    String empty = newTable();
    load = load + "-2";
    PgWriter w2 = writer(empty, true, WriteMode.Ignore, List.of(), "SELECT 1 AS a");
    assertThat(w2.beginRun()).isEqualTo(PgWriter.RunStart.WRITE);
    try (ResultSet rs = duck("SELECT 2 AS a")) {
      w2.commitChunk("e", 0, 0, 1, rs);
    }
    // Crash before finishRun: the resumed run goes on although the table now has rows.
    PgWriter resumed = writer(empty, false, WriteMode.Ignore, List.of(), "SELECT 1 AS a");
    assertThat(resumed.beginRun()).isEqualTo(PgWriter.RunStart.WRITE);
    resumed.finishRun();
    PgWriter later = writer(empty, false, WriteMode.Ignore, List.of(), "SELECT 1 AS a");
    assertThat(later.beginRun()).isEqualTo(PgWriter.RunStart.SKIP);
  }

  @Test
  void errorIfExistsFailsOnATableWithRows() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (a integer)");
    PgWriter w = writer(table, false, WriteMode.ErrorIfExists, List.of(), "SELECT 1 AS a");
    assertThat(w.beginRun()).isEqualTo(PgWriter.RunStart.WRITE);
    try (ResultSet rs = duck("SELECT 2 AS a")) {
      w.commitChunk("e", 0, 0, 1, rs);
    }
    w.finishRun();
    PgWriter again = writer(table, false, WriteMode.ErrorIfExists, List.of(), "SELECT 1 AS a");
    assertThatThrownBy(again::beginRun)
        .isInstanceOf(JdbcSinkException.class)
        .hasMessageContaining("already holds rows")
        .hasMessageContaining("ErrorIfExists");
  }

  @Test
  void upsertByKeyColumnsKeepsTheLastRowOfEachKey() throws SQLException {
    String table = newTable();
    String shape = "SELECT 1::BIGINT AS id, 'x' AS region, 'v' AS val";
    PgWriter w = writer(table, true, WriteMode.Append, List.of("id", "region"), shape);
    assertThat(
            rows(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '"
                    + table
                    + "'::regclass AND contype = 'p'"))
        .containsExactly(List.of("PRIMARY KEY (id, region)"));
    try (ResultSet rs =
        duck(
            "SELECT * FROM (VALUES (1::BIGINT, 'eu', 'a'), (2, 'eu', 'b'), (1, 'us', 'c'),"
                + " (1, 'eu', 'a2'), (NULL, 'eu', 'nokey')) t(id, region, val)")) {
      ChunkCommit c = w.commitChunk("e", 0, 0, 5, rs);
      assertThat(c.rowsWritten()).isEqualTo(3);
      assertThat(c.rejected())
          .extracting(RejectedRow::row, RejectedRow::column)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(4, "id"));
    }
    try (ResultSet rs =
        duck("SELECT * FROM (VALUES (2::BIGINT, 'eu', 'b2'), (3, 'eu', 'd')) t(id, region, val)")) {
      w.commitChunk("e", 0, 5, 7, rs);
    }
    assertThat(rows("SELECT id, region, val FROM " + table + " ORDER BY id, region"))
        .containsExactly(
            List.of("1", "eu", "a2"),
            List.of("1", "us", "c"),
            List.of("2", "eu", "b2"),
            List.of("3", "eu", "d"));
  }

  @Test
  void upsertNeedsAUniqueConstraintOnTheKeys() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (id bigint, val text)");
    assertThatThrownBy(
            () ->
                writer(
                    table,
                    false,
                    WriteMode.Append,
                    List.of("id"),
                    "SELECT 1::BIGINT AS id, 'v' AS val"))
        .hasMessageContaining("no unique constraint on exactly (id)")
        .hasMessageContaining("ADD UNIQUE (\"id\")");
    exec("CREATE UNIQUE INDEX ON " + table + " (id)");
    PgWriter w =
        writer(table, false, WriteMode.Append, List.of("id"), "SELECT 1::BIGINT AS id, 'v' AS val");
    try (ResultSet rs = duck("SELECT 1::BIGINT AS id, 'v' AS val")) {
      assertThat(w.commitChunk("e", 0, 0, 1, rs).rowsWritten()).isEqualTo(1);
    }
  }

  @Test
  void nulBytesAndTooLongValuesAreRejectedRowsWithReasons() throws SQLException {
    String table = newTable();
    exec(
        "CREATE TABLE "
            + table
            + " (id integer, note text, code varchar(5), amount numeric(5,2),"
            + " small smallint, doc jsonb)");
    String sql =
        "SELECT * FROM (VALUES"
            + " (0, 'ok', 'abc', 1.50::DECIMAL(10,2), 1, '{}'::JSON),"
            + " (1, 'bad' || chr(0) || 'x', 'abc', 1.5, 1, '{}'),"
            + " (2, 'ok', 'abcdef', 1.5, 1, '{}'),"
            + " (3, 'ok', 'abcde', 1234.5, 1, '{}'),"
            + " (4, 'ok', 'ab', 1.5, 40000, '{}'),"
            + " (5, 'ok', 'ab', 1.5, 1, '{\"a\": \"\\u0000\"}'),"
            + " (6, 'ok', 'été😀!', 999.99, -32768, '{\"a\": \"\\\\u0000\"}')"
            + ") t(id, note, code, amount, small, doc)";
    PgWriter w = writer(table, false, WriteMode.Append, List.of(), sql);
    try (ResultSet rs = duck(sql)) {
      ChunkCommit c = w.commitChunk("e", 0, 0, 7, rs);
      assertThat(c.rowsRead()).isEqualTo(7);
      assertThat(c.rowsWritten()).isEqualTo(2);
      assertThat(c.rejected())
          .extracting(RejectedRow::row, RejectedRow::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  1, "column note: text contains a NUL byte (PostgreSQL text cannot hold 0x00)"),
              org.assertj.core.groups.Tuple.tuple(
                  2, "column code: value is 6 characters, longer than character varying(5) holds"),
              org.assertj.core.groups.Tuple.tuple(
                  3,
                  "column amount: value has 4 digits before the decimal point, numeric(5,2) holds"
                      + " 3 (numeric overflow)"),
              org.assertj.core.groups.Tuple.tuple(
                  4, "column small: value out of range for smallint"),
              org.assertj.core.groups.Tuple.tuple(
                  5,
                  "column doc: JSON contains the escape \\u0000, which PostgreSQL jsonb cannot"
                      + " hold"));
    }
    assertThat(rows("SELECT id, code, doc::text FROM " + table + " ORDER BY id"))
        .containsExactly(
            List.of("0", "abc", "{}"), List.of("6", "été😀!", "{\"a\": \"\\\\u0000\"}"));
  }

  @Test
  void valuesTheServerRefusesAreIsolatedInsideTheTransaction() throws SQLException {
    String table = newTable();
    exec("CREATE TABLE " + table + " (id integer PRIMARY KEY, n integer CHECK (n >= 0))");
    exec("INSERT INTO " + table + " VALUES (1000, 0)");
    String sql =
        "SELECT range::INTEGER AS id, (CASE WHEN range % 97 = 5 THEN -1 ELSE 1 END)::INTEGER AS n"
            + " FROM range(2000)";
    PgWriter w = writer(table, false, WriteMode.Append, List.of(), sql);
    List<RejectedRow> handed = new ArrayList<>();
    try (ResultSet rs = duck(sql)) {
      ChunkCommit c = w.commitChunk("e", 0, 0, 2000, rs, handed::addAll);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        if (i % 97 == 5 || i == 1000) {
          expected.add(i);
        }
      }
      assertThat(c.rejected()).extracting(RejectedRow::row).containsExactlyElementsOf(expected);
      assertThat(c.rejected().get(0).reason()).contains("violates check constraint");
      assertThat(c.rejected())
          .filteredOn(r -> r.row() == 1000)
          .singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("duplicate key value"));
      assertThat(c.rowsWritten()).isEqualTo(2000 - expected.size());
      assertThat(handed).isEqualTo(c.rejected());
    }
    assertThat(count(table)).isEqualTo(2000 - 22 + 1);
  }

  @Test
  void aFailingRejectHandlerAbortsTheChunk() throws SQLException {
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), "SELECT 'a' AS v");
    try (ResultSet rs = duck("SELECT * FROM (VALUES ('a'), ('b' || chr(0))) t(v)")) {
      assertThatThrownBy(
              () ->
                  w.commitChunk(
                      "e",
                      0,
                      0,
                      2,
                      rs,
                      rows -> {
                        throw new java.io.IOException("rejected topic down");
                      }))
          .hasMessageContaining("rejected topic down");
    }
    assertThat(count(table)).isZero();
    assertThat(w.readOffsets()).isEmpty();
  }

  @Test
  void aDatabaseThatGoesAwayIsATransientFault() throws Exception {
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), "SELECT 1 AS a");
    // Terminate the writer's backend, as a database restart would.
    exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name ="
            + " 'kafkaload' AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_terminate_backend%'"
            + " AND backend_type = 'client backend' AND pid IN (SELECT pid FROM pg_locks"
            + " UNION SELECT pid FROM pg_stat_activity)");
    try (ResultSet rs = duck("SELECT 1 AS a")) {
      assertThatThrownBy(() -> w.commitChunk("e", 0, 0, 1, rs))
          .isInstanceOf(PgTransientException.class);
    }
    // The next call connects again.
    try (ResultSet rs = duck("SELECT 1 AS a")) {
      w.commitChunk("e", 0, 0, 1, rs);
    }
    assertThat(count(table)).isEqualTo(1);
  }

  @Test
  void aMillionRowChunk() throws SQLException {
    String table = newTable();
    String sql =
        "SELECT range AS id, (range % 1000)::INTEGER AS n, 'user-' || (range % 5000) AS name,"
            + " range * 0.5 AS score, TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (range) SECOND AS at"
            + " FROM range(1000000)";
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), sql);
    // For scale: reading the same result from DuckDB alone.
    long r0 = System.nanoTime();
    try (ResultSet rs = duck(sql)) {
      while (rs.next()) {
        for (int i = 1; i <= 5; i++) {
          rs.getObject(i);
        }
      }
    }
    double readSeconds = (System.nanoTime() - r0) / 1e9;
    long t0 = System.nanoTime();
    ChunkCommit c;
    try (ResultSet rs = duck(sql)) {
      c = w.commitChunk("e", 0, 0, 1_000_000, rs);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "PgWriter: 1,000,000 rows x 5 columns (bigint, integer, text, double, timestamptz) committed"
            + " in %.2f s = %,.0f rows/s (COPY text format)%n",
        seconds, 1_000_000 / seconds);
    System.out.printf(
        "PgWriter: reading the same rows from DuckDB alone takes %.2f s = %,.0f rows/s%n",
        readSeconds, 1_000_000 / readSeconds);
    assertThat(c.rowsWritten()).isEqualTo(1_000_000);
    assertThat(count(table)).isEqualTo(1_000_000);
    assertThat(rows("SELECT sum(id), sum(n), max(at) AT TIME ZONE 'UTC' FROM " + table))
        .containsExactly(List.of("499999500000", "499500000", "2024-01-12 13:46:39"));
  }

  // ---- rows DuckDB writes as CSV (DuckCsv, PgWriter.commitCsv) ----

  /** Commits the rows of {@code sql} the way PgTarget.commitRows does: DuckDB writes the CSV. */
  private ChunkCommit viaCsv(
      PgWriter w, long start, long next, String sql, PgWriter.RejectHandler onRejects)
      throws Exception {
    return viaCsv(w, 0, start, next, sql, onRejects);
  }

  private ChunkCommit viaCsv(
      PgWriter w,
      int partition,
      long start,
      long next,
      String sql,
      PgWriter.RejectHandler onRejects)
      throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pgwriter-csv");
    java.nio.file.Path file = dir.resolve("rows.csv");
    try {
      String copy = w.csvCopySql(sql, file);
      assertThat(copy).as("DuckDB writes the rows of this table").isNotNull();
      try (Statement s = duck.createStatement()) {
        s.execute(copy);
      }
      return w.commitCsv("e", partition, start, next, file, onRejects);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
      java.nio.file.Files.delete(dir);
    }
  }

  /**
   * Writes the rows of {@code sql} into two tables made by {@code create} (a format with %s for the
   * name; null: created by the writer), one through the result set (CopyRows) and one through
   * DuckDB's CSV, and checks both hold the same rows (as PostgreSQL prints them) and give the same
   * rejected rows with the same reasons.
   */
  private ChunkCommit sameBothWays(String create, List<String> keys, String sql, String order)
      throws Exception {
    String a = newTable();
    String b = newTable();
    if (create != null) {
      exec(String.format(create, a));
      exec(String.format(create, b));
    }
    PgWriter wa = writer(a, create == null, WriteMode.Append, keys, sql);
    PgWriter wb = writer(b, create == null, WriteMode.Append, keys, sql);
    ChunkCommit ca;
    try (ResultSet rs = duck(sql)) {
      ca = wa.commitChunk("e", 0, 0, 10, rs);
    }
    List<RejectedRow> handed = new ArrayList<>();
    ChunkCommit cb = viaCsv(wb, 1, 0, 10, sql, handed::addAll);
    // the server's messages name the table: the same but for that
    assertThat(sameTable(cb.rejected(), b)).isEqualTo(sameTable(ca.rejected(), a));
    assertThat(handed).isEqualTo(cb.rejected());
    assertThat(cb.rowsRead()).isEqualTo(ca.rowsRead());
    assertThat(cb.rowsWritten()).isEqualTo(ca.rowsWritten());
    String select = "SELECT * FROM %s ORDER BY " + order;
    List<List<String>> expected = rows(String.format(select, a));
    assertThat(rows(String.format(select, b))).isEqualTo(expected);
    assertThat(wb.readOffsets()).containsEntry(new TopicPartition("e", 1), 10L);
    return cb;
  }

  private static List<RejectedRow> sameTable(List<RejectedRow> rows, String table) {
    return rows.stream()
        .map(
            r ->
                new RejectedRow(r.row(), r.column(), r.reason().replace("\"" + table, "\"<table>")))
        .toList();
  }

  @Test
  void duckDbCsvRowsAreTheSameAsTheResultSetsForEveryTypeItTakes() throws Exception {
    // every type of the CSV path, with the values CSV and COPY treat specially
    String sql =
        "SELECT * FROM (VALUES"
            + " (0, 42::BIGINT, 7::INTEGER, -3::SMALLINT, 200::UTINYINT, 4000000000::UINTEGER,"
            + " 18446744073709551615::UBIGINT, 170141183460469231731687303715884105727::HUGEINT,"
            + " 1.5::DOUBLE, 0.25::FLOAT, 1234.56::DECIMAL(10,2), true, 'plain',"
            + " DATE '2024-02-29', TIME '01:02:03.5', TIMESTAMP '2024-01-02 03:04:05.123456',"
            + " TIMESTAMP_NS '2024-01-02 03:04:05.123456789', TIMESTAMP_S '2024-01-02 03:04:05',"
            + " TIMESTAMPTZ '2024-01-02 03:04:05.5+02', '6f1b6f7e-6c1e-4a7c-9b8e-1a2b3c4d5e6f'::UUID,"
            + " 'ab\\x00c,\"'::BLOB, {'os': 'a\"b', 'v': 'x,y'}, ['a', NULL, 'c\nd']),"
            + " (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (2, -9223372036854775808, -2147483648, -32768, 0, 0, 0,"
            + " -170141183460469231731687303715884105727, 'nan'::DOUBLE, '-inf'::FLOAT, -0.01, false,"
            + " '', DATE '1970-01-01', TIME '00:00:00', TIMESTAMP '1970-01-01 00:00:00',"
            + " TIMESTAMP_NS '1970-01-01', TIMESTAMP_S '1970-01-01', TIMESTAMPTZ '1969-12-31 23:59:59+00',"
            + " '00000000-0000-0000-0000-000000000000'::UUID, ''::BLOB, {'os': '', 'v': NULL},"
            + " []::VARCHAR[]),"
            + " (3, 9223372036854775807, 2147483647, 32767, 255, 4294967295, 1, 0, -0.0,"
            + " 'inf'::FLOAT, 99999999.99, true,"
            + " 'tab\there, \"quoted\" back\\slash \\N \\. é 😀 line\nbreak\r\nCRLF ' || chr(1),"
            + " DATE '0001-01-01', TIME '23:59:59.999999', TIMESTAMP '2262-04-11 23:47:16.854775',"
            + " TIMESTAMP_NS '2262-04-11 23:47:16.854775', TIMESTAMP_S '1677-09-22 00:00:00',"
            + " TIMESTAMPTZ '2024-06-30 12:00:00.000001-07:30',"
            + " 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID, '\\xFF\\x00\\x5C'::BLOB,"
            + " {'os': '\\u0000 is text here', 'v': '\"'}, ['\\', '\"', '']),"
            + " (4, 1, 1, 1, 1, 1, 1, 1, 1e-300, 3.4e38::FLOAT, 0, true, '\\.', NULL, NULL, NULL,"
            + " NULL, NULL, NULL, NULL, NULL, NULL, ['\\.'])"
            + ") t(k, b, i, s, ut, ui, ub, h, d, f, dec, bo, v, da, ti, ts, tsn, tss, tz, u, bl, st,"
            + " li)";
    ChunkCommit c = sameBothWays(null, List.of(), sql, "k");
    assertThat(c.rowsWritten()).isEqualTo(5);
    assertThat(c.rejected()).isEmpty();
  }

  @Test
  void duckDbCsvWritesDatesBeforeYear1AfterYear9999AndInfinities() throws Exception {
    // DuckDB's CSV spells these as PostgreSQL reads them; the result-set path (kept for tables
    // with a column the CSV path does not take) refuses them with a reason, as java.time spells
    // them "-0043-...", "+12345-..." and infinity as year 5881580 (DuckDB's JDBC driver gives no
    // better: -infinity comes back as year +5877642)
    String sql =
        "SELECT * FROM (VALUES"
            + " (0, DATE '0044-03-15 (BC)',"
            + " CAST(DATE '0044-03-15 (BC)' AS TIMESTAMP) + INTERVAL 45000 SECOND),"
            + " (1, DATE '12345-06-07', TIMESTAMP '12345-06-07 01:02:03'),"
            + " (2, 'infinity'::DATE, '-infinity'::TIMESTAMP)"
            + ") t(k, da, ts)";
    String table = newTable();
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), sql);
    List<RejectedRow> handed = new ArrayList<>();
    ChunkCommit c = viaCsv(w, 7, 0, 3, sql, handed::addAll);
    assertThat(c.rejected()).isEmpty();
    assertThat(c.rowsWritten()).isEqualTo(3);
    assertThat(rows("SELECT k, da::text, ts::text FROM " + table + " ORDER BY k"))
        .containsExactly(
            List.of("0", "0044-03-15 BC", "0044-03-15 12:30:00 BC"),
            List.of("1", "12345-06-07", "12345-06-07 01:02:03"),
            List.of("2", "infinity", "-infinity"));
  }

  @Test
  void nanAndInfinitiesReachDoublePrecisionAndRealByBothPaths() throws Exception {
    // Avro float/double NaN and infinities (docs/worker-config.md): DuckDB's CSV spells them
    // nan/inf/-inf, the result-set path NaN/Infinity/-Infinity; PostgreSQL reads both
    String sql =
        "SELECT * FROM (VALUES (0, 'nan'::DOUBLE, 'nan'::FLOAT), (1, 'inf'::DOUBLE, 'inf'::FLOAT),"
            + " (2, '-inf'::DOUBLE, '-inf'::FLOAT), (3, -0.0::DOUBLE, -0.0::FLOAT),"
            + " (4, 1.5::DOUBLE, 0.1::FLOAT)) t(k, d, f)";
    List<List<String>> expected =
        List.of(
            List.of("0", "NaN", "NaN"),
            List.of("1", "Infinity", "Infinity"),
            List.of("2", "-Infinity", "-Infinity"),
            List.of("3", "-0", "-0"),
            List.of("4", "1.5", "0.1"));
    String viaResultSet = newTable();
    PgWriter a = writer(viaResultSet, true, WriteMode.Append, List.of(), sql);
    try (ResultSet rs = duck(sql)) {
      assertThat(a.commitChunk("e", 0, 0, 5, rs).rowsWritten()).isEqualTo(5);
    }
    String viaCsv = newTable();
    PgWriter b = writer(viaCsv, true, WriteMode.Append, List.of(), sql);
    assertThat(viaCsv(b, 1, 0, 5, sql, rows -> {}).rowsWritten()).isEqualTo(5);
    for (String table : List.of(viaResultSet, viaCsv)) {
      assertThat(rows("SELECT k, d::text, f::text FROM " + table + " ORDER BY k"))
          .as(table)
          .isEqualTo(expected);
      assertThat(
              rows(
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                      + table
                      + "'::regclass AND attname IN ('d', 'f') ORDER BY attname"))
          .containsExactly(List.of("double precision"), List.of("real"));
    }
  }

  @Test
  void duckDbCsvRowsAreRejectedWithTheResultSetsReasons() throws Exception {
    // the rejections CopyRows finds, in the order it finds them (first column first, NUL before
    // length), plus those of the server (check constraint, a bad date), rows over several lines
    String create =
        "CREATE TABLE %s (id integer, note text, code varchar(5), pad char(3),"
            + " amount numeric(5,2), whole numeric(3,0), small smallint, mid integer,"
            + " doc jsonb, CHECK (id <> 13))";
    String sql =
        "SELECT * FROM (VALUES"
            + " (0, 'ok', 'abc', 'ab  ', 1.50::DECIMAL(10,2), 5::BIGINT, 1::INTEGER, 1::BIGINT,"
            + " {'a': 'x'}),"
            + " (1, 'bad' || chr(0) || 'x', 'abcdefgh', 'a', 1.5, 5, 1, 1, {'a': 'x'}),"
            + " (2, 'ok', 'abcdef', 'a', 1.5, 5, 1, 1, {'a': 'x'}),"
            + " (3, 'ok', 'abcde', 'a', 1234.5, 5, 1, 1, {'a': 'x'}),"
            + " (4, 'ok', 'ab', 'a', 1.5, 5, 40000, 1, {'a': 'x'}),"
            + " (5, 'ok', 'ab', 'a', 1.5, 5, 1, 1, {'a': 'nul ' || chr(0)}),"
            + " (6, 'ok', 'été😀!', 'ab ', 999.99, -999, -32768, -2147483648, {'a': '\\u0000'}),"
            + " (7, 'a\nb\nc', 'a\"b', 'abcd', 0.5, 1000, 1, 1, {'a': 'x'}),"
            + " (8, 'two\nlines', 'ab', 'a', -0.99, -1000, 1, 3000000000, {'a': 'x'}),"
            + " (9, 'x', 'ab', 'a', 1, 1, -40000, 1, {'a': 'x'}),"
            + " (10, 'three\n\nlines', 'abcd', 'a', 1, 1, 1, 1, {'a': 'x'}),"
            + " (11, 'x' || chr(0), 'abcdefgh', 'a', 1, 1, 1, 1, {'a': 'x'}),"
            + " (12, 'multi\nline', '😀😀😀😀😀', 'é😀 ', 1, 1, 1, 1, {'a': 'x'}),"
            + " (13, 'refused\nby the\nserver', 'ab', 'a', 1, 1, 1, 1, {'a': 'x'}),"
            + " (14, 'after', 'ab', 'a', 1, 1, 1, 1, {'a': 'x'})"
            + ") t(id, note, code, pad, amount, whole, small, mid, doc)";
    ChunkCommit c = sameBothWays(create, List.of(), sql, "id");
    assertThat(c.rejected())
        .extracting(RejectedRow::row)
        .containsExactly(1, 2, 3, 4, 5, 7, 8, 9, 11, 13);
    assertThat(c.rejected())
        .extracting(RejectedRow::row, RejectedRow::column, RejectedRow::reason)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple(
                1,
                "note",
                "column note: text contains a NUL byte (PostgreSQL text cannot hold 0x00)"),
            org.assertj.core.groups.Tuple.tuple(
                2,
                "code",
                "column code: value is 6 characters, longer than character varying(5) holds"),
            org.assertj.core.groups.Tuple.tuple(
                3,
                "amount",
                "column amount: value has 4 digits before the decimal point, numeric(5,2) holds"
                    + " 3 (numeric overflow)"),
            org.assertj.core.groups.Tuple.tuple(
                4, "small", "column small: value out of range for smallint"),
            org.assertj.core.groups.Tuple.tuple(
                5,
                "doc",
                "column doc: JSON contains the escape \\u0000, which PostgreSQL jsonb cannot"
                    + " hold"));
    assertThat(c.rejected().get(9).reason()).contains("violates check constraint");
  }

  @Test
  void duckDbCsvUpsertKeepsTheLastRowOfEachKeyAndRejectsNullKeys() throws Exception {
    String sql =
        "SELECT * FROM (VALUES (1::BIGINT, 'eu', 'a'), (2, 'eu', 'b'), (1, 'us', 'c'),"
            + " (1, 'eu', 'a2'), (NULL, 'eu', 'nokey'), (3, NULL, 'nokey2'), (3, 'eu', 'x' || chr(0)),"
            + " (3, 'eu', 'multi\nline')) t(id, region, val)";
    ChunkCommit c = sameBothWays(null, List.of("id", "region"), sql, "id, region");
    assertThat(c.rowsWritten()).isEqualTo(4);
    assertThat(c.rejected())
        .extracting(RejectedRow::row, RejectedRow::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, "id"),
            org.assertj.core.groups.Tuple.tuple(5, "region"),
            org.assertj.core.groups.Tuple.tuple(6, "val"));
  }

  @Test
  void duckDbCsvServerRefusalsFindTheirRowAcrossLineBreaksAndBatches() throws Exception {
    // many rows with line breaks inside values, over more than the reader's 1 MiB buffer, one row
    // larger than it; the server refuses some (check constraint, duplicate key): each found by the
    // line PostgreSQL names, which counts the line breaks inside quoted values
    String create = "CREATE TABLE %s (id integer PRIMARY KEY, n integer CHECK (n >= 0), t text)";
    String sql =
        "SELECT range::INTEGER AS id, (CASE WHEN range % 97 = 5 THEN -1 ELSE 1 END)::INTEGER AS n,"
            + " CASE WHEN range = 777 THEN repeat('big,\"\n', 400000)"
            + " ELSE repeat('line\n', (range % 4)::INTEGER) || range END AS t"
            + " FROM range(20000) UNION ALL SELECT 1000, 1, 'dup'";
    ChunkCommit c = sameBothWays(create, List.of(), sql, "id, t");
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 20000; i++) {
      if (i % 97 == 5) {
        expected.add(i);
      }
    }
    expected.add(20000);
    assertThat(c.rejected()).extracting(RejectedRow::row).containsExactlyElementsOf(expected);
    assertThat(c.rejected().get(expected.size() - 1).reason()).contains("duplicate key value");
  }

  @Test
  void aLoneBackslashDotIsAValueNotTheEndOfTheData() throws Exception {
    String sql = "SELECT * FROM (VALUES ('\\.'), ('after'), (NULL), ('')) t(v)";
    ChunkCommit c = sameBothWays(null, List.of(), sql, "v");
    assertThat(c.rowsWritten()).isEqualTo(4);
    assertThat(
            rows("SELECT count(*) FROM " + "\"public\".\"t" + TABLES.get() + "\" WHERE v = '\\.'"))
        .containsExactly(List.of("1"));
  }

  @Test
  void columnsDuckDbCannotWriteAsCopyRowsWouldKeepTheResultSet() throws Exception {
    for (String sql :
        List.of(
            "SELECT '{\"a\": 1}'::JSON AS j",
            "SELECT INTERVAL 3 DAY AS iv",
            "SELECT MAP {'k': 2} AS m",
            "SELECT {'d': 1.5::DOUBLE} AS st",
            "SELECT [DATE '2024-01-01'] AS li",
            "SELECT 1::VARINT AS vi")) {
      PgWriter w = writer(newTable(), true, WriteMode.Append, List.of(), sql);
      assertThat(w.csvCopySql(sql, java.nio.file.Path.of("/tmp/x.csv"))).as(sql).isNull();
    }
    // a nested value into json (not jsonb) keeps its exact spelling: CopyRows
    String table = newTable();
    exec("CREATE TABLE " + table + " (st json, f double precision)");
    String sql = "SELECT {'a': 'x'} AS st, 1.5::FLOAT AS f";
    PgWriter w = writer(table, false, WriteMode.Append, List.of(), sql);
    assertThat(w.csvCopySql(sql, java.nio.file.Path.of("/tmp/x.csv"))).isNull();
    assertThat(
            DuckCsv.NestedType.simple(
                "STRUCT(\"my field\" VARCHAR, n INTEGER[], s STRUCT(b BOOLEAN)[3])"))
        .isTrue();
    assertThat(DuckCsv.NestedType.simple("STRUCT(a MAP(VARCHAR, INTEGER))")).isFalse();
    assertThat(DuckCsv.NestedType.simple("STRUCT(a DOUBLE)")).isFalse();
  }

  @Test
  void aDuckDbCsvChunkIsFencedAndCommittedOnceLikeAnyOther() throws Exception {
    String table = newTable();
    String sql = "SELECT range AS id FROM range(3)";
    PgWriter w = writer(table, true, WriteMode.Append, List.of(), sql);
    viaCsv(w, 0, 3, sql, null);
    // the same range again (a retry after a lost COMMIT reply): nothing written
    assertThat(viaCsv(w, 0, 3, sql, null).alreadyCommitted()).isTrue();
    // a range that does not start at the stored position: refused
    assertThatThrownBy(() -> viaCsv(w, 5, 8, sql, null)).isInstanceOf(PgFencedException.class);
    // a failing reject handler rolls the chunk back
    String bad = "SELECT * FROM (VALUES (10::BIGINT), (NULL)) t(id)";
    PgWriter keyed = writer(newTable(), true, WriteMode.Append, List.of("id"), bad);
    assertThatThrownBy(
            () ->
                viaCsv(
                    keyed,
                    1,
                    0,
                    2,
                    bad,
                    rows -> {
                      throw new java.io.IOException("rejected topic down");
                    }))
        .hasMessageContaining("rejected topic down");
    assertThat(keyed.readOffsets()).doesNotContainKey(new TopicPartition("e", 1));
    assertThat(count(table)).isEqualTo(3);
  }
}
