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
