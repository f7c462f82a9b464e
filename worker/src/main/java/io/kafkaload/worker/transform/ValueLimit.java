package io.kafkaload.worker.transform;

import io.kafkaload.worker.transform.types.DuckDbType;
import java.nio.charset.StandardCharsets;
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
 * so checking costs nothing); a STRUCT the sizes of its text, binary and nested fields added up,
 * with those fields' names (read field by field, as cheap); a LIST, ARRAY, MAP or UNION the bytes
 * of its text form (its cast to VARCHAR, which costs about as much as writing it as JSON).
 * Fixed-width types, and structs of only fixed-width fields, are not checked.
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
    DuckDbType parsed;
    try {
      parsed = DuckDbType.parse(type);
    } catch (IllegalArgumentException e) {
      // a type the model does not read (a new DuckDB type): measured by its text form, never missed
      return "strlen(CAST(" + column + " AS VARCHAR))";
    }
    return size(column, parsed);
  }

  /**
   * The size of {@code expr}: strings and blobs as stored; a STRUCT its fields' sizes added up with
   * their names, read field by field (a cast of the struct to text cost about a fifth of writing a
   * chunk with a small struct column to Parquet); other nested values their text form.
   */
  private static String size(String expr, DuckDbType type) {
    if (type instanceof DuckDbType.Struct struct) {
      return structSize(expr, struct);
    }
    if (!(type instanceof DuckDbType.Primitive p)) {
      return "strlen(CAST(" + expr + " AS VARCHAR))"; // LIST, ARRAY, MAP, UNION
    }
    return switch (p.name()) {
      case "VARCHAR", "JSON" -> "strlen(" + expr + ")";
      case "BLOB", "BIT" -> "octet_length(" + expr + ")";
      case "BIGNUM" -> "strlen(CAST(" + expr + " AS VARCHAR))";
      default -> null; // fixed width (an ENUM: one of its values)
    };
  }

  private static String structSize(String expr, DuckDbType.Struct struct) {
    List<String> parts = new ArrayList<>();
    long names = 0;
    for (int i = 0; i < struct.names().size(); i++) {
      String name = struct.names().get(i);
      String field =
          size(
              "struct_extract(" + expr + ", " + DuckDbSql.literal(name) + ")",
              struct.types().get(i));
      if (field != null) {
        parts.add("coalesce(" + field + ", 0)");
        names += name.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (parts.isEmpty()) {
      return null; // only fixed-width fields: a fixed width
    }
    return "(" + names + " + " + String.join(" + ", parts) + ")";
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
