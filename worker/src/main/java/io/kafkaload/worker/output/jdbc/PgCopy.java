package io.kafkaload.worker.output.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The rows of one chunk into a PostgreSQL table inside a transaction the caller holds open ({@link
 * PgWriter} owns it: fencing, the position, commit), returned as a {@link Written} value: rows
 * read, rows written, and the rows refused with their reasons. Nothing here commits or touches a
 * position.
 *
 * <p>Rows go in with {@code COPY ... FROM STDIN}, never row by row, in batches of {@link
 * #BATCH_BYTES}: read from a DuckDB result set and encoded in Java ({@link CopyRows}, COPY text
 * format), or as the CSV DuckDB wrote itself ({@link DuckCsv}, {@link CsvRows}). A value PostgreSQL
 * would refuse does not fail the chunk: values that can be checked beforehand (NUL in text, {@code
 * \u0000} for jsonb, too long for varchar(n), numeric overflow, integer range) are left out while
 * encoding; any other row-level refusal (SQLSTATE class 22 or 23) is isolated by rolling back to a
 * savepoint and re-sending the rows around the line the server names, or halves when it names none.
 * Upsert ({@code keyColumns}): the rows are copied into a temporary table, then merged with {@code
 * INSERT ... ON CONFLICT (keys) DO UPDATE}; of several rows with the same key in one chunk, the
 * last one wins; rows with a null key are refused.
 */
final class PgCopy {

  /** Byte size of the COPY batches a chunk is sent in (bounds the memory a chunk needs). */
  static final int BATCH_BYTES = 32 << 20;

  private static final String STAGE = "kafkaload_stage";
  private static final String ROW_COLUMN = "__kafkaload_row";
  private static final Pattern WHERE_LINE = Pattern.compile("line (\\d+)");

  /**
   * What a chunk's rows did in the transaction: {@code read} rows of the chunk, {@code written}
   * rows inserted or merged, and the {@code rejected} rows in row order.
   */
  record Written(long read, long written, List<RejectedRow> rejected) {}

  private final PgTable table;
  private final List<String> keyColumns;
  private final List<Integer> keyIndexes;
  private final DuckCsv duckCsv; // null: the table has a column DuckDB cannot write for COPY

  PgCopy(PgTable table, List<String> keyColumns) {
    this.table = table;
    this.keyColumns = List.copyOf(keyColumns);
    List<String> names = table.plans().stream().map(ColumnPlan::name).toList();
    this.keyIndexes = this.keyColumns.stream().map(names::indexOf).toList();
    this.duckCsv = DuckCsv.of(table.plans(), keyIndexes);
  }

  /**
   * DuckDB's statement that writes the rows of {@code query} to the CSV file {@code file} for
   * {@link #csv}, or null when the table has a column DuckDB cannot write as CopyRows would.
   */
  String csvCopySql(String query, Path file) {
    return duckCsv == null ? null : duckCsv.copySql(query, file);
  }

  /** Whether {@link #csv} can be used (see {@link DuckCsv}). */
  boolean takesCsv() {
    return duckCsv != null;
  }

  /** The COPY statement of a chunk (upsert: after creating the staging table). */
  private String copyTarget(Connection c, String format) throws SQLException {
    boolean upsert = !keyColumns.isEmpty();
    String columns = table.columnList();
    String target = table.name().sql();
    if (upsert) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TEMP TABLE "
                + STAGE
                + " ON COMMIT DROP AS SELECT "
                + columns.substring(1, columns.length() - 1)
                + ", NULL::bigint AS "
                + ROW_COLUMN
                + " FROM "
                + target
                + " WITH NO DATA");
      }
      target = "pg_temp." + STAGE;
      columns = columns.substring(0, columns.length() - 1) + ", " + ROW_COLUMN + ")";
    }
    return "COPY " + target + " " + columns + " FROM STDIN" + format;
  }

  Written rows(Connection c, ResultSet rs) throws SQLException, IOException {
    boolean upsert = !keyColumns.isEmpty();
    List<ColumnPlan> plans = table.plans();
    String copySql = copyTarget(c, "");
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    List<RejectedRow> rejected = new ArrayList<>();
    CopyRows buffer = new CopyRows(plans, upsert);
    long copied = 0;
    int row = 0;
    while (rs.next()) {
      String nullKey = null;
      for (int k : keyIndexes) {
        rs.getObject(k + 1);
        if (rs.wasNull()) {
          nullKey = plans.get(k).name();
          break;
        }
      }
      if (nullKey != null) {
        rejected.add(new RejectedRow(row, nullKey, CopyRows.nullKey(nullKey)));
      } else {
        try {
          buffer.add(rs, row);
        } catch (CopyRows.Refused e) {
          rejected.add(new RejectedRow(row, e.column, e.getMessage()));
        }
      }
      row++;
      if (buffer.bytes() >= BATCH_BYTES) {
        copied += copyIsolating(c, copy, copySql, buffer, rejected);
        buffer.clear();
      }
    }
    copied += copyIsolating(c, copy, copySql, buffer, rejected);
    long written = copied;
    if (upsert) {
      written = mergeStage(c);
    }
    rejected.sort(Comparator.comparingInt(RejectedRow::row));
    return new Written(row, written, rejected);
  }

  /** The rows of DuckDB's CSV file (see {@link DuckCsv}) in COPY CSV batches. */
  Written csv(Connection c, Path file) throws SQLException, IOException {
    boolean upsert = !keyColumns.isEmpty();
    String copySql = copyTarget(c, " (FORMAT csv)");
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    List<RejectedRow> rejected = new ArrayList<>();
    // a batch holds the file's accepted values (fewer bytes than the file) up to BATCH_BYTES
    long fileBytes = Files.size(file);
    CsvRows buffer = new CsvRows((int) Math.min(fileBytes + (1 << 16), BATCH_BYTES + (1 << 20)));
    long copied = 0;
    int row = 0;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      CsvRows.Reader records = new CsvRows.Reader(in);
      while (records.next()) {
        if (records.accepted()) {
          buffer.add(records, row, upsert);
        } else {
          rejected.add(duckCsv.reason(row, records.reason()));
        }
        row++;
        if (buffer.bytes() >= BATCH_BYTES) {
          copied += copyIsolating(c, copy, copySql, buffer, rejected);
          buffer.clear();
        }
      }
    }
    copied += copyIsolating(c, copy, copySql, buffer, rejected);
    long written = upsert ? mergeStage(c) : copied;
    rejected.sort(Comparator.comparingInt(RejectedRow::row));
    return new Written(row, written, rejected);
  }

  private long mergeStage(Connection c) throws SQLException {
    List<String> cols = table.plans().stream().map(p -> TableName.quote(p.name())).toList();
    List<String> keys = keyColumns.stream().map(TableName::quote).toList();
    List<String> updates =
        table.plans().stream()
            .map(ColumnPlan::name)
            .filter(n -> !keyColumns.contains(n))
            .map(n -> TableName.quote(n) + " = EXCLUDED." + TableName.quote(n))
            .toList();
    String sql =
        "INSERT INTO "
            + table.name().sql()
            + " ("
            + String.join(", ", cols)
            + ")"
            + " SELECT DISTINCT ON ("
            + String.join(", ", keys)
            + ") "
            + String.join(", ", cols)
            + " FROM pg_temp."
            + STAGE
            + " ORDER BY "
            + String.join(", ", keys)
            + ", "
            + ROW_COLUMN
            + " DESC ON CONFLICT ("
            + String.join(", ", keys)
            + ") "
            + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates));
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /**
   * Sends the buffered rows with COPY inside a savepoint; on a row-level error rolls back to it and
   * sends the rows before the line the server names, rejects that row, and goes on after it (halves
   * when no line is named). Returns the rows written.
   */
  private long copyIsolating(
      Connection c, CopyManager copy, String sql, CopyBatch buffer, List<RejectedRow> rejected)
      throws SQLException, IOException {
    if (buffer.count() == 0) {
      return 0;
    }
    long written = 0;
    Deque<int[]> ranges = new ArrayDeque<>();
    ranges.push(new int[] {0, buffer.count()});
    while (!ranges.isEmpty()) {
      int[] r = ranges.pop();
      int from = r[0];
      int to = r[1];
      if (from >= to) {
        continue;
      }
      Savepoint sp = c.setSavepoint();
      try {
        int start = buffer.start(from);
        copy.copyIn(
            sql,
            new ByteArrayInputStream(buffer.data(), start, buffer.end(to - 1) - start),
            1 << 16);
        c.releaseSavepoint(sp);
        written += to - from;
      } catch (SQLException e) {
        if (PgErrors.transientKind(e) != null || !PgErrors.isRowError(e)) {
          throw e;
        }
        c.rollback(sp);
        c.releaseSavepoint(sp);
        int bad = badLine(e, buffer, from, to);
        if (to - from == 1 || bad >= 0) {
          int at = to - from == 1 ? from : from + bad;
          rejected.add(reject(buffer.source(at), e));
          ranges.push(new int[] {at + 1, to});
          ranges.push(new int[] {from, at});
        } else {
          int mid = (from + to) >>> 1;
          ranges.push(new int[] {mid, to});
          ranges.push(new int[] {from, mid});
        }
      }
    }
    return written;
  }

  /** The 0-based row of a COPY error's context line ({@code COPY t, line 3, ...}), or -1. */
  private static int badLine(SQLException e, CopyBatch buffer, int from, int to) {
    String where = PgErrors.where(e);
    if (where == null) {
      return -1;
    }
    Matcher m = WHERE_LINE.matcher(where);
    if (m.find()) {
      try {
        return buffer.rowAtLine(from, to, Long.parseLong(m.group(1)));
      } catch (NumberFormatException ignored) {
        return -1;
      }
    }
    return -1;
  }

  private RejectedRow reject(int row, SQLException e) {
    String where = PgErrors.where(e);
    String column = null;
    if (where != null) {
      int at = where.indexOf(", column ");
      if (at >= 0) {
        String rest = where.substring(at + ", column ".length());
        for (ColumnPlan p : table.plans()) {
          if (rest.startsWith(p.name() + ":") || rest.equals(p.name())) {
            if (column == null || p.name().length() > column.length()) {
              column = p.name();
            }
          }
        }
      }
    }
    String reason = PgErrors.serverMessage(e);
    return new RejectedRow(
        row, column, column == null ? reason : "column " + column + ": " + reason);
  }
}
