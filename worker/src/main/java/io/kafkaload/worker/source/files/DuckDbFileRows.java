package io.kafkaload.worker.source.files;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.transform.ColumnType;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * A Parquet or CSV file, read by DuckDB (the same engine the outputs use): each row rendered as a
 * JSON object by {@code to_json}, as the JSON lines output and the Kafka output render rows, in the
 * file's order ({@code preserve_insertion_order}). A Parquet file resumes at a row by its {@code
 * file_row_number}, without reading the rows before it; a CSV file reads and skips them. Folder
 * columns the file does not have itself are added as constant columns.
 */
final class DuckDbFileRows implements FileRows {

  private final Connection db;
  private final SourceFile file;
  private final LoadSpec.FileFormat format;
  private final LoadSpec.CsvOptions csv;

  DuckDbFileRows(
      Connection db, SourceFile file, LoadSpec.FileFormat format, LoadSpec.CsvOptions csv) {
    this.db = db;
    this.file = file;
    this.format = format;
    this.csv = csv;
  }

  @Override
  public long count() throws IOException {
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, "SELECT count(*) FROM " + scan(false))) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw unreadable(e);
    }
  }

  @Override
  public void read(long from, long to, RowHandler handler) throws IOException {
    if (from >= to) {
      return;
    }
    try {
      Set<String> columns = columns();
      boolean byRowNumber =
          format == LoadSpec.FileFormat.Parquet && !columns.contains("file_row_number");
      StringBuilder select = new StringBuilder("SELECT *");
      if (byRowNumber) {
        select.append(" EXCLUDE (file_row_number)");
      }
      for (SourceFile.FolderColumn c : file.folderColumns()) {
        if (!columns.contains(c.name())) {
          String json = c.json();
          select
              .append(", ")
              .append(json.startsWith("\"") ? LockedDownDuckDb.literal(c.value()) : json)
              .append(" AS ")
              .append(ColumnType.quoteName(c.name()));
        }
      }
      select.append(" FROM ").append(scan(byRowNumber));
      if (byRowNumber) {
        select.append(" WHERE file_row_number >= ").append(from);
        select.append(" AND file_row_number < ").append(to);
      } else {
        select.append(" LIMIT ").append(to - from).append(" OFFSET ").append(from);
      }
      String query = "SELECT to_json(r)::VARCHAR FROM (" + select + ") AS r";
      long number = from;
      try (Statement st = db.createStatement();
          ResultSet rs = LockedDownDuckDb.query(db, st, query)) {
        while (rs.next()) {
          handler.row(number++, rs.getString(1).getBytes(StandardCharsets.UTF_8));
        }
      }
      if (number != to) {
        throw new IOException(
            "source file "
                + file.relative()
                + " gave "
                + (number - from)
                + " rows from row "
                + from
                + ", "
                + (to - from)
                + " were counted: did it change while the run read it?");
      }
    } catch (SQLException e) {
      throw unreadable(e);
    }
  }

  private static final java.util.regex.Pattern KEPT_TYPES =
      java.util.regex.Pattern.compile(
          "(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT"
              + "|DECIMAL\\(\\d+,\\s*\\d+\\)|FLOAT|DOUBLE|BOOLEAN|VARCHAR|DATE"
              + "|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS"
              + "|STRUCT\\(|\\)|\\[\\]|,|\\s|\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_]* )*");

  /**
   * The columns of {@code files} by name (DuckDB's union by name), those of a type {@link
   * #KEPT_TYPES} holds; empty when DuckDB cannot describe them together.
   */
  static java.util.Map<String, String> describe(
      Connection db,
      java.util.List<SourceFile> files,
      LoadSpec.FileFormat format,
      LoadSpec.CsvOptions csv) {
    StringBuilder list = new StringBuilder("[");
    for (SourceFile f : files) {
      list.append(list.length() > 1 ? ", " : "")
          .append(LockedDownDuckDb.literal(f.path().toString()));
    }
    list.append(']');
    String scan =
        format == LoadSpec.FileFormat.Parquet
            ? "read_parquet(" + list + ", hive_partitioning = false, union_by_name = true)"
            : "read_csv("
                + list
                + ", hive_partitioning = false, union_by_name = true, header = "
                + csv.headerOrDefault()
                + ", delim = "
                + LockedDownDuckDb.literal(csv.delimiterOrDefault())
                + ")";
    java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, "DESCRIBE SELECT * FROM " + scan)) {
      while (rs.next()) {
        String type = rs.getString("column_type");
        if (KEPT_TYPES.matcher(type).matches()) {
          columns.put(rs.getString("column_name"), type);
        }
      }
    } catch (SQLException e) {
      return java.util.Map.of();
    }
    return columns;
  }

  /** The file's own column names. */
  private Set<String> columns() throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, "DESCRIBE SELECT * FROM " + scan(false))) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private String scan(boolean rowNumbers) {
    String path = LockedDownDuckDb.literal(file.path().toString());
    return switch (format) {
      case Parquet ->
          "read_parquet("
              + path
              + ", hive_partitioning = false"
              + (rowNumbers ? ", file_row_number = true" : "")
              + ")";
      case Csv ->
          "read_csv("
              + path
              + ", hive_partitioning = false, header = "
              + csv.headerOrDefault()
              + ", delim = "
              + LockedDownDuckDb.literal(csv.delimiterOrDefault())
              + ")";
      default -> throw new IllegalStateException("not read by DuckDB: " + format);
    };
  }

  private IOException unreadable(SQLException e) {
    return new IOException(
        "source file " + file.relative() + " cannot be read as " + format + ": " + e.getMessage(),
        e);
  }
}
