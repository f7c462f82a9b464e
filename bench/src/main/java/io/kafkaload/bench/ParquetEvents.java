package io.kafkaload.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The parquet scenario's input: the well-formed events the bench produced (the malformed ones are
 * not JSON and have no row), as typed columns in one Parquet file written by DuckDB once, after
 * producing and before any measurement. While producing, the events go to a JSON lines file as well
 * ({@link #add}); {@link #writeParquet} turns it into the Parquet file and deletes it.
 */
final class ParquetEvents implements AutoCloseable {

  /** The Parquet columns, as DuckDB's {@code read_json(columns = ...)} types them. */
  static final String COLUMNS =
      "{event_id: 'BIGINT', user_id: 'VARCHAR', event_type: 'VARCHAR',"
          + " ts: 'TIMESTAMP WITH TIME ZONE', amount: 'DECIMAL(10,2)', region: 'VARCHAR',"
          + " page: 'VARCHAR', session: 'VARCHAR', device: 'STRUCT(os VARCHAR, version VARCHAR)'}";

  private final Path jsonl;
  private final OutputStream out;
  private long rows;

  /** What was written: the file, its rows, size, row groups and columns as DuckDB reads them. */
  record Written(
      Path file, long rows, long bytes, long rowGroups, List<String> columns, double seconds) {}

  ParquetEvents(Path jsonl) throws IOException {
    this.jsonl = jsonl;
    this.out = new BufferedOutputStream(Files.newOutputStream(jsonl), 1 << 20);
  }

  /** One produced event; malformed ones are skipped. */
  void add(byte[] value, boolean malformed) throws IOException {
    if (malformed) {
      return;
    }
    out.write(value);
    out.write('\n');
    rows++;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Writes {@code parquet} from the JSON lines (closed first), then deletes them. */
  Written writeParquet(Path parquet) throws IOException, SQLException {
    close();
    long start = System.nanoTime();
    String src = quote(jsonl.toAbsolutePath().toString());
    String dst = quote(parquet.toAbsolutePath().toString());
    List<String> columns = new ArrayList<>();
    long count;
    long groups;
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      // never reach for the network or the home folder for extensions (see DEPENDENCIES.md)
      st.execute("SET autoinstall_known_extensions = false");
      st.execute("SET autoload_known_extensions = false");
      st.execute("SET TimeZone = 'UTC'");
      st.execute(
          "COPY (SELECT * FROM read_json("
              + src
              + ", format = 'newline_delimited', columns = "
              + COLUMNS
              + ")) TO "
              + dst
              + " (FORMAT parquet, COMPRESSION zstd)");
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + dst + ")")) {
        while (rs.next()) {
          columns.add(rs.getString("column_name") + " " + rs.getString("column_type"));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), (SELECT count(DISTINCT row_group_id) FROM parquet_metadata("
                  + dst
                  + ")) FROM read_parquet("
                  + dst
                  + ")")) {
        rs.next();
        count = rs.getLong(1);
        groups = rs.getLong(2);
      }
    }
    Files.deleteIfExists(jsonl);
    if (count != rows) {
      throw new IllegalStateException(
          "the Parquet file holds " + count + " rows, not the " + rows + " well-formed events");
    }
    return new Written(
        parquet, count, Files.size(parquet), groups, columns, (System.nanoTime() - start) / 1e9);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
