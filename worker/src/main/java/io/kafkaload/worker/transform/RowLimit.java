package io.kafkaload.worker.transform;

import java.sql.SQLException;

/**
 * The rows a chunk's SQL may return: {@code spec.limits.maxRowsPerInputRow} times the rows it was
 * given (R8). The query is wrapped so that DuckDB itself stops at the first row past the limit (a
 * streaming {@code row_number()}, which keeps the rows' order), before a table or the disk takes
 * the rest; the run then fails with {@link #reason()}, naming the limit, and commits nothing of the
 * chunk.
 */
final class RowLimit {

  private static final String MARK = "spec.limits.maxRowsPerInputRow (";

  private final long allowed;
  private final String reason;

  RowLimit(long inputRows, int perInputRow, String chunk) {
    long product;
    try {
      product = Math.multiplyExact(inputRows, (long) perInputRow);
    } catch (ArithmeticException tooMany) {
      product = Long.MAX_VALUE;
    }
    this.allowed = Math.max(perInputRow, product);
    this.reason =
        "the load's SQL returned more than "
            + MARK
            + perInputRow
            + ") rows per input row on chunk "
            + chunk
            + " (more than "
            + allowed
            + " rows for "
            + inputRows
            + "), so it was stopped and nothing of the chunk was committed; raise"
            + " spec.limits.maxRowsPerInputRow, or check that the SQL does not multiply rows (a"
            + " join with a large range or table)";
  }

  /** {@code query} failing at its first row past the limit. */
  static String guard(String query, RowLimit limit) {
    return "SELECT * FROM ("
        + query
        + ") QUALIFY CASE WHEN row_number() OVER () > "
        + limit.allowed
        + " THEN error("
        + DuckDbSql.literal(limit.reason)
        + ") ELSE true END";
  }

  /** Whether {@code e} is this limit's error. */
  boolean hit(SQLException e) {
    return String.valueOf(e.getMessage()).contains(MARK);
  }

  String reason() {
    return reason;
  }
}
