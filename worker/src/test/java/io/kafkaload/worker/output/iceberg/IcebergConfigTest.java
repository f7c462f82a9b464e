package io.kafkaload.worker.output.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.security.SecretFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IcebergConfigTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "io-impl|set through the catalog's own fields",
        "metrics-reporter-impl|names a class or loads code",
        "table-default.write.location-provider.impl|names a class or loads code",
        "jdbc.socketFactory|names a class or loads code",
        "credential|credentials come only from the Secret",
        "jdbc.password|credentials come only from the Secret",
        "s3.secret-access-key|credentials come only from the Secret",
        "uri|set through the catalog's own fields",
        "some.unknown|not an allowed catalog property"
      })
  void refusedPropertiesAreNamed(String key, String why) {
    assertThatThrownBy(() -> IcebergCatalogs.checkProperties(Map.of(key, "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.iceberg.catalog.properties." + key + ": ")
        .hasMessageContaining(why);
  }

  @Test
  void aSqliteCatalogRunsInWalModeWithABusyTimeoutUnlessItsUrlSaysOtherwise() throws Exception {
    assertThat(IcebergCatalogs.sqliteUrl("jdbc:sqlite:/data/catalog.db"))
        .isEqualTo("jdbc:sqlite:/data/catalog.db?journal_mode=WAL&busy_timeout=10000");
    assertThat(IcebergCatalogs.sqliteUrl("jdbc:sqlite:/c.db?journal_mode=DELETE"))
        .isEqualTo("jdbc:sqlite:/c.db?journal_mode=DELETE&busy_timeout=10000");
    assertThat(IcebergCatalogs.sqliteUrl("jdbc:sqlite:/c.db?busy_timeout=5&journal_mode=wal"))
        .isEqualTo("jdbc:sqlite:/c.db?busy_timeout=5&journal_mode=wal");
    // the catalog really opens its file in WAL mode
    try (TestCatalogs.Opened opened = TestCatalogs.open(TestCatalogs.Kind.JDBC_SQLITE, dir)) {
      ((SupportsNamespaces) opened.catalog).listNamespaces();
      try (java.sql.Connection c =
              java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.db"));
          java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
    }
  }

  @Test
  void allowedPropertiesPass() {
    Map<String, String> ok =
        Map.of(
            "cache-enabled", "false",
            "jdbc.schema-version", "V1",
            "table-default.write.parquet.compression-codec", "zstd",
            "token-refresh-enabled", "false");
    assertThat(IcebergCatalogs.checkProperties(ok)).isEqualTo(ok);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:h2:mem:x|only jdbc:postgresql:",
        "jdbc:postgresql://h/db?socketFactory=x.Y|URL parameter socketfactory",
        "jdbc:postgresql://h/db?ssl=true&loggerFile=/tmp/x|URL parameter loggerfile",
        "jdbc:sqlite:/tmp/c.db?enable_load_extension=true|URL parameter enable_load_extension",
        "jdbc:mysql://h/db?allowLoadLocalInfile=true|URL parameter allowloadlocalinfile"
      })
  void dangerousJdbcUrlsAreRefused(String url, String why) throws Exception {
    TestCatalogs.writeSecret(dir, "cat", "url", url);
    LoadSpec.IcebergCatalog spec =
        TestCatalogs.catalog(LoadSpec.IcebergCatalogType.Jdbc, null, dir.resolve("wh"), "cat");
    assertThatThrownBy(() -> IcebergCatalogs.open(spec, new SecretFiles(dir)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secret cat key url")
        .hasMessageContaining(why)
        .hasMessageNotContaining("x.Y");
  }

  @Test
  void restNeedsAnHttpUriWithoutUserInfo() {
    SecretFiles secrets = new SecretFiles(dir);
    assertThatThrownBy(
            () ->
                IcebergCatalogs.open(
                    TestCatalogs.catalog(LoadSpec.IcebergCatalogType.Rest, null, null, null),
                    secrets))
        .hasMessageContaining("sink.iceberg.catalog.uri is required");
    assertThatThrownBy(
            () ->
                IcebergCatalogs.open(
                    TestCatalogs.catalog(
                        LoadSpec.IcebergCatalogType.Rest, "http://u:p@host:8181", null, null),
                    secrets))
        .hasMessageContaining("must not carry credentials");
  }

  @Test
  void mapsEveryDuckDbType() {
    Schema schema =
        IcebergTables.schemaOf(
            List.of(
                new DuckDbColumn("a", "BIGINT"),
                new DuckDbColumn("b", "INTEGER"),
                new DuckDbColumn("c", "DOUBLE"),
                new DuckDbColumn("d", "DECIMAL(10,2)"),
                new DuckDbColumn("e", "VARCHAR"),
                new DuckDbColumn("f", "JSON"),
                new DuckDbColumn("g", "BOOLEAN"),
                new DuckDbColumn("h", "DATE"),
                new DuckDbColumn("i", "TIMESTAMP"),
                new DuckDbColumn("j", "TIMESTAMP WITH TIME ZONE"),
                new DuckDbColumn("k", "STRUCT(x INTEGER, \"y z\" VARCHAR[])"),
                new DuckDbColumn("l", "BIGINT[][]"),
                new DuckDbColumn("m", "MAP(VARCHAR, STRUCT(q DOUBLE))"),
                new DuckDbColumn("n", "BLOB"),
                new DuckDbColumn("o", "UUID")));
    assertThat(
            schema.asStruct().fields().stream()
                .map(f -> f.type().toString().replaceAll("\\d+: ", ""))
                .toList())
        .containsExactly(
            "long",
            "int",
            "double",
            "decimal(10, 2)",
            "string",
            "string",
            "boolean",
            "date",
            "timestamp",
            "timestamptz",
            "struct<x: optional int, y z: optional list<string>>",
            "list<list<long>>",
            "map<string, struct<q: optional double>>",
            "binary",
            "uuid");
    assertThat(schema.columns()).allMatch(f -> f.isOptional());
  }

  @Test
  void typesWithoutALosslessIcebergTypeAreRefusedNamingTheColumn() {
    assertThatThrownBy(() -> IcebergTables.schemaOf(List.of(new DuckDbColumn("big", "HUGEINT"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("column big (DuckDB type HUGEINT)")
        .hasMessageContaining("CAST");
  }

  @Test
  void partitionEntriesAreParsedAndBadOnesNamed() {
    Schema schema =
        IcebergTables.schemaOf(
            List.of(
                new DuckDbColumn("id", "BIGINT"),
                new DuckDbColumn("name", "VARCHAR"),
                new DuckDbColumn("ts", "TIMESTAMP WITH TIME ZONE")));
    PartitionSpec spec =
        IcebergTables.partitionSpec(
            schema, List.of("day(ts)", "bucket(16, id)", "truncate(4, name)"));
    assertThat(spec.fields().stream().map(f -> f.transform().toString()).toList())
        .containsExactly("day", "bucket[16]", "truncate[4]");
    assertThat(
            IcebergTables.partitionSpec(schema, List.of("name"))
                .fields()
                .get(0)
                .transform()
                .toString())
        .isEqualTo("identity");

    assertThatThrownBy(() -> IcebergTables.partitionSpec(schema, List.of("day(created)")))
        .hasMessageContaining(
            "partitionBy entry 'day(created)': no column created among [id, name, ts]");
    assertThatThrownBy(() -> IcebergTables.partitionSpec(schema, List.of("bucket(id)")))
        .hasMessageContaining("entry 'bucket(id)': bucket takes a positive number and a column");
    assertThatThrownBy(() -> IcebergTables.partitionSpec(schema, List.of("week(ts)")))
        .hasMessageContaining("entry 'week(ts)': unknown transform week");
    assertThatThrownBy(() -> IcebergTables.partitionSpec(schema, List.of("day(name)")))
        .hasMessageContaining(
            "entry 'day(name)': day does not apply to column name of type string");
    assertThatThrownBy(() -> IcebergTables.partitionSpec(schema, List.of("day(ts")))
        .hasMessageContaining("entry 'day(ts': not a transform");
  }

  @Test
  void anExistingTableThatCannotTakeAColumnIsNamed() throws Exception {
    try (TestCatalogs.Opened opened = TestCatalogs.open(TestCatalogs.Kind.HADOOP, dir)) {
      Catalog catalog = opened.catalog;
      ((SupportsNamespaces) catalog).createNamespace(Namespace.of("db"));
      Schema existing =
          IcebergTables.schemaOf(
              List.of(
                  new DuckDbColumn("id", "BIGINT"), new DuckDbColumn("amount", "DECIMAL(10,2)")));
      catalog.createTable(TableIdentifier.of("db", "t"), existing);
      LoadSpec.IcebergSink sink = TestCatalogs.sink("t", false, null);

      Table ok =
          IcebergTables.prepare(
              catalog,
              sink,
              List.of(
                  new DuckDbColumn("id", "INTEGER"), new DuckDbColumn("amount", "DECIMAL(8,2)")));
      assertThat(ok.name()).endsWith("db.t");
      assertThatThrownBy(
              () ->
                  IcebergTables.prepare(
                      catalog, sink, List.of(new DuckDbColumn("amount", "DOUBLE"))))
          .hasMessageContaining(
              "column amount is decimal(10, 2) in the table but the rows give double");
      assertThatThrownBy(
              () -> IcebergTables.prepare(catalog, sink, List.of(new DuckDbColumn("ID", "BIGINT"))))
          .hasMessageContaining("has no column ID (it has id; names are case-sensitive)");
      assertThatThrownBy(
              () ->
                  IcebergTables.prepare(
                      catalog,
                      TestCatalogs.sink("missing", false, null),
                      List.of(new DuckDbColumn("id", "BIGINT"))))
          .hasMessageContaining("does not exist; create it or set sink.iceberg.createTable: true");
      assertThatThrownBy(
              () ->
                  IcebergTables.prepare(
                      catalog,
                      TestCatalogs.sink("t", false, List.of("bucket(4, id)")),
                      List.of(new DuckDbColumn("id", "BIGINT"))))
          .hasMessageContaining(
              "is partitioned as unpartitioned but sink.iceberg.partitionBy asks for");
    }
  }
}
