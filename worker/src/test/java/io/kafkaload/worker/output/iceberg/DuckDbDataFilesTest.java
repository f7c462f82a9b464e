package io.kafkaload.worker.output.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DuckDB-written data files against Iceberg's own writer, on the same rows: the same records read
 * back, the same partitions, sound column bounds (every filtered scan returns the same rows), and
 * the cases that must stay on the generic writer.
 */
class DuckDbDataFilesTest {

  private static final String LOAD = "duck-load";

  /**
   * 3,000 rows with nulls, negative and pre-1970 values, multi-byte text longer than the 16
   * characters Iceberg keeps in bounds, a name with a quote and a space, NaN and infinities.
   */
  private static final String ROWS =
      "SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE (i - 1500)::BIGINT END AS id,"
          + " (i % 50)::INTEGER AS small,"
          + " CASE WHEN i % 89 = 0 THEN NULL ELSE 'ñame-' || (i % 37) || '-€-' || repeat('z', i % 23)"
          + "   END AS name,"
          + " ['eu','us','ap', NULL][(i % 4) + 1] AS region,"
          + " CASE WHEN i % 83 = 0 THEN NULL"
          + "   ELSE TIMESTAMPTZ '1969-12-30 21:00:00+00' + to_minutes(i * 3) END AS ts,"
          + " TIMESTAMP '2024-02-28 23:59:59.999999' + to_minutes(i - 1500) AS local_ts,"
          + " DATE '1969-12-01' + (i % 60)::INTEGER AS dt,"
          + " ((i - 1500) * 1.25)::DECIMAL(12,2) AS amount,"
          + " ((i % 5) * 0.25)::DECIMAL(4,2) AS tier,"
          + " CASE WHEN i = 7 THEN 'NaN'::DOUBLE WHEN i = 8 THEN 'inf'::DOUBLE"
          + "   WHEN i = 9 THEN '-inf'::DOUBLE ELSE i / 3.0 END AS ratio,"
          + " (i / 7.0)::FLOAT AS f,"
          + " i % 3 = 0 AS flag,"
          + " ('\\x' || lpad(printf('%x', i % 256), 2, '0'))::BLOB AS raw,"
          + " CASE WHEN i % 71 = 0 THEN NULL ELSE {'os': ['ios', 'android', NULL][(i % 3) + 1],"
          + "   'version': (i % 13)::INTEGER, 'screen': {'w': (i % 5) * 100, 'h': 7}} END AS device,"
          + " i::BIGINT AS \"we'ird \"\"name\"\"\""
          + " FROM range(0, 3000) t(i)";

  @TempDir Path dir;
  private Connection duck;
  private TestCatalogs.Opened catalog;

  @BeforeEach
  void open() throws Exception {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    catalog = TestCatalogs.open(TestCatalogs.Kind.JDBC_SQLITE, dir.resolve("catalog"));
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
    duck.close();
  }

  private List<DuckDbColumn> columns(String sql) throws SQLException {
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM (" + sql + ") LIMIT 0")) {
      return DuckDbColumn.of(rs.getMetaData());
    }
  }

  private Table table(String name, String sql, List<String> partitionBy) throws SQLException {
    return IcebergTables.prepare(
        catalog.catalog, TestCatalogs.sink(name, true, partitionBy), columns(sql));
  }

  /** Commits {@code sql}'s rows through Iceberg's generic writer. */
  private IcebergCommitter.CommitResult generic(Table table, String sql) throws SQLException {
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return committer.commit(chunk(), rs);
    }
  }

  /** Commits {@code sql}'s rows as DuckDB-written data files; null when they went generic. */
  private IcebergCommitter.CommitResult throughDuckDb(Table table, String sql) throws Exception {
    List<DuckDbColumn> columns = columns(sql);
    assertThat(DuckDbDataFiles.whyNot(table, columns)).isNull();
    IcebergCommitter committer =
        new IcebergCommitter(table, LOAD, "run-1", LoadSpec.WriteMode.Append);
    Path scratch = Files.createTempDirectory(dir, "scratch");
    try (IcebergCommitter.Batch batch = committer.newBatch()) {
      List<DataFile> files =
          DuckDbDataFiles.of(committer.table(), columns)
              .write(duck, sql, scratch, batch.commitId());
      assertThat(files).as("partition values settled").isNotNull();
      batch.addFiles(chunk(), files);
      return batch.commit();
    }
  }

  private static IcebergChunk chunk() {
    return new IcebergChunk("events", 0, 0, 3000, Instant.ofEpochSecond(1_700_000_000L));
  }

  private static List<String> read(Table table, Expression filter) throws IOException {
    table.refresh();
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).where(filter).build()) {
      records.forEach(r -> out.add(describe(r)));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static String describe(Record r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      if (v instanceof ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        v = java.util.HexFormat.of().formatHex(bytes);
      }
      s.append(v).append('|');
    }
    return s.toString();
  }

  private static Set<String> partitions(IcebergCommitter.CommitResult result) {
    Set<String> out = new HashSet<>();
    for (DataFile file : result.dataFiles()) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < file.partition().size(); i++) {
        s.append(file.partition().get(i, Object.class)).append('/');
      }
      out.add(s.toString());
    }
    return out;
  }

  /** Filters at and around values the rows hold, so wrong bounds would prune files wrongly. */
  private static List<Expression> filters() {
    return List.of(
        Expressions.alwaysTrue(),
        Expressions.equal("id", 0L),
        Expressions.lessThan("id", -1400L),
        Expressions.greaterThanOrEqual("id", 1499L),
        Expressions.isNull("id"),
        Expressions.equal("name", "ñame-36-€-zzzzzzzzzzzzzzzzzzzzzz"),
        Expressions.greaterThan("name", "ñame-36-€-zzzzzzzzzzzz"),
        Expressions.startsWith("name", "ñame-1"),
        Expressions.isNull("name"),
        Expressions.equal("region", "ap"),
        Expressions.isNull("region"),
        Expressions.lessThan("ts", "1970-01-01T00:00:00+00:00"),
        Expressions.greaterThan("ts", "1970-01-02T12:00:00+00:00"),
        Expressions.equal("local_ts", "2024-02-29T00:59:59.999999"),
        Expressions.lessThan("dt", "1970-01-01"),
        Expressions.equal("dt", "1970-01-15"),
        Expressions.greaterThan("amount", new java.math.BigDecimal("1870.00")),
        Expressions.lessThanOrEqual("amount", new java.math.BigDecimal("-1875.00")),
        // not "ratio > x": Iceberg's row filter takes NaN for the greatest double, its pruning
        // does not, so even its own files give different rows for it
        Expressions.lessThan("ratio", 1.0),
        Expressions.greaterThan("small", 47),
        Expressions.isNaN("ratio"),
        Expressions.equal("flag", true),
        Expressions.greaterThan("f", 428.0f),
        Expressions.equal("device.os", "ios"),
        Expressions.isNull("device.os"),
        Expressions.greaterThan("device.version", 11),
        Expressions.equal("device.screen.w", 400L),
        Expressions.equal("we'ird \"name\"", 2999L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "day(ts)",
        "hour(ts)",
        "month(ts)",
        "year(ts)",
        "day(local_ts)",
        "day(dt)",
        "year(dt)",
        "truncate(4, name)",
        "truncate(7, name)",
        "truncate(100, id)",
        "truncate(8, small)",
        "identity(region)",
        "region;day(ts)",
        "flag;month(dt);truncate(1000, id)",
        "tier",
        "small"
      })
  void readsBackTheSameRowsAndPartitionsAsIcebergsOwnWriter(String partitionBy) throws Exception {
    List<String> spec = partitionBy.isEmpty() ? List.of() : List.of(partitionBy.split(";"));
    Table own = table("own", ROWS, spec);
    Table duckdb = table("duck", ROWS, spec);
    IcebergCommitter.CommitResult expected = generic(own, ROWS);
    IcebergCommitter.CommitResult actual = throughDuckDb(duckdb, ROWS);

    assertThat(actual.records()).isEqualTo(3000).isEqualTo(expected.records());
    assertThat(partitions(actual)).isEqualTo(partitions(expected));
    assertThat(actual.dataFiles()).hasSameSizeAs(expected.dataFiles());
    for (Expression filter : filters()) {
      assertThat(read(duckdb, filter)).as(filter.toString()).isEqualTo(read(own, filter));
    }
    assertThat(read(duckdb, Expressions.alwaysTrue())).hasSize(3000);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(TestCatalogs.Kind.class)
  void writesThroughEveryKindOfCatalogsFileIo(TestCatalogs.Kind kind) throws Exception {
    try (TestCatalogs.Opened other = TestCatalogs.open(kind, dir.resolve("kind-" + kind))) {
      Table table =
          IcebergTables.prepare(
              other.catalog, TestCatalogs.sink("kinds", true, List.of("day(ts)")), columns(ROWS));
      IcebergCommitter.CommitResult result = throughDuckDb(table, ROWS);
      assertThat(result.records()).isEqualTo(3000);
      for (DataFile file : result.dataFiles()) {
        assertThat(file.location()).contains(other.warehouse.getFileName().toString());
      }
      Table reloaded =
          other.catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.of("db", "kinds"));
      assertThat(read(reloaded, Expressions.alwaysTrue())).hasSize(3000);
      assertThat(read(reloaded, Expressions.isNull("ts"))).hasSize(3000 / 83 + 1);
    }
  }

  @Test
  void metricsCountValuesAndNullsAndBoundEveryValue() throws Exception {
    Table own = table("own", ROWS, List.of());
    Table duckdb = table("duck", ROWS, List.of());
    DataFile expected = generic(own, ROWS).dataFiles().get(0);
    DataFile actual = throughDuckDb(duckdb, ROWS).dataFiles().get(0);
    assertThat(actual.recordCount()).isEqualTo(expected.recordCount());
    assertThat(actual.valueCounts()).isEqualTo(expected.valueCounts());
    assertThat(actual.nullValueCounts()).isEqualTo(expected.nullValueCounts());
    assertThat(actual.location()).contains("kafkaload-").endsWith(".parquet");
    for (Types.NestedField field : duckdb.schema().columns()) {
      Type type = field.type();
      ByteBuffer lower =
          actual.lowerBounds() == null ? null : actual.lowerBounds().get(field.fieldId());
      ByteBuffer upper =
          actual.upperBounds() == null ? null : actual.upperBounds().get(field.fieldId());
      ByteBuffer ownLower = expected.lowerBounds().get(field.fieldId());
      ByteBuffer ownUpper = expected.upperBounds().get(field.fieldId());
      // a bound is either absent (no pruning) or as tight and sound as Iceberg's own
      if (lower != null) {
        assertThat((Object) Conversions.fromByteBuffer(type, lower))
            .as("lower bound of " + field.name())
            .isEqualTo(Conversions.fromByteBuffer(type, ownLower));
      }
      if (upper != null) {
        assertThat((Object) Conversions.fromByteBuffer(type, upper))
            .as("upper bound of " + field.name())
            .isEqualTo(Conversions.fromByteBuffer(type, ownUpper));
      }
    }
    // the columns users filter on keep their bounds
    for (String name : List.of("id", "ts", "dt", "amount", "region")) {
      int id = duckdb.schema().findField(name).fieldId();
      assertThat(actual.lowerBounds()).as(name).containsKey(id);
      assertThat(actual.upperBounds()).as(name).containsKey(id);
    }
  }

  @Test
  void widensIntegersToTheTablesLongsAndLeavesAbsentColumnsNull() throws Exception {
    Table table = table("wide", "SELECT 1::BIGINT AS id, 'x' AS name, 2.5::DOUBLE AS d", List.of());
    String rows = "SELECT i::INTEGER AS id, 1.5::FLOAT AS d FROM range(0, 10) t(i)";
    IcebergCommitter.CommitResult result = throughDuckDb(table, rows);
    assertThat(result.records()).isEqualTo(10);
    List<String> back = read(table, Expressions.alwaysTrue());
    assertThat(back).hasSize(10).contains("0|null|1.5|", "9|null|1.5|");
    assertThat(read(table, Expressions.greaterThan("id", 8L))).containsExactly("9|null|1.5|");
  }

  @Test
  void noRowsWriteNoFileButMoveTheOffsets() throws Exception {
    Table table = table("empty", ROWS, List.of("day(ts)"));
    IcebergCommitter.CommitResult result = throughDuckDb(table, ROWS + " WHERE false");
    assertThat(result.dataFiles()).isEmpty();
    assertThat(result.offsets().offsets()).isEqualTo(Map.of("events", Map.of(0, 3000L)));
    try (Stream<Path> files = Files.walk(catalog.warehouse)) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).isEmpty();
    }
  }

  @Test
  void structFieldsGoByNameWhateverTheirOrderAndMissingOnesAreNull() throws Exception {
    Table table =
        table(
            "structs",
            "SELECT 1::BIGINT AS id, {'os': 'x', 'version': 1::INTEGER, 'build': 'b'} AS device",
            List.of());
    // a later chunk infers the fields in another order, one missing, and a narrower type
    String rows =
        "SELECT i::BIGINT AS id, CASE WHEN i = 2 THEN NULL ELSE"
            + " {'version': (i * 10)::SMALLINT, 'os': 'os-' || i} END AS device"
            + " FROM range(0, 4) t(i)";
    throughDuckDb(table, rows);
    assertThat(read(table, Expressions.alwaysTrue()))
        .containsExactly(
            "0|Record(os-0, 0, null)|",
            "1|Record(os-1, 10, null)|",
            "2|null|",
            "3|Record(os-3, 30, null)|");
    assertThat(read(table, Expressions.equal("device.version", 30)))
        .containsExactly("3|Record(os-3, 30, null)|");
  }

  @Test
  void staysOnTheGenericWriterWhereDuckDbWouldNotWriteWhatIcebergDoes() throws Exception {
    String nested = "SELECT 1::BIGINT AS id, {'a': 1} AS s, [1, 2] AS l, 'x' AS name";
    Table lists = table("nested", nested, List.of());
    assertThat(DuckDbDataFiles.whyNot(lists, columns(nested))).contains("column l");
    assertThat(DuckDbDataFiles.whyNot(lists, columns("SELECT 1::BIGINT AS id, {'a': 2} AS s")))
        .isNull();
    Table byNested = table("by_nested", "SELECT {'a': 1} AS s", List.of());
    byNested.updateSpec().addField("s.a").commit();
    assertThat(DuckDbDataFiles.whyNot(byNested, columns("SELECT {'a': 1} AS s")))
        .contains("partition field");

    Table bucketed = table("bucketed", ROWS, List.of("bucket(16, id)"));
    assertThat(DuckDbDataFiles.whyNot(bucketed, columns(ROWS))).contains("bucket");
    Table doubles = table("doubles", ROWS, List.of("ratio"));
    assertThat(DuckDbDataFiles.whyNot(doubles, columns(ROWS))).contains("ratio");

    Table lz4 = table("lz4", ROWS, List.of());
    lz4.updateProperties().set(TableProperties.PARQUET_COMPRESSION, "lz4").commit();
    assertThat(DuckDbDataFiles.whyNot(lz4, columns(ROWS))).contains("lz4");

    Table required = table("required", "SELECT 1::BIGINT AS id", List.of());
    required.updateSchema().allowIncompatibleChanges().requireColumn("id").commit();
    assertThat(DuckDbDataFiles.whyNot(required, columns("SELECT 1::BIGINT AS id")))
        .contains("required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"snappy", "gzip", "uncompressed", "zstd"})
  void writesTheTablesCompressionCodec(String codec) throws Exception {
    Table table = table("codec_" + codec, ROWS, List.of());
    table.updateProperties().set(TableProperties.PARQUET_COMPRESSION, codec).commit();
    throughDuckDb(table, ROWS);
    table.refresh();
    String location;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      location = tasks.iterator().next().file().location();
    }
    try (Statement st = duck.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT DISTINCT compression FROM parquet_metadata("
                    + io.kafkaload.worker.transform.DuckDbSql.literal(
                        location.replaceFirst("^file:", ""))
                    + ")")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualToIgnoringCase(codec);
      assertThat(rs.next()).isFalse();
    }
    assertThat(read(table, Expressions.alwaysTrue())).hasSize(3000);
  }
}
