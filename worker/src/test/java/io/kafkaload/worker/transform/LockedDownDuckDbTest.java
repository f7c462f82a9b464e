package io.kafkaload.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.chunk.SinkTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The security probe list of RELIABILITY.md, run against the connection the sink uses. */
class LockedDownDuckDbTest {

  @TempDir Path allowed;
  @TempDir Path elsewhere;
  private Connection db;

  @BeforeEach
  void open() throws Exception {
    db = LockedDownDuckDb.open(allowed.toRealPath(), 2, "128MB");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  static Stream<String> probes() {
    return Stream.of(
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_json('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "COPY (SELECT 1) TO '/tmp/x.csv'",
        "COPY (SELECT 1) TO 'relative.csv'",
        "ATTACH '/tmp/kafkaload-probe.db' AS probe",
        "INSTALL httpfs",
        "LOAD httpfs",
        "LOAD '/tmp/evil.duckdb_extension'",
        "SELECT getenv('HOME')",
        "SELECT * FROM read_csv('https://example.com/x.csv')",
        "SET enable_external_access = true",
        "SET allowed_directories = ['/']",
        "SET lock_configuration = false",
        "SET autoload_known_extensions = true",
        "RESET enable_external_access");
  }

  @ParameterizedTest
  @MethodSource("probes")
  void refuses(String probe) {
    assertThatThrownBy(() -> LockedDownDuckDb.run(db, probe)).isInstanceOf(SQLException.class);
  }

  /** The files sink's writer threads each use a duplicate of the connection: same database. */
  @ParameterizedTest
  @MethodSource("probes")
  void a_second_connection_to_the_database_refuses_too(String probe) throws Exception {
    try (Connection second = ((org.duckdb.DuckDBConnection) db).duplicate()) {
      assertThatThrownBy(() -> LockedDownDuckDb.run(second, probe))
          .isInstanceOf(SQLException.class);
      try (var statement = second.createStatement();
          var rs =
              statement.executeQuery(
                  "SELECT current_setting('preserve_insertion_order'),"
                      + " current_setting('threads')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getLong(2)).isEqualTo(2);
      }
    }
  }

  @Test
  void refuses_paths_that_escape_the_folder() throws Exception {
    Path outside = elsewhere.resolve("secret.csv");
    Files.writeString(outside, "a\n1\n");
    String sneaky = allowed.toRealPath() + "/../" + elsewhere.getFileName() + "/secret.csv";
    assertThatThrownBy(() -> LockedDownDuckDb.run(db, "SELECT * FROM read_csv('" + sneaky + "')"))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> LockedDownDuckDb.run(db, "SELECT * FROM read_csv('" + outside + "')"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void still_works_inside_its_folder_after_refusals() throws Exception {
    for (String probe : probes().toList()) {
      try {
        LockedDownDuckDb.run(db, probe);
      } catch (SQLException expected) {
        // each failed statement is closed; the connection must stay usable
      }
    }
    Path json = allowed.toRealPath().resolve("rows.jsonl");
    Files.writeString(json, "{\"a\":1}\n{\"a\":2}\n");
    Path parquet = allowed.toRealPath().resolve("rows.parquet");
    long rows =
        LockedDownDuckDb.run(
            db,
            "COPY (SELECT * FROM read_json('"
                + json
                + "', format = 'newline_delimited')) TO '"
                + parquet
                + "' (FORMAT parquet)");
    assertThat(rows).isEqualTo(2);
    assertThat(SinkTestKit.scalar("SELECT sum(a) FROM '" + parquet + "'")).isEqualTo("3");
  }

  @Test
  void settings_are_in_effect() throws Exception {
    try (var st = db.createStatement();
        var rs =
            st.executeQuery(
                "SELECT current_setting('enable_external_access'),"
                    + " current_setting('lock_configuration'),"
                    + " current_setting('autoload_known_extensions'),"
                    + " current_setting('autoinstall_known_extensions'),"
                    + " current_setting('threads'), current_setting('temp_directory')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isFalse();
      assertThat(rs.getBoolean(2)).isTrue();
      assertThat(rs.getBoolean(3)).isFalse();
      assertThat(rs.getBoolean(4)).isFalse();
      assertThat(rs.getInt(5)).isEqualTo(2);
      assertThat(rs.getString(6)).startsWith(allowed.toRealPath().toString());
    }
  }

  /**
   * A COPY interrupted while DuckDB writes its file must end: with DuckDB's async I/O threads on,
   * about one interrupted COPY in thirty never did (DuckDB 2.0.0.1: the failing query drained the
   * async write queue under the lock a completing write waited for), and a run stopped by a limit
   * or SIGTERM hung with it. Each COPY here is interrupted at another moment of its write.
   */
  @Test
  void aCopyInterruptedWhileWritingAlwaysEnds() throws Exception {
    try (java.sql.Statement st = db.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('async_threads')")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
    java.util.concurrent.ExecutorService runner =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < 12; round++) {
        Path file = allowed.toRealPath().resolve("interrupted-" + round + ".parquet");
        java.sql.Statement statement = db.createStatement();
        java.util.concurrent.Future<?> copy =
            runner.submit(
                () -> {
                  statement.execute(
                      "COPY (SELECT range AS x, md5(random()::VARCHAR) AS n FROM range(30000000))"
                          + " TO '"
                          + file
                          + "' (FORMAT parquet)");
                  return null;
                });
        Thread.sleep(300 + 150L * round); // into the write, at another point each round
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!copy.isDone() && System.nanoTime() < deadline) {
          try {
            statement.cancel();
          } catch (SQLException e) {
            // DuckDB's driver closes a statement whose query failed before execute returns, so
            // the interrupted COPY may have ended a moment before its future says so
            assertThat(statement.isClosed()).as("cancel failed: %s", e.getMessage()).isTrue();
          }
          Thread.sleep(100);
        }
        assertThat(copy.isDone()).as("COPY of round %d ended after its interrupt", round).isTrue();
        statement.close();
        Files.deleteIfExists(file);
      }
    } finally {
      runner.shutdownNow();
    }
  }

  @Test
  void aStreamedQueryThatFailsAtOnceKeepsDuckDbsMessage() throws Exception {
    // rows are streamed (see open); DuckDB's driver 2.0.0.1 then says only "Invalid result set"
    // for an error met before the first rows are handed over, and a guard's reason would be lost
    for (String sql :
        List.of(
            "SELECT error('the reason of a guard')",
            "SELECT CASE WHEN range > 5000 THEN error('the reason of a guard') ELSE range END"
                + " FROM range(10000)")) {
      try (java.sql.Statement st = db.createStatement()) {
        assertThatThrownBy(
                () -> {
                  try (java.sql.ResultSet rs = LockedDownDuckDb.query(db, st, sql)) {
                    while (rs.next()) {
                      // read every row
                    }
                  }
                })
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("the reason of a guard");
      }
    }
    // and the connection goes on
    try (java.sql.Statement st = db.createStatement();
        java.sql.ResultSet rs = LockedDownDuckDb.query(db, st, "SELECT 42")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }
}
