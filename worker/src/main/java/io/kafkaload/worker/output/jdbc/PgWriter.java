package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.WriteMode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * <i>Over 400 lines: this is the jdbc output's public face (the types Options, RunStart,
 * CommitStep, CommitHook, RejectHandler that PgTarget and the tests use) around one transaction;
 * the rows are {@link PgCopy}'s and the write modes {@link PgRun}'s.</i>
 *
 * <p>The commit protocol of a load's chunks into a PostgreSQL table, exactly once: the rows of a
 * chunk and the partition's next offset are committed in one transaction, after checking that the
 * stored position is where the chunk starts (fencing: a zombie or a second writer is refused). The
 * positions live in the table's schema ({@link PgOffsets}) and are read back by {@link
 * #readOffsets()} before anything else on start.
 *
 * <p>How the rows get into the transaction is {@link PgCopy}'s part (COPY batches, encoding, the
 * isolation of the rows the server refuses, upsert's merge); it hands back a value, {@link
 * PgCopy.Written}: rows read, written and rejected. This class only orders the steps around it:
 * lock and check the position, the Overwrite delete, the rows, the position, the rejected rows to
 * the {@link RejectHandler} (which must store them durably, R2), COMMIT. The rejected rows are
 * {@link RejectedRow}s (0-based indices with reasons); all other rows of the chunk are written in
 * the same transaction.
 *
 * <p>Write modes ({@link PgRun}). A run is {@link #beginRun()}, chunks, {@link #finishRun()}.
 * Append: rows are added; beginRun and finishRun do nothing. Overwrite: the first chunk committed
 * in the run deletes the table's rows ({@code DELETE}, so readers keep seeing the old rows until
 * the commit) in its own transaction; a run that commits no chunk empties the table in finishRun; a
 * run resumed after a crash does not delete again. Ignore: beginRun returns {@link RunStart#SKIP}
 * when the table has rows (the engine then writes and commits nothing), ErrorIfExists throws.
 * Upsert ({@code keyColumns}, Append only): see {@link PgCopy}.
 *
 * <p>Errors: {@link PgTransientException} for faults worth a retry (the connection is dropped and
 * opened again by the next call), {@link PgFencedException} when the position moved, {@link
 * JdbcSinkException} otherwise. Nothing is committed by a failed call.
 *
 * <p>Not thread-safe: one writer (one connection) per thread; several writers of the same load may
 * commit different partitions concurrently.
 */
public final class PgWriter implements AutoCloseable {

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
  private final PgCopy copy; // the rows of a chunk in its transaction
  private Connection connection;
  private CommitHook hook = step -> {};
  private final PgRun run; // the write mode: what a run does before, in and after its chunks

  private PgWriter(
      PgConnector connector, Options options, String load, PgTable table, Connection connection) {
    this.connector = connector;
    this.options = options;
    this.load = load;
    this.table = table;
    this.offsets = new PgOffsets(table.name().schema());
    this.connection = connection;
    this.copy = new PgCopy(table, options.keyColumns());
    this.run = new PgRun(options.writeMode(), load, table, offsets);
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
    if (!run.recorded()) {
      return RunStart.WRITE;
    }
    Connection c = connection();
    try {
      return run.begin(c);
    } catch (SQLException e) {
      throw fail("starting a run on " + table.name(), e);
    }
  }

  /**
   * Ends a run: Overwrite empties the table if no chunk did (the table then holds this run's rows:
   * none); the run is recorded as finished, so the next beginRun starts a new one.
   */
  public void finishRun() {
    if (!run.recorded() || run.skipped()) {
      return;
    }
    Connection c = connection();
    try {
      run.finish(c);
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
    return commit(topic, partition, startOffset, nextOffset, c -> copy.rows(c, rows), onRejects);
  }

  /**
   * DuckDB's statement that writes the rows of {@code query} (the chunk's rows, with the columns
   * this writer was opened for) to the CSV file {@code file} for {@link #commitCsv}, or null when
   * this table has a column DuckDB cannot write as CopyRows would (see {@link DuckCsv}): then use
   * {@link #commitChunk(String, int, long, long, ResultSet, RejectHandler)}.
   */
  public String csvCopySql(String query, java.nio.file.Path file) {
    return copy.csvCopySql(query, file);
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
    if (!copy.takesCsv()) {
      throw new IllegalStateException("table " + table.name() + " takes no CSV rows from DuckDB");
    }
    return commit(topic, partition, startOffset, nextOffset, c -> copy.csv(c, file), onRejects);
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
    PgCopy.Written write(Connection c) throws SQLException, IOException;
  }

  private ChunkCommit commit(
      String topic,
      int partition,
      long startOffset,
      long nextOffset,
      RowsWrite rows,
      RejectHandler onRejects) {
    checkRange(topic, partition, startOffset, nextOffset);
    if (run.skipped()) {
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
      run.overwriteOnce(c);
      PgCopy.Written written = rows.write(c);
      hook.at(CommitStep.ROWS_WRITTEN);
      offsets.store(c, load, topic, partition, nextOffset);
      hook.at(CommitStep.OFFSET_WRITTEN);
      if (onRejects != null && !written.rejected().isEmpty()) {
        onRejects.rejected(List.copyOf(written.rejected()));
      }
      c.commit();
      run.committed();
      result =
          new ChunkCommit(
              topic,
              partition,
              startOffset,
              nextOffset,
              written.read(),
              written.written(),
              List.copyOf(written.rejected()),
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

  private static void checkRange(String topic, int partition, long startOffset, long nextOffset) {
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
  }

  private void checkColumns(ResultSet rows) {
    try {
      checkColumns(LoadColumn.of(rows.getMetaData()));
    } catch (SQLException e) {
      throw new JdbcSinkException("reading the chunk's columns: " + e.getMessage(), e);
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
