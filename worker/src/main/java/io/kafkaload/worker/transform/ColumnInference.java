package io.kafkaload.worker.transform;

import static io.kafkaload.worker.transform.LockedDownDuckDb.literal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Infers the columns of JSON lines files with DuckDB from every row (never a sample, so a type that
 * changes or a name that first appears late is seen), with strings kept as strings ({@link
 * ColumnType#keepStrings}), and builds the {@code read_json} call that reads rows with them.
 *
 * <p>DuckDB infers the types of several files in parallel, but holds a buffer per file while doing
 * so: files are described a few at a time (as many as DuckDB has threads) and the results merged
 * ({@link ColumnType#merge}).
 */
public final class ColumnInference {

  private final Connection db;
  private final int filesPerQuery;

  ColumnInference(Connection db, int filesPerQuery) {
    this.db = db;
    this.filesPerQuery = Math.max(1, filesPerQuery);
  }

  /** The row type (a STRUCT of the top-level columns) of all rows of {@code files}. */
  ColumnType infer(List<Path> files, long objectSize) throws SQLException {
    ColumnType merged = null;
    for (int i = 0; i < files.size(); i += filesPerQuery) {
      List<Path> group = files.subList(i, Math.min(files.size(), i + filesPerQuery));
      String sql =
          "DESCRIBE SELECT * FROM read_json("
              + list(group)
              + ", format = 'newline_delimited', records = true, sample_size = -1,"
              + " maximum_sample_files = -1, maximum_object_size = "
              + objectSize
              + ")";
      List<String> names = new ArrayList<>();
      List<ColumnType> types = new ArrayList<>();
      try (Statement statement = db.createStatement();
          ResultSet rs = statement.executeQuery(sql)) {
        while (rs.next()) {
          names.add(rs.getString("column_name"));
          types.add(ColumnType.parse(rs.getString("column_type")).keepStrings());
        }
      }
      merged = ColumnType.merge(merged, ColumnType.struct(names, types));
    }
    return merged;
  }

  /**
   * The column sets to try, in order. DuckDB infers HUGEINT for integer columns with both signs or
   * beyond 2^63 (and writes HUGEINT to Parquet as DOUBLE, losing digits): try BIGINT, which fails
   * loudly on a value beyond 64 bits, then DECIMAL(38,0), which holds such values exactly.
   */
  static List<ColumnType> attempts(ColumnType inferred) {
    if (!inferred.contains("HUGEINT")) {
      return List.of(inferred);
    }
    return List.of(
        inferred.replace("HUGEINT", "BIGINT"), inferred.replace("HUGEINT", "DECIMAL(38,0)"));
  }

  /** A SELECT of the rows of {@code files} with {@code columns}, in file and line order. */
  String select(List<Path> files, long objectSize, ColumnType columns) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < columns.fields.size(); i++) {
      entries.add(literal(columns.fields.get(i)) + ": " + literal(columns.children.get(i).sql()));
    }
    return "SELECT * FROM read_json("
        + list(files)
        + ", format = 'newline_delimited', records = true, maximum_object_size = "
        + objectSize
        + ", columns = {"
        + String.join(", ", entries)
        + "})";
  }

  /** A SQL list of file names. */
  public static String list(List<Path> files) {
    return files.stream()
        .map(p -> literal(p.toString()))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
