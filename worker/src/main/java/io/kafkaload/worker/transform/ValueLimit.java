package io.kafkaload.worker.transform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The size of one value a chunk's SQL may return: {@code spec.limits.maxValueBytes} (R8). DuckDB
 * builds text, binary and nested values (repeat, lpad, string_agg, list aggregates, ...) outside
 * its {@code memory_limit}, which bounds only its buffer manager, and it has no setting that caps
 * one value (its own hard limit is 4 GB per string). So the query is wrapped so that DuckDB checks
 * the size of every such value it returns, and fails at the first one past the limit: the value
 * never reaches the Java side (Avro, Iceberg's and PostgreSQL's row-by-row writers, which would
 * hold it on the heap) nor the output. The run then fails with {@link #reason()}, naming the column
 * (never a value) and the limit, and commits nothing of the chunk.
 *
 * <p>Sizes: text and JSON their UTF-8 bytes, BLOB and BIT their bytes (all stored with the value,
 * so checking costs nothing); a LIST, ARRAY, STRUCT, MAP or UNION the bytes of its text form (its
 * cast to VARCHAR, which costs about as much as writing it as JSON). Fixed-width types are not
 * checked.
 */
final class ValueLimit {

  private static final String MARK = "spec.limits.maxValueBytes (";

  private final long maxBytes;
  private final String chunk;

  ValueLimit(long maxBytes, String chunk) {
    this.maxBytes = maxBytes;
    this.chunk = chunk;
  }

  /** {@code query} failing at its first value past the limit (its columns read from DuckDB). */
  String guard(Connection db, String query) throws SQLException {
    List<String> checks = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("DESCRIBE " + query)) {
      int position = 0;
      while (rs.next()) {
        // by position: a name may be given to two columns, and then names only the first
        String size = size("#" + ++position, rs.getString(2));
        if (size != null) {
          checks.add(
              " WHEN "
                  + size
                  + " > "
                  + maxBytes
                  + " THEN error("
                  + DuckDbSql.literal(reason(rs.getString(1)))
                  + ")");
        }
      }
    }
    if (checks.isEmpty()) {
      return query;
    }
    return "SELECT * FROM (" + query + ") WHERE CASE" + String.join("", checks) + " ELSE true END";
  }

  /** The size in bytes of {@code column}, of DuckDB type {@code type}; null for fixed widths. */
  static String size(String column, String type) {
    String t = type.trim().toUpperCase(java.util.Locale.ROOT);
    if (t.equals("VARCHAR") || t.equals("JSON")) {
      return "strlen(" + column + ")";
    }
    if (t.equals("BLOB") || t.equals("BIT")) {
      return "octet_length(" + column + ")";
    }
    if (t.endsWith("]")
        || t.startsWith("STRUCT(")
        || t.startsWith("MAP(")
        || t.startsWith("UNION(")
        || t.equals("BIGNUM")) {
      return "strlen(CAST(" + column + " AS VARCHAR))";
    }
    return null;
  }

  private String reason(String column) {
    return "the load's SQL returned a value of more than "
        + MARK
        + maxBytes
        + " bytes) in column "
        + DuckDbSql.name(column)
        + " on chunk "
        + chunk
        + ", so it was stopped and nothing of the chunk was committed; raise"
        + " spec.limits.maxValueBytes (the worker holds a few such values at once: give it the"
        + " memory, worker.resources.limits.memory), or check that the SQL does not build huge"
        + " values (repeat, lpad, string_agg, list aggregates)";
  }

  /** Whether {@code e} is this limit's error. */
  static boolean hit(SQLException e) {
    return String.valueOf(e.getMessage()).contains(MARK);
  }

  /** This limit's reason, taken from DuckDB's message (it names the column that crossed it). */
  static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("the load's SQL returned a value of more than " + MARK);
    String reason = at < 0 ? message : message.substring(at);
    int end = reason.indexOf('\n');
    return end < 0 ? reason : reason.substring(0, end);
  }
}
