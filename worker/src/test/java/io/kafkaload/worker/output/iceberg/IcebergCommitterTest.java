package io.kafkaload.worker.output.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.LoadSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@SuppressWarnings("unchecked")
class IcebergCommitterTest {

  private static final String LOAD = "orders-load";

  @TempDir Path dir;
  private Connection duck;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void duckDb() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closers) {
      c.close();
    }
    duck.close();
  }

  private TestCatalogs.Opened catalog(TestCatalogs.Kind kind) throws Exception {
    TestCatalogs.Opened opened = TestCatalogs.open(kind, dir.resolve(kind.name()));
    closers.add(0, opened);
    return opened;
  }

  private ResultSet rows(String sql) throws SQLException {
    Statement statement = duck.createStatement();
    return statement.executeQuery(sql);
  }

  /** Rows id BIGINT, name VARCHAR for ids [from, to). */
  private ResultSet simpleRows(long from, long to) throws SQLException {
    return rows(
        "SELECT i::BIGINT AS id, 'n' || i AS name FROM range(" + from + ", " + to + ") t(i)");
  }

  private static LoadSpec.IcebergSink sink(String table, List<String> partitionBy) {
    return TestCatalogs.sink(table, true, partitionBy);
  }

  private Table simpleTable(TestCatalogs.Opened catalog, String name) throws SQLException {
    try (ResultSet rs = simpleRows(0, 0)) {
      return IcebergTables.prepare(
          catalog.catalog, sink(name, List.of()), DuckDbColumn.of(rs.getMetaData()));
    }
  }

  private static IcebergChunk chunk(int partition, long start, long next) {
    return new IcebergChunk(
        "orders", partition, start, next, Instant.ofEpochSecond(1_700_000_000L + next));
  }

  private static List<Record> read(Table table) throws IOException {
    table.refresh();
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(out::add);
    }
    out.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    return out;
  }

  private static List<String> dataFiles(Table table) throws IOException {
    table.refresh();
    List<String> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> out.add(t.file().location()));
    }
    return out;
  }

  private static List<Path> parquetFilesOnDisk(Path warehouse) throws IOException {
    try (Stream<Path> files = Files.walk(warehouse)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

  @Test
  void writesEveryTypeAndReadsBackExactValues() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    String sql =
        "SELECT * FROM (VALUES"
            + " (1::BIGINT, 7::INTEGER, 1.25::DOUBLE, 12345678901234567890.12::DECIMAL(38,2),"
            + " 'héllo'::VARCHAR, '{\"a\":[1,2]}'::JSON, true, DATE '2024-02-29',"
            + " TIMESTAMP '2024-03-10 02:30:00.123456',"
            + " TIMESTAMPTZ '2024-03-10 02:30:00.654321+05:30',"
            + " {'x': 1::INTEGER, 'y': 'why', 'z': [1.5::DECIMAL(4,1)]},"
            + " ['a', NULL, 'c'], MAP {'k1': 10::BIGINT, 'k2': NULL},"
            + " '\\xAA\\x00'::BLOB, 'f3a2c0de-0000-4000-8000-000000000001'::UUID),"
            + " (2, NULL, NULL, -0.01, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL)) t(id, i, d, dec, s, j, b, dt, ts, tz, st, li, m, bl, u)";
    Table table;
    try (ResultSet rs = rows(sql)) {
      table =
          IcebergTables.prepare(
              catalog.catalog, sink("types", List.of()), DuckDbColumn.of(rs.getMetaData()));
    }
    assertThat(table.schema().findType("tz").toString()).isEqualTo("timestamptz");
    assertThat(table.schema().findType("dec").toString()).isEqualTo("decimal(38, 2)");
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    try (ResultSet rs = rows(sql)) {
      committer.commit(chunk(0, 0, 2), rs);
    }
    List<Record> back = read(table);
    assertThat(back).hasSize(2);
    Record r = back.get(0);
    assertThat(r.getField("i")).isEqualTo(7);
    assertThat(r.getField("d")).isEqualTo(1.25);
    assertThat(r.getField("dec")).isEqualTo(new BigDecimal("12345678901234567890.12"));
    assertThat(r.getField("s")).isEqualTo("héllo");
    assertThat(r.getField("j")).isEqualTo("{\"a\":[1,2]}");
    assertThat(r.getField("b")).isEqualTo(true);
    assertThat(r.getField("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(r.getField("ts")).isEqualTo(LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_000));
    assertThat((OffsetDateTime) r.getField("tz"))
        .isEqualTo(OffsetDateTime.of(2024, 3, 9, 21, 0, 0, 654_321_000, ZoneOffset.UTC));
    Record st = (Record) r.getField("st");
    assertThat(st.getField("x")).isEqualTo(1);
    assertThat(st.getField("y")).isEqualTo("why");
    assertThat((List<Object>) st.getField("z")).containsExactly(new BigDecimal("1.5"));
    assertThat((List<Object>) r.getField("li")).containsExactly("a", null, "c");
    assertThat((Map<Object, Object>) r.getField("m"))
        .containsEntry("k1", 10L)
        .containsEntry("k2", null);
    assertThat(((java.nio.ByteBuffer) r.getField("bl")).array()).containsExactly(0xAA, 0x00);
    assertThat(r.getField("u").toString()).isEqualTo("f3a2c0de-0000-4000-8000-000000000001");
    Record nulls = back.get(1);
    assertThat(nulls.getField("dec")).isEqualTo(new BigDecimal("-0.01"));
    assertThat(nulls.getField("tz")).isNull();
    assertThat(nulls.getField("st")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "day(ts)",
        "hour(ts)",
        "month(ts)",
        "year(ts)",
        "bucket(16, id)",
        "truncate(4, name)",
        "identity(region)",
        "region"
      })
  void partitionsByEachTransform(String partitionBy) throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    String sql =
        "SELECT i::BIGINT AS id, (i % 7) || '-name' AS name, ['eu','us','ap'][(i % 3) + 1] AS region,"
            + " TIMESTAMPTZ '2023-12-31 22:00:00+00' + to_hours(i * 5) AS ts FROM range(0, 200) t(i)";
    Table table;
    try (ResultSet rs = rows(sql)) {
      table =
          IcebergTables.prepare(
              catalog.catalog,
              sink("parts", List.of(partitionBy)),
              DuckDbColumn.of(rs.getMetaData()));
    }
    assertThat(table.spec().fields()).hasSize(1);
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    IcebergCommitter.CommitResult result;
    try (ResultSet rs = rows(sql)) {
      result = committer.commit(chunk(0, 0, 200), rs);
    }
    assertThat(result.records()).isEqualTo(200);
    assertThat(result.dataFiles()).hasSizeGreaterThan(1);
    for (DataFile file : result.dataFiles()) {
      assertThat(file.partition().size()).isEqualTo(1);
      assertThat(file.partition().get(0, Object.class)).isNotNull();
    }
    List<Record> back = read(table);
    assertThat(back).hasSize(200);
    assertThat(back.get(199).getField("ts"))
        .isEqualTo(OffsetDateTime.of(2023, 12, 31, 22, 0, 0, 0, ZoneOffset.UTC).plusHours(199 * 5));
    assertThat(back.get(5).getField("region")).isEqualTo("ap");
  }

  @ParameterizedTest
  @EnumSource(TestCatalogs.Kind.class)
  void offsetsAndWatermarkGoIntoTheSnapshotThatHoldsTheRows(TestCatalogs.Kind kind)
      throws Exception {
    TestCatalogs.Opened catalog = catalog(kind);
    Table table = simpleTable(catalog, "events");
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    assertThat(committer.readOffsets().isEmpty()).isTrue();

    committer.commit(chunk(0, 0, 10), simpleRows(0, 10));
    IcebergCommitter.CommitResult second = committer.commit(chunk(1, 0, 5), simpleRows(10, 15));

    Snapshot snapshot = table.io() == null ? null : committer.table().snapshot(second.snapshotId());
    assertThat(snapshot.summary())
        .containsEntry(IcebergCommitter.offsetsProperty(LOAD), "{\"orders\":{\"0\":10,\"1\":5}}")
        .containsEntry(IcebergCommitter.rangesProperty(LOAD), "{\"orders\":{\"1\":[0,5]}}")
        .containsEntry(
            IcebergCommitter.watermarkProperty(LOAD),
            Instant.ofEpochSecond(1_700_000_010L).toString())
        .containsEntry(IcebergCommitter.runProperty(LOAD), "run-1")
        .containsEntry(IcebergCommitter.COMMIT_ID, second.commitId())
        .containsEntry("added-records", "5");

    // another load's commit on top: this load's offsets are found further back
    IcebergCommitter other =
        new IcebergCommitter(table, "other-load", "r", LoadSpec.WriteMode.Append);
    other.commit(new IcebergChunk("payments", 0, 0, 3, null), simpleRows(100, 103));

    Table fresh = catalog.catalog.loadTable(TableIdentifier.of("db", "events"));
    CommittedOffsets offsets = IcebergCommitter.readOffsets(fresh, LOAD);
    assertThat(offsets.next("orders", 0)).hasValue(10);
    assertThat(offsets.next("orders", 1)).hasValue(5);
    assertThat(offsets.next("orders", 2)).isEmpty();
    assertThat(offsets.snapshotId()).isEqualTo(second.snapshotId());
    assertThat(offsets.watermark()).isEqualTo(Instant.ofEpochSecond(1_700_000_010L));
    assertThat(offsets.runId()).isEqualTo("run-1");
    assertThat(IcebergCommitter.readOffsets(fresh, "other-load").next("payments", 0)).hasValue(3);
    assertThat(read(fresh)).hasSize(18);
    if (kind == TestCatalogs.Kind.REST) {
      assertThat(catalog.authorizations)
          .isNotEmpty()
          .allMatch(a -> a.equals("Bearer canary-token-123"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestCatalogs.Kind.class)
  void aZombieIsFencedAndItsFilesDeleted(TestCatalogs.Kind kind) throws Exception {
    TestCatalogs.Opened catalog = catalog(kind);
    Table table = simpleTable(catalog, "fenced");
    IcebergCommitter zombie = new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    IcebergCommitter replacement =
        new IcebergCommitter(
            catalog.catalog.loadTable(TableIdentifier.of("db", "fenced")),
            LOAD,
            "run-1",
            LoadSpec.WriteMode.Append);

    IcebergCommitter.Batch batch = zombie.newBatch();
    batch.add(chunk(0, 0, 10), simpleRows(0, 10)); // the zombie wrote its files, then paused
    replacement.commit(chunk(0, 0, 10), simpleRows(0, 10));

    assertThatThrownBy(batch::commit)
        .isInstanceOf(IcebergFencedException.class)
        .hasMessageContaining("orders-0 up to offset 10 but this chunk starts at 0");
    assertThat(read(table)).hasSize(10);
    assertThat(parquetFilesOnDisk(catalog.warehouse)).hasSize(1);
    assertThat(zombie.readOffsets().next("orders", 0)).hasValue(10);
  }

  @ParameterizedTest
  @EnumSource(TestCatalogs.Kind.class)
  void aConflictWithAnotherWriterIsRetriedWithoutDuplicateFiles(TestCatalogs.Kind kind)
      throws Exception {
    TestCatalogs.Opened catalog = catalog(kind);
    Table table = simpleTable(catalog, "conflict");
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    IcebergCommitter stranger =
        new IcebergCommitter(
            catalog.catalog.loadTable(TableIdentifier.of("db", "conflict")),
            "stranger",
            "s",
            LoadSpec.WriteMode.Append);
    AtomicInteger calls = new AtomicInteger();
    committer.beforeCatalogCommit(
        base -> {
          if (calls.getAndIncrement() == 0) {
            try {
              stranger.commit(new IcebergChunk("other", 0, 0, 2, null), simpleRows(100, 102));
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }
        });
    IcebergCommitter.CommitResult result = committer.commit(chunk(0, 0, 10), simpleRows(0, 10));

    assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    List<String> files = dataFiles(table);
    assertThat(files).hasSize(2).doesNotHaveDuplicates();
    assertThat(files).containsAll(result.dataFiles().stream().map(DataFile::location).toList());
    assertThat(read(table)).hasSize(12);
    assertThat(committer.readOffsets().next("orders", 0)).hasValue(10);
  }

  @Test
  void aConcurrentCommitOfTheSameLoadIsMergedOrFenced() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    Table table = simpleTable(catalog, "same");
    IcebergCommitter mine = new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    IcebergCommitter replica =
        new IcebergCommitter(
            catalog.catalog.loadTable(TableIdentifier.of("db", "same")),
            LOAD,
            "run-1",
            LoadSpec.WriteMode.Append);
    AtomicInteger calls = new AtomicInteger();
    mine.beforeCatalogCommit(
        base -> {
          if (calls.getAndIncrement() == 0) {
            try {
              replica.commit(chunk(1, 0, 4), simpleRows(100, 104)); // another partition
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }
        });
    mine.commit(chunk(0, 0, 10), simpleRows(0, 10));
    CommittedOffsets offsets = mine.readOffsets();
    assertThat(offsets.next("orders", 0)).hasValue(10);
    assertThat(offsets.next("orders", 1)).hasValue(4); // not lost by re-applying a stale summary
    assertThat(read(table)).hasSize(14);

    // now the replica races on the same partition: the retry sees it and fences
    AtomicInteger again = new AtomicInteger();
    mine.beforeCatalogCommit(
        base -> {
          if (again.getAndIncrement() == 0) {
            try {
              replica.commit(chunk(0, 10, 20), simpleRows(10, 20));
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }
        });
    int filesBefore = parquetFilesOnDisk(catalog.warehouse).size();
    assertThatThrownBy(() -> mine.commit(chunk(0, 10, 20), simpleRows(10, 20)))
        .isInstanceOf(IcebergFencedException.class);
    assertThat(read(table)).hasSize(24);
    assertThat(parquetFilesOnDisk(catalog.warehouse)).hasSize(filesBefore + 1); // the replica's
  }

  @Test
  void anUnknownCommitOutcomeIsSettledFromTheHistory() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    Table table = simpleTable(catalog, "unknown");
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    committer.retries(5, 1);

    // committed, but the answer was lost: not committed again
    AtomicInteger after = new AtomicInteger();
    committer.afterCatalogCommit(
        m -> {
          if (after.getAndIncrement() == 0) {
            throw new CommitStateUnknownException(new RuntimeException("connection reset"));
          }
        });
    IcebergCommitter.CommitResult first = committer.commit(chunk(0, 0, 10), simpleRows(0, 10));
    assertThat(after.get()).isEqualTo(1);
    assertThat(dataFiles(table)).hasSize(1);
    assertThat(first.offsets().next("orders", 0)).hasValue(10);
    committer.afterCatalogCommit(null);

    // not committed, answer lost: committed once by the retry
    AtomicInteger before = new AtomicInteger();
    committer.beforeCatalogCommit(
        m -> {
          if (before.getAndIncrement() == 0) {
            throw new CommitStateUnknownException(new RuntimeException("timeout"));
          }
        });
    committer.commit(chunk(0, 10, 15), simpleRows(10, 15));
    assertThat(before.get()).isEqualTo(2);
    assertThat(dataFiles(table)).hasSize(2).doesNotHaveDuplicates();
    assertThat(read(table)).hasSize(15);
    assertThat(table.snapshots()).hasSize(2);
  }

  @Test
  void aCatalogDatabaseErrorIsRetriedAfterLookingForTheCommit() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    Table table = simpleTable(catalog, "busy");
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    committer.retries(5, 1);
    // what the JDBC catalog throws when SQLite refuses the update (another connection's lock)
    AtomicInteger before = new AtomicInteger();
    committer.beforeCatalogCommit(
        m -> {
          if (before.getAndIncrement() < 2) {
            throw new org.apache.iceberg.jdbc.UncheckedSQLException(
                new SQLException("[SQLITE_BUSY] The database file is locked"), "Unknown failure");
          }
        });
    IcebergCommitter.CommitResult result = committer.commit(chunk(0, 0, 10), simpleRows(0, 10));
    assertThat(before.get()).isEqualTo(3);
    assertThat(result.offsets().next("orders", 0)).hasValue(10);
    assertThat(dataFiles(table)).hasSize(1);
    assertThat(read(table)).hasSize(10);
    assertThat(table.snapshots()).hasSize(1);
  }

  @Test
  void overwriteReplacesTheTableAtTheRunsFirstCommitOnly() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.HADOOP);
    Table table = simpleTable(catalog, "ow");
    new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append)
        .commit(chunk(0, 0, 100), simpleRows(0, 100));

    IcebergCommitter run2 =
        new IcebergCommitter(table, LOAD, "run-2", LoadSpec.WriteMode.Overwrite);
    IcebergCommitter.CommitResult first = run2.commit(chunk(0, 0, 10), simpleRows(1000, 1010));
    assertThat(first.replaced()).isTrue();
    assertThat(first.offsets().offsets()).isEqualTo(Map.of("orders", Map.of(0, 10L)));
    IcebergCommitter.CommitResult second = run2.commit(chunk(0, 10, 20), simpleRows(1010, 1020));
    assertThat(second.replaced()).isFalse();

    // the same run restarted (new committer): appends, continuing from the table's offsets
    IcebergCommitter restarted =
        new IcebergCommitter(
            catalog.catalog.loadTable(TableIdentifier.of("db", "ow")),
            LOAD,
            "run-2",
            LoadSpec.WriteMode.Overwrite);
    assertThat(restarted.readOffsets().next("orders", 0)).hasValue(20);
    assertThat(restarted.commit(chunk(0, 20, 25), simpleRows(1020, 1025)).replaced()).isFalse();

    List<Record> back = read(table);
    assertThat(back).hasSize(25);
    assertThat(back.get(0).getField("id")).isEqualTo(1000L);
    assertThat(restarted.readOffsets().runId()).isEqualTo("run-2");
  }

  @Test
  void aBatchCommitsChunksOfSeveralPartitionsInOneSnapshot() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    Table table = simpleTable(catalog, "batched");
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    IcebergCommitter.CommitResult result;
    try (IcebergCommitter.Batch batch = committer.newBatch()) {
      batch.add(chunk(0, 0, 10), simpleRows(0, 10));
      batch.add(chunk(1, 0, 7), simpleRows(10, 17));
      batch.add(chunk(0, 10, 12), simpleRows(17, 19));
      batch.add(chunk(2, 5, 9), null); // all filtered: only the offsets move
      assertThat(batch.records()).isEqualTo(19);
      assertThatThrownBy(() -> batch.add(chunk(1, 8, 9), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not follow");
    }
    // the failed add aborted that batch: nothing committed, no files left
    assertThat(committer.readOffsets().isEmpty()).isTrue();
    assertThat(parquetFilesOnDisk(catalog.warehouse)).isEmpty();

    try (IcebergCommitter.Batch batch = committer.newBatch()) {
      batch.add(chunk(0, 0, 10), simpleRows(0, 10));
      batch.add(chunk(1, 0, 7), simpleRows(10, 17));
      batch.add(chunk(0, 10, 12), simpleRows(17, 19));
      batch.add(chunk(2, 5, 9), null);
      result = batch.commit();
    }
    table.refresh();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(result.dataFiles()).hasSize(1); // one open file for all chunks of the batch
    assertThat(result.offsets().offsets())
        .isEqualTo(Map.of("orders", Map.of(0, 12L, 1, 7L, 2, 9L)));
    assertThat(read(table)).hasSize(19);
  }

  @Test
  void aMillionRowsInOneCommit() throws Exception {
    TestCatalogs.Opened catalog = catalog(TestCatalogs.Kind.JDBC_SQLITE);
    String sql =
        "SELECT i::BIGINT AS id, 'customer-' || (i % 1000) AS name, (i * 0.5)::DOUBLE AS amount,"
            + " TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i) AS ts, (i % 7)::INTEGER AS kind"
            + " FROM range(0, 1000000) t(i)";
    Table table;
    try (ResultSet rs = rows(sql + " LIMIT 0")) {
      table =
          IcebergTables.prepare(
              catalog.catalog, sink("million", List.of()), DuckDbColumn.of(rs.getMetaData()));
    }
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    long started = System.nanoTime();
    IcebergCommitter.CommitResult result;
    try (ResultSet rs = rows(sql)) {
      result = committer.commit(chunk(0, 0, 1_000_000), rs);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "Iceberg sink: 1,000,000 rows x 5 columns committed in %.2f s = %,.0f rows/s (%d file(s))%n",
        seconds, 1_000_000 / seconds, result.dataFiles().size());
    table.refresh();
    assertThat(table.currentSnapshot().summary()).containsEntry("added-records", "1000000");
  }
}
