package io.kafkaload.worker.chunk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Builds records and reads files back with a plain (not locked down) DuckDB. */
public final class SinkTestKit {

  private SinkTestKit() {}

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static ConsumerRecord<byte[], byte[]> record(
      String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        timestamp,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  /** Rows of a query, each as its columns' string values joined by '|'. */
  public static List<String> query(String sql) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  /** The single value of a query. */
  public static String scalar(String sql) throws SQLException {
    List<String> rows = query(sql);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row, got " + rows);
    }
    return rows.get(0);
  }

  /** File names (relative to {@code root}) of every file under it, sorted. */
  public static List<String> tree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** Like {@link #tree} without the scratch folder. */
  public static List<String> published(Path root) throws IOException {
    return tree(root).stream().filter(n -> !n.startsWith(ScratchDir.ROOT + "/")).toList();
  }

  public static String sql(Path p) {
    return "'" + p.toString().replace("'", "''") + "'";
  }
}
