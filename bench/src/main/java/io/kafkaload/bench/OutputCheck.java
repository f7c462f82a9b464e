package io.kafkaload.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts what a run left in its output folder: rows of the data files read back with DuckDB (the
 * same embedded engine the worker writes Parquet with), lines of the rejected files, leftover temp
 * files, bytes on disk.
 */
final class OutputCheck {
  long dataFiles;
  long dataRows = -1;
  long dataBytes;
  long rejectedFiles;
  long rejectedLines;
  long tempFiles;

  /** The validated scenario's Parquet content (see {@link #validatedContent}); null otherwise. */
  Content content;

  /** Aggregates over the rows of the validated scenario's output, read back with DuckDB. */
  record Content(
      java.util.List<String> columns,
      long rows,
      long heartbeats,
      long badUserIds,
      long distinctEventIds,
      long eventIdSum,
      long amountCentsSum,
      long tsMillisSinceBaseSum,
      String userIdOfEventId) {}

  static OutputCheck of(Path dir, String format) throws IOException, SQLException {
    OutputCheck c = new OutputCheck();
    String ext = format.equalsIgnoreCase("Json") ? ".jsonl" : ".parquet";
    List<Path> data = list(dir, ext);
    c.dataFiles = data.size();
    for (Path p : data) {
      c.dataBytes += Files.size(p);
    }
    Path rejected = dir.resolve("_rejected");
    List<Path> rejects = list(rejected, ".jsonl");
    c.rejectedFiles = rejects.size();
    for (Path p : rejects) {
      try (Stream<String> lines = Files.lines(p)) {
        c.rejectedLines += lines.filter(l -> !l.isBlank()).count();
      }
    }
    c.tempFiles = countTemp(dir) + countTemp(rejected);
    c.dataRows = data.isEmpty() ? 0 : countRows(dir, ext);
    return c;
  }

  private static List<Path> list(Path dir, String ext) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith(ext) && !n.startsWith(".") && Files.isRegularFile(p);
              })
          .sorted()
          .toList();
    }
  }

  private static long countTemp(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  /**
   * Reads back the validated scenario's Parquet files: the columns and their types, and for every
   * row the values that {@link EventTally} summed at produce time; plus the user_id written for
   * event {@code spotEventId}.
   */
  static Content validatedContent(Path dir, long spotEventId) throws SQLException {
    String glob = dir.toAbsolutePath().resolve("*.parquet").toString().replace("'", "''");
    String from = "read_parquet('" + glob + "')";
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      st.execute("SET autoinstall_known_extensions = false");
      st.execute("SET autoload_known_extensions = false");
      java.util.List<String> columns = new java.util.ArrayList<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + from)) {
        while (rs.next()) {
          columns.add(rs.getString("column_name") + " " + rs.getString("column_type"));
        }
      }
      String sql =
          "SELECT count(*),"
              + " count(*) FILTER (WHERE event_type = 'heartbeat'),"
              + " count(*) FILTER (WHERE user_id IS NULL"
              + "   OR NOT regexp_full_match(user_id, '[0-9a-f]{64}')),"
              + " count(DISTINCT event_id),"
              + " coalesce(sum(event_id), 0)::BIGINT,"
              + " coalesce(sum(amount) * 100, 0)::BIGINT,"
              + " coalesce(sum(epoch_ms(ts) - "
              + EventTally.BASE_MILLIS
              + "), 0)::BIGINT,"
              + " (SELECT min(user_id) FROM "
              + from
              + " WHERE event_id = "
              + spotEventId
              + ")"
              + " FROM "
              + from;
      try (ResultSet rs = st.executeQuery(sql)) {
        rs.next();
        return new Content(
            columns,
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getLong(6),
            rs.getLong(7),
            rs.getString(8));
      }
    }
  }

  private static long countRows(Path dir, String ext) throws SQLException {
    String glob = dir.toAbsolutePath().resolve("*" + ext).toString().replace("'", "''");
    String from =
        ext.equals(".parquet")
            ? "read_parquet('" + glob + "')"
            : "read_json('" + glob + "', format = 'newline_delimited')";
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      // never reach for the network or the home folder for extensions (see DEPENDENCIES.md)
      st.execute("SET autoinstall_known_extensions = false");
      st.execute("SET autoload_known_extensions = false");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + from)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
