package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.WriteMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a load's chunks into a PostgreSQL table, exactly once: the rows of a chunk and the
 * partition's next offset are committed in one transaction, after checking that the stored position
 * is where the chunk starts (fencing: a zombie or a second writer is refused). The positions live
 * in the table's schema ({@link PgOffsets}) and are read back by {@link #readOffsets()} before
 * anything else on start.
 *
 * <p>Rows go in with {@code COPY ... FROM STDIN} (text format), never row by row. A value
 * PostgreSQL would refuse does not fail the chunk: values that can be checked beforehand (NUL in
 * text, {@code \u0000} for jsonb, too long for varchar(n), numeric overflow, integer range) are
 * left out while encoding; any other row-level refusal (SQLSTATE class 22 or 23) is isolated by
 * rolling back to a savepoint and re-sending the rows around the line the server names, or halves
 * when it names none. The rejected rows come back as {@link RejectedRow}s (0-based indices with
 * reasons) and go to the {@link RejectHandler} before the commit, so the engine can write them to
 * the rejected destination first (R2). All other rows of the chunk are written in the same
 * transaction.
 *
 * <p>Write modes. A run is {@link #beginRun()}, chunks, {@link #finishRun()}:
 *
 * <ul>
 *   <li>Append: rows are added; beginRun and finishRun do nothing.
 *   <li>Overwrite: the first chunk committed in the run deletes the table's rows ({@code DELETE},
 *       so readers keep seeing the old rows until the commit) in its own transaction; a run that
 *       commits no chunk empties the table in finishRun. A run resumed after a crash does not
 *       delete again (the run is recorded in {@code kafkaload_runs} until finishRun).
 *   <li>Ignore: beginRun returns {@link RunStart#SKIP} when the table has rows (the engine then
 *       writes and commits nothing), ErrorIfExists throws; a resumed run of the same load goes on.
 *   <li>Upsert ({@code keyColumns}): rows are copied into a temporary table, then {@code INSERT ...
 *       ON CONFLICT (keys) DO UPDATE}; of several rows with the same key in one chunk, the last one
 *       wins. Rows with a null key are rejected.
 * </ul>
 *
 * <p>Errors: {@link PgTransientException} for faults worth a retry (the connection is dropped and
 * opened again by the next call), {@link PgFencedException} when the position moved, {@link
 * JdbcSinkException} otherwise. Nothing is committed by a failed call.
 *
 * <p>Not thread-safe: one writer (one connection) per thread; several writers of the same load may
 * commit different partitions concurrently.
 */
public final class PgWriter implements AutoCloseable {

  /** Byte size of the COPY batches a chunk is sent in (bounds the memory a chunk needs). */
  static final int BATCH_BYTES = 32 << 20;

  private static final String STAGE = "kafkaload_stage";
  private static final String ROW_COLUMN = "__kafkaload_row";
  private static final Pattern WHERE_LINE = Pattern.compile("line (\\d+)");

  /** The sink settings of a load ({@code spec.sink.jdbc} without the Secret). */
  public record Options(
      TableName table, boolean createTable, WriteMode writeMode, List<String> keyColumns) {
    public Options {
      writeMode = writeMode == null ? WriteMode.Append : writeMode;
      keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
    }

    public static Options from(LoadSpec.JdbcSink sink) {
      return new Options(
          TableName.parse(sink.table()),
          sink.createTableOrDefault(),
          sink.writeModeOrDefault(),
          sink.keyColumnsOrDefault());
    }
  }

  /** Whether a run writes. */
  public enum RunStart {
    /** Write the run's chunks. */
    WRITE,
    /** Ignore mode and the table already holds rows: write and commit nothing. */
    SKIP
  }

  /** Steps of a chunk commit, for fault injection (F2) and tests. */
  public enum CommitStep {
    /** The rows are written in the transaction; the position is not yet. */
    ROWS_WRITTEN,
    /** Rows and position are written; COMMIT is next. */
    OFFSET_WRITTEN,
    /** The transaction is committed. */
    COMMITTED
  }

  /** Called at each {@link CommitStep}; an exception before COMMITTED rolls the chunk back. */
  @FunctionalInterface
  public interface CommitHook {
    void at(CommitStep step) throws Exception;
  }

  /** Receives the rejected rows of a chunk before its transaction commits. */
  @FunctionalInterface
  public interface RejectHandler {
    /** Must return only once the rows are safely stored; an exception aborts the chunk. */
    void rejected(List<RejectedRow> rows) throws Exception;
  }

  private final PgConnector connector;
  private final Options options;
  private final String load;
  private final PgTable table;
  private final PgOffsets offsets;
  private final DuckCsv csv; // null: the table has a column DuckDB cannot write for COPY
  private Connection connection;
  private CommitHook hook = step -> {};
  private boolean skipped;
  private boolean overwritten;

  private PgWriter(
      PgConnector connector, Options options, String load, PgTable table, Connection connection) {
    this.connector = connector;
    this.options = options;
    this.load = load;
    this.table = table;
    this.offsets = new PgOffsets(table.name().schema());
    this.connection = connection;
    this.csv = DuckCsv.of(table.plans(), keyIndexes());
  }

  /**
   * Connects, creates or checks the table for {@code columns} (see {@link PgTable#prepare}) and
   * creates the offsets tables when missing. {@code load} is the stable key of the load in the
   * offsets table (e.g. {@code namespace/name}).
   */
  public static PgWriter open(
      PgConnector connector, Options options, String load, List<LoadColumn> columns) {
    if (load == null || load.isBlank()) {
      throw new IllegalArgumentException("a load key is required");
    }
    if (!options.keyColumns().isEmpty() && options.writeMode() != WriteMode.Append) {
      throw new ConfigException(
          "sink.jdbc.keyColumns (upsert) goes with writeMode Append only, not "
              + options.writeMode());
    }
    Connection c = connector.open();
    try {
      c.setAutoCommit(true);
      PgTable table =
          PgTable.prepare(c, options.table(), columns, options.createTable(), options.keyColumns());
      PgWriter w = new PgWriter(connector, options, load, table, c);
      w.offsets.ensureTables(c);
      c.setAutoCommit(false);
      return w;
    } catch (SQLException e) {
      closeQuietly(c);
      throw PgErrors.map("preparing table " + options.table(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** Sets the fault-injection hook (default: none). Returns this writer. */
  public PgWriter withHook(CommitHook hook) {
    this.hook = hook == null ? step -> {} : hook;
    return this;
  }

  public PgTable table() {
    return table;
  }

  /** The positions stored for this load: read them before consuming (offsets.store: Sink). */
  public Map<TopicPartition, Long> readOffsets() {
    Connection c = connection();
    try {
      Map<TopicPartition, Long> out = offsets.read(c, load);
      c.commit();
      return out;
    } catch (SQLException e) {
      throw fail("reading the positions of load " + load, e);
    }
  }

  /**
   * Starts a run under the write mode: Ignore returns SKIP when the table holds rows, ErrorIfExists
   * throws {@link JdbcSinkException} then, Overwrite arms the delete of the first chunk. A run of
   * this load left unfinished (crash) is resumed instead: WRITE, no checks, and no second delete.
   * Append: WRITE.
   */
  public RunStart beginRun() {
    WriteMode mode = options.writeMode();
    if (mode == WriteMode.Append) {
      return RunStart.WRITE;
    }
    Connection c = connection();
    try {
      PgOffsets.Run run = offsets.lockRun(c, load);
      if (run != null && run.running()) {
        overwritten = run.overwritten();
        c.commit();
        return RunStart.WRITE;
      }
      if (mode != WriteMode.Overwrite && table.hasRows(c)) {
        c.rollback();
        if (mode == WriteMode.Ignore) {
          skipped = true;
          return RunStart.SKIP;
        }
        throw new JdbcSinkException(
            "table "
                + table.name()
                + " already holds rows and sink.jdbc.writeMode is ErrorIfExists; nothing was"
                + " written. Fix: empty the table, or choose Append, Overwrite or Ignore");
      }
      offsets.startRun(c, load, mode.name());
      overwritten = false;
      c.commit();
      return RunStart.WRITE;
    } catch (SQLException e) {
      throw fail("starting a run on " + table.name(), e);
    }
  }

  /**
   * Ends a run: Overwrite empties the table if no chunk did (the table then holds this run's rows:
   * none); the run is recorded as finished, so the next beginRun starts a new one.
   */
  public void finishRun() {
    WriteMode mode = options.writeMode();
    if (mode == WriteMode.Append || skipped) {
      return;
    }
    Connection c = connection();
    try {
      PgOffsets.Run run = offsets.lockRun(c, load);
      if (run == null || !run.running()) {
        c.rollback();
        throw new IllegalStateException("finishRun without a running run (call beginRun first)");
      }
      if (mode == WriteMode.Overwrite && !run.overwritten()) {
        deleteAll(c);
        offsets.markOverwritten(c, load);
      }
      offsets.finishRun(c, load);
      c.commit();
    } catch (SQLException e) {
      throw fail("finishing the run on " + table.name(), e);
    }
  }

  /** {@link #commitChunk(String, int, long, long, ResultSet, RejectHandler)} without a handler. */
  public ChunkCommit commitChunk(
      String topic, int partition, long startOffset, long nextOffset, ResultSet rows) {
    return commitChunk(topic, partition, startOffset, nextOffset, rows, null);
  }

  /**
   * Writes the chunk {@code [startOffset, nextOffset)} of {@code topic}-{@code partition}: its
   * final rows (a DuckDB result with the load's columns in order; read to the end, not closed) and
   * its next offset, in one transaction. The stored position must be {@code startOffset} (or
   * absent: the first chunk of a partition); when it already is {@code nextOffset} the chunk was
   * committed before and nothing is written ({@link ChunkCommit#alreadyCommitted()}); anything else
   * throws {@link PgFencedException}. {@code onRejects} (may be null) gets the rejected rows before
   * the commit.
   */
  public ChunkCommit commitChunk(
      String topic,
      int partition,
      long startOffset,
      long nextOffset,
      ResultSet rows,
      RejectHandler onRejects) {
    checkColumns(rows);
    return commit(topic, partition, startOffset, nextOffset, c -> writeRows(c, rows), onRejects);
  }

  /**
   * DuckDB's statement that writes the rows of {@code query} (the chunk's rows, with the columns
   * this writer was opened for) to the CSV file {@code file} for {@link #commitCsv}, or null when
   * this table has a column DuckDB cannot write as CopyRows would (see {@link DuckCsv}): then use
   * {@link #commitChunk(String, int, long, long, ResultSet, RejectHandler)}.
   */
  public String csvCopySql(String query, java.nio.file.Path file) {
    return csv == null ? null : csv.copySql(query, file);
  }

  /**
   * {@link #commitChunk(String, int, long, long, ResultSet, RejectHandler)} for rows DuckDB wrote
   * to {@code file} with the statement of {@link #csvCopySql}: the same transaction, fencing, write
   * mode, upsert, batches, isolation of the rows the server refuses, and the same rejected rows
   * with the same reasons.
   */
  public ChunkCommit commitCsv(
      String topic,
      int partition,
      long startOffset,
      long nextOffset,
      java.nio.file.Path file,
      RejectHandler onRejects) {
    if (csv == null) {
      throw new IllegalStateException("table " + table.name() + " takes no CSV rows from DuckDB");
    }
    return commit(topic, partition, startOffset, nextOffset, c -> writeCsv(c, file), onRejects);
  }

  /** The columns this writer was opened for (the table was created or checked for them). */
  public List<LoadColumn> columns() {
    return table.columns();
  }

  /**
   * Drops the table when this writer created it (used before any row reached it: its columns were
   * those of a read of the chunk DuckDB gave up for wider types, see PgTarget); else does nothing.
   */
  public void dropCreatedTable() {
    if (!table.created()) {
      return;
    }
    Connection c = connection();
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + table.name().sql());
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw fail("dropping table " + table.name() + ", created for columns not taken", e);
    }
  }

  /** Throws when {@code got} are not the columns this writer was opened for. */
  public void checkColumns(List<LoadColumn> got) {
    List<LoadColumn> want = table.columns();
    if (!got.equals(want)) {
      throw new JdbcSinkException(
          "the chunk's columns "
              + got
              + " differ from the columns the table was prepared for "
              + want
              + "; open a new writer for the new columns");
    }
  }

  /** Writes a chunk's rows in the chunk's transaction. */
  @FunctionalInterface
  private interface RowsWrite {
    Written write(Connection c) throws SQLException, IOException;
  }

  private ChunkCommit commit(
      String topic,
      int partition,
      long startOffset,
      long nextOffset,
      RowsWrite rows,
      RejectHandler onRejects) {
    if (nextOffset < startOffset) {
      throw new IllegalArgumentException(
          "chunk of "
              + topic
              + "-"
              + partition
              + " ends ("
              + nextOffset
              + ") before it starts ("
              + startOffset
              + ")");
    }
    if (skipped) {
      throw new IllegalStateException("the run was skipped (writeMode Ignore): commit nothing");
    }
    Connection c = connection();
    ChunkCommit result;
    try {
      long stored = offsets.lock(c, load, topic, partition, startOffset);
      if (stored != startOffset) {
        c.rollback();
        if (stored == nextOffset && nextOffset > startOffset) {
          return new ChunkCommit(topic, partition, startOffset, nextOffset, 0, 0, List.of(), true);
        }
        throw new PgFencedException(topic, partition, stored, startOffset);
      }
      if (options.writeMode() == WriteMode.Overwrite && !overwritten) {
        PgOffsets.Run run = offsets.lockRun(c, load);
        if (run == null || !run.running()) {
          c.rollback();
          throw new IllegalStateException("writeMode Overwrite: call beginRun before commitChunk");
        }
        if (!run.overwritten()) {
          deleteAll(c);
          offsets.markOverwritten(c, load);
        }
      }
      Written written = rows.write(c);
      hook.at(CommitStep.ROWS_WRITTEN);
      offsets.store(c, load, topic, partition, nextOffset);
      hook.at(CommitStep.OFFSET_WRITTEN);
      if (onRejects != null && !written.rejected.isEmpty()) {
        onRejects.rejected(List.copyOf(written.rejected));
      }
      c.commit();
      if (options.writeMode() == WriteMode.Overwrite) {
        overwritten = true;
      }
      result =
          new ChunkCommit(
              topic,
              partition,
              startOffset,
              nextOffset,
              written.read,
              written.written,
              List.copyOf(written.rejected),
              false);
    } catch (SQLException e) {
      throw fail(
          "writing chunk " + topic + "-" + partition + "@" + startOffset + " to " + table.name(),
          e);
    } catch (RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    } catch (Exception e) {
      rollbackQuietly(c);
      throw new JdbcSinkException(
          "chunk " + topic + "-" + partition + "@" + startOffset + " aborted: " + e.getMessage(),
          e);
    }
    try {
      hook.at(CommitStep.COMMITTED);
    } catch (Exception e) {
      throw new JdbcSinkException("after committing chunk: " + e.getMessage(), e);
    }
    return result;
  }

  private void checkColumns(ResultSet rows) {
    try {
      checkColumns(LoadColumn.of(rows.getMetaData()));
    } catch (SQLException e) {
      throw new JdbcSinkException("reading the chunk's columns: " + e.getMessage(), e);
    }
  }

  private record Written(long read, long written, List<RejectedRow> rejected) {}

  /** The COPY statement of a chunk (upsert: after creating the staging table). */
  private String copyTarget(Connection c, String format) throws SQLException {
    boolean upsert = !options.keyColumns().isEmpty();
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

  private Written writeRows(Connection c, ResultSet rs) throws SQLException, IOException {
    boolean upsert = !options.keyColumns().isEmpty();
    List<ColumnPlan> plans = table.plans();
    String copySql = copyTarget(c, "");
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    List<RejectedRow> rejected = new ArrayList<>();
    List<Integer> keyIndexes = keyIndexes();
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

  private List<Integer> keyIndexes() {
    List<String> names = table.plans().stream().map(ColumnPlan::name).toList();
    return options.keyColumns().stream().map(names::indexOf).toList();
  }

  /** The rows of DuckDB's CSV file (see {@link DuckCsv}) in COPY CSV batches. */
  private Written writeCsv(Connection c, java.nio.file.Path file) throws SQLException, IOException {
    boolean upsert = !options.keyColumns().isEmpty();
    String copySql = copyTarget(c, " (FORMAT csv)");
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    List<RejectedRow> rejected = new ArrayList<>();
    // a batch holds the file's accepted values (fewer bytes than the file) up to BATCH_BYTES
    long fileBytes = java.nio.file.Files.size(file);
    CsvRows buffer = new CsvRows((int) Math.min(fileBytes + (1 << 16), BATCH_BYTES + (1 << 20)));
    long copied = 0;
    int row = 0;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      CsvRows.Reader records = new CsvRows.Reader(in);
      while (records.next()) {
        if (records.accepted()) {
          buffer.add(records, row, upsert);
        } else {
          rejected.add(csv.reason(row, records.reason()));
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
    List<String> keys = options.keyColumns().stream().map(TableName::quote).toList();
    List<String> updates =
        table.plans().stream()
            .map(ColumnPlan::name)
            .filter(n -> !options.keyColumns().contains(n))
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

  private void deleteAll(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM " + table.name().sql());
    }
  }

  private Connection connection() {
    if (connection == null) {
      Connection c = connector.open();
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        closeQuietly(c);
        throw PgErrors.map("opening a connection", e);
      }
      connection = c;
    }
    return connection;
  }

  /** Rolls back, drops the connection on a transient fault, and maps the error. */
  private RuntimeException fail(String doing, SQLException e) {
    RuntimeException mapped = PgErrors.map(doing, e);
    if (mapped instanceof PgTransientException) {
      closeQuietly(connection);
      connection = null;
    } else {
      rollbackQuietly(connection);
    }
    return mapped;
  }

  private static void rollbackQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the server rolls the transaction back
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      rollbackQuietly(connection);
      closeQuietly(connection);
      connection = null;
    }
  }
}
