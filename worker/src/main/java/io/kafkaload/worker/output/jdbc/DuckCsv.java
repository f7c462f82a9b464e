package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.transform.types.DuckDbType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A chunk's rows written by DuckDB itself, as the CSV that {@code COPY ... FROM STDIN (FORMAT csv)}
 * takes, instead of being read value by value through DuckDB's JDBC getters and encoded in Java
 * ({@link CopyRows}). The same checks {@link CopyRows} makes run in the same query, in the same
 * order (upsert keys first, then the columns in order, and within a column in the order CopyRows
 * finds them); each record ends with one more field, empty when the row goes in, else a code {@code
 * <column index>:<kind>[:<number>]} that {@link #reason} turns into the very reason CopyRows gives.
 * The records come in the query's order ({@code preserve_insertion_order}), so a record's index is
 * the row index of the chunk.
 *
 * <p>Only for tables whose every column DuckDB writes as the text PostgreSQL reads back to the same
 * value CopyRows sends ({@link #of} returns null otherwise, and the chunk goes through CopyRows):
 * integers, DECIMAL, DOUBLE, FLOAT into real, BOOLEAN, VARCHAR-like text, UUID, DATE, TIME,
 * TIMESTAMP (all units), TIMESTAMPTZ, BLOB (as {@code \x} hex), and into {@code jsonb} nested
 * values (STRUCT, LIST, fixed-size ARRAY) of text, booleans and integers only, written by DuckDB's
 * {@code to_json}: jsonb keeps what the JSON means, not how it was spelt, and these leaves have one
 * meaning each. Not: DuckDB's JSON type, INTERVAL, TIMETZ, VARINT, nested values with numbers of
 * other kinds, dates, blobs, MAP or UNION inside, or nested values into json or text (whose exact
 * spelling is kept): those keep CopyRows.
 */
final class DuckCsv {
  private final List<ColumnPlan> plans;
  private final List<Integer> keys;

  private DuckCsv(List<ColumnPlan> plans, List<Integer> keys) {
    this.plans = plans;
    this.keys = keys;
  }

  /** The plan for a table's columns and upsert keys (indices in plans), or null (see class). */
  static DuckCsv of(List<ColumnPlan> plans, List<Integer> keys) {
    for (ColumnPlan p : plans) {
      if (!supported(p)) {
        return null;
      }
    }
    return new DuckCsv(plans, keys);
  }

  static boolean supported(ColumnPlan p) {
    DuckType t = p.load();
    return switch (t.family()) {
      case INTEGER,
          DECIMAL,
          DOUBLE,
          BOOLEAN,
          TEXT,
          UUID,
          DATE,
          TIME,
          TIMESTAMP,
          TIMESTAMPTZ,
          BLOB ->
          true;
      case BIG_INTEGER -> t.precision() > 0; // not VARINT / BIGNUM
      case FLOAT -> p.tableType().equals("real");
      case NESTED -> p.jsonb() && NestedType.simple(t.duckDb());
      case JSON, INTERVAL, TIMETZ -> false;
    };
  }

  /**
   * DuckDB's statement writing the rows of {@code query} with their reason codes to {@code file}.
   */
  String copySql(String query, Path file) {
    StringBuilder names = new StringBuilder();
    StringBuilder inner = new StringBuilder();
    for (int i = 0; i < plans.size(); i++) {
      String c = col(i);
      names.append(i == 0 ? "" : ", ").append(c);
      inner.append(i == 0 ? "" : ", ");
      switch (plans.get(i).load().family()) {
        case NESTED ->
            inner.append("CAST(to_json(").append(c).append(") AS VARCHAR) AS ").append(c);
        case BLOB -> inner.append("'\\x' || hex(").append(c).append(") AS ").append(c);
        default -> inner.append(c);
      }
    }
    List<String> checks = new ArrayList<>();
    for (int k : keys) {
      checks.add("WHEN " + col(k) + " IS NULL THEN '" + k + ":K'");
    }
    for (int i = 0; i < plans.size(); i++) {
      checks(i, plans.get(i), checks);
    }
    String reason =
        checks.isEmpty() ? "NULL::VARCHAR" : "CASE " + String.join(" ", checks) + " END";
    return "COPY (SELECT "
        + names
        + ", "
        + reason
        + " FROM (SELECT "
        + inner
        + " FROM ("
        + query
        + ") AS kafkaload_rows("
        + names
        + ")) AS kafkaload_values) TO "
        + literal(file.toString())
        + " (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"')";
  }

  private static String col(int i) {
    return "kafkaload_c" + i;
  }

  private static void checks(int i, ColumnPlan p, List<String> out) {
    String c = col(i);
    DuckType t = p.load();
    switch (t.family()) {
      case INTEGER, BIG_INTEGER, DECIMAL -> {
        if (p.hasRange()) {
          String v = t.family() == DuckType.Family.DECIMAL ? "trunc(" + c + ")" : c;
          boolean unsigned = t.duckDb().trim().toUpperCase(Locale.ROOT).startsWith("U");
          out.add(
              "WHEN "
                  + (unsigned ? "" : v + " < " + p.min() + " OR ")
                  + v
                  + " > "
                  + p.max()
                  + " THEN '"
                  + i
                  + ":R'");
        }
        if (p.maxIntegerDigits() >= 0) {
          // digits before the point of a non-zero value (CopyRows: 0 for 0, and for |v| < 1)
          String digits =
              t.family() == DuckType.Family.DECIMAL
                  ? "length(CAST(CAST(trunc(abs(" + c + ")) AS HUGEINT) AS VARCHAR))"
                  : "length(replace(CAST(" + c + " AS VARCHAR), '-', ''))";
          String nonZero =
              t.family() == DuckType.Family.DECIMAL ? "abs(" + c + ") >= 1" : c + " <> 0";
          out.add(
              "WHEN "
                  + nonZero
                  + " AND "
                  + digits
                  + " > "
                  + p.maxIntegerDigits()
                  + " THEN '"
                  + i
                  + ":D:' || "
                  + digits);
        }
      }
      case TEXT -> {
        out.add("WHEN contains(" + c + ", chr(0)) THEN '" + i + ":N'");
        if (p.maxChars() >= 0) {
          String length = p.padded() ? "length(rtrim(" + c + ", ' '))" : "length(" + c + ")";
          out.add("WHEN " + length + " > " + p.maxChars() + " THEN '" + i + ":L:' || " + length);
        }
      }
      case NESTED -> {
        // to_json escapes every control character, so no raw NUL; an escape \u0000 is one when
        // an even number of backslashes comes before it (CopyRows skips escaped pairs)
        out.add(
            "WHEN contains("
                + c
                + ", '\\u0000') AND regexp_matches("
                + c
                + ", '(^|[^\\\\])(\\\\\\\\)*\\\\u0000') THEN '"
                + i
                + ":J'");
      }
      default -> {
        // nothing to check
      }
    }
  }

  /** The rejected row of a reason code from the CSV's last field. */
  RejectedRow reason(int row, String code) {
    String[] parts = code.split(":", 3);
    ColumnPlan p = plans.get(Integer.parseInt(parts[0]));
    String reason =
        switch (parts[1]) {
          case "K" -> null;
          case "R" -> CopyRows.outOfRange(p);
          case "D" -> CopyRows.tooManyDigits(p, Long.parseLong(parts[2]));
          case "N" -> CopyRows.NUL_IN_TEXT;
          case "L" -> CopyRows.tooLong(p, Long.parseLong(parts[2]));
          case "J" -> CopyRows.NUL_ESCAPE_IN_JSONB;
          default -> throw new IllegalStateException("unknown reason code " + code);
        };
    return new RejectedRow(
        row,
        p.name(),
        reason == null ? CopyRows.nullKey(p.name()) : "column " + p.name() + ": " + reason);
  }

  private static String literal(String s) {
    return io.kafkaload.worker.transform.DuckDbSql.literal(s);
  }

  /**
   * Whether a DuckDB nested type holds only STRUCTs, LISTs and ARRAYs of VARCHAR, BOOLEAN and
   * integers (whose JSON DuckDB and CopyRows spell alike up to what jsonb keeps).
   */
  static final class NestedType {
    private static final Set<String> LEAVES =
        Set.of(
            "VARCHAR",
            "BOOLEAN",
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT");

    private NestedType() {}

    static boolean simple(String type) {
      try {
        return simple(DuckDbType.parse(type));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private static boolean simple(DuckDbType type) {
      if (type instanceof DuckDbType.Primitive p) {
        return LEAVES.contains(p.name());
      }
      if (type instanceof DuckDbType.ListOf list) {
        return simple(list.element());
      }
      return type instanceof DuckDbType.Struct struct
          && struct.types().stream().allMatch(NestedType::simple);
    }
  }
}
