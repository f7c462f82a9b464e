package io.kafkaload.worker.transform;

import io.kafkaload.contract.DuckDbLockdown;
import io.kafkaload.worker.config.Limits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBDriver;

/**
 * Opens an embedded, in-memory DuckDB that can touch nothing but one folder. The order matters and
 * is the one DEPENDENCIES.md prescribes: extension auto-install/auto-load off first (else DuckDB
 * reaches for the network and writes into the home folder), then the settings that need file access
 * ({@code temp_directory}), then {@code allowed_directories}, then {@code
 * enable_external_access=false} (which also forbids {@code INSTALL}, {@code LOAD} of files, {@code
 * ATTACH} of files and {@code COPY} outside the allowed folder), and last {@code
 * lock_configuration=true} so no later statement can undo any of it. DuckDB 2.0 has no {@code
 * getenv()} outside its CLI. The first and last settings are {@code contract/}'s {@link
 * DuckDbLockdown}, which the operator's SQL check uses too.
 */
public final class LockedDownDuckDb {

  private LockedDownDuckDb() {}

  /**
   * @param folder the only folder DuckDB may read and write (absolute, real path)
   * @param threads DuckDB's worker threads
   * @param memoryLimit off-heap memory DuckDB may use before spilling into {@code folder}, e.g.
   *     {@code 256MB}
   */
  public static Connection open(Path folder, int threads, String memoryLimit) throws SQLException {
    return open(folder, folder, threads, memoryLimit, Limits.DEFAULT_MAX_TEMP_BYTES);
  }

  /** Like {@link #open(Path, int, String)}, with temporary files under {@code temp} (in folder). */
  public static Connection open(Path folder, Path temp, int threads, String memoryLimit)
      throws SQLException {
    return open(folder, temp, threads, memoryLimit, Limits.DEFAULT_MAX_TEMP_BYTES);
  }

  /**
   * Like {@link #open(Path, Path, int, String)}, spilling at most {@code maxTempBytes} ({@code
   * spec.limits.maxTempBytes}): past it a query fails instead of filling the disk.
   */
  public static Connection open(
      Path folder, Path temp, int threads, String memoryLimit, long maxTempBytes)
      throws SQLException {
    return lockedDown(new Files(folder, temp, memoryLimit, maxTempBytes, null), threads);
  }

  /**
   * Like {@link #open(Path, int, String)}, also allowed to read the folder {@code source} (a files
   * source's base folder): for the worker's own queries over source files, never for the load's
   * SQL.
   */
  public static Connection openReading(Path folder, Path source, int threads, String memoryLimit)
      throws SQLException {
    return lockedDown(
        new Files(folder, folder, memoryLimit, Limits.DEFAULT_MAX_TEMP_BYTES, source), threads);
  }

  /**
   * An in-memory DuckDB that may touch no file at all, for checking SQL: extensions off, external
   * access off, configuration locked.
   */
  static Connection openWithoutFiles() throws SQLException {
    return lockedDown(null, 1);
  }

  /** The folder a DuckDB may use, where it spills, and how much memory and disk it may take. */
  private record Files(
      Path folder, Path temp, String memoryLimit, long maxTempBytes, Path source) {}

  /**
   * Every DuckDB of the worker is opened here, in the order of the class comment; {@code files}
   * null: no file at all.
   */
  private static Connection lockedDown(Files files, int threads) throws SQLException {
    java.util.Properties properties = new java.util.Properties();
    if (files != null) {
      // A query's rows are streamed to the reader (Avro, Iceberg's and PostgreSQL's row-by-row
      // writers) a few MiB at a time: by default DuckDB's JDBC driver first materialises the whole
      // result outside memory_limit (a 1.4 GB result took 1.7 GB of RSS with memory_limit 244 MiB;
      // streamed, 250 MB). Connections duplicated from this one stream too.
      properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    }
    Connection db = DriverManager.getConnection("jdbc:duckdb:", properties);
    try {
      for (String setting : DuckDbLockdown.EXTENSIONS_OFF) {
        run(db, setting);
      }
      run(db, "SET threads = " + threads);
      if (files != null) {
        // Files are written by the query's own threads, not DuckDB's async I/O threads: in DuckDB
        // 2.0.0.1 a COPY interrupted mid-write (a limit of spec.limits, SIGTERM) could deadlock,
        // the failing query draining the async write queue under the lock that a completing write
        // waits for (about 1 in 30 interrupted COPYs here; none with async_threads = 0).
        run(db, "SET async_threads = 0");
        run(db, "SET memory_limit = " + literal(files.memoryLimit()));
        run(db, "SET temp_directory = " + literal(files.temp().resolve("duckdb").toString()));
        run(db, "SET max_temp_directory_size = " + literal(files.maxTempBytes() + "B"));
        // Rows must leave in the topic's order.
        run(db, "SET preserve_insertion_order = true");
        run(
            db,
            "SET allowed_directories = ["
                + literal(files.folder() + "/")
                + (files.source() == null
                    ? ""
                    : ", "
                        + literal(
                            files.source() + (files.source().toString().endsWith("/") ? "" : "/")))
                + "]");
      }
      for (String setting : DuckDbLockdown.SEAL) {
        run(db, setting);
      }
      return db;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Runs a statement in its own Statement: in DuckDB 2.0 a failed statement closes it. */
  public static long run(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
      return statement.getUpdateCount();
    }
  }

  /**
   * Runs {@code sql} on {@code st} (made by {@code db}) and returns its rows, streamed. DuckDB's
   * JDBC driver 2.0.0.1 loses the message of an error met while a streamed query fills its first
   * buffer ("Invalid result set"), so the query is then run once more into a temporary table, which
   * fails with DuckDB's message (the limit a guard named, the user's error), thrown instead.
   */
  public static ResultSet query(Connection db, Statement st, String sql) throws SQLException {
    try {
      return st.executeQuery(sql);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains(LOST_MESSAGE)) {
        throw e;
      }
      SQLException cause = e;
      try {
        run(db, "CREATE OR REPLACE TEMP TABLE kafkaload_failed_query AS " + sql);
      } catch (SQLException again) {
        again.addSuppressed(e);
        cause = again;
      } finally {
        try {
          run(db, "DROP TABLE IF EXISTS kafkaload_failed_query");
        } catch (SQLException ignored) {
          // the connection is going away: nothing to drop
        }
      }
      throw cause;
    }
  }

  /** What DuckDB's driver says instead of the error of a streamed query (see {@link #query}). */
  static final String LOST_MESSAGE = "Invalid result set";

  /** A SQL string literal. */
  public static String literal(String s) {
    return DuckDbSql.literal(s);
  }
}
