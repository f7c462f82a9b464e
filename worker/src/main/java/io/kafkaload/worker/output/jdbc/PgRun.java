package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.LoadSpec.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The write mode of a run on a PostgreSQL table, as {@link PgWriter} applies it: what a run does
 * before its first chunk ({@link #begin}), in the transaction of its first chunk ({@link
 * #overwriteOnce}) and after its last ({@link #finish}). Runs of modes other than Append are
 * recorded in {@code kafkaload_runs} ({@link PgOffsets}), so a run resumed after a crash goes on
 * where it was: no second check of the table, no second delete. Each step runs in the transaction
 * of the connection it is given; the writer commits or rolls back and maps the errors.
 */
final class PgRun {

  private final WriteMode mode;
  private final String load;
  private final PgTable table;
  private final PgOffsets offsets;
  private boolean skipped;
  private boolean overwritten;

  PgRun(WriteMode mode, String load, PgTable table, PgOffsets offsets) {
    this.mode = mode;
    this.load = load;
    this.table = table;
    this.offsets = offsets;
  }

  /** Whether the run needs a transaction at its start and end: not in Append mode. */
  boolean recorded() {
    return mode != WriteMode.Append;
  }

  /** Whether beginRun skipped the run (Ignore, and the table held rows). */
  boolean skipped() {
    return skipped;
  }

  /**
   * Starts the run on {@code c} and commits or rolls back: Ignore skips it when the table holds
   * rows, ErrorIfExists throws {@link JdbcSinkException} then, Overwrite arms the delete of the
   * first chunk. A run of this load left unfinished (crash) is resumed instead.
   */
  PgWriter.RunStart begin(Connection c) throws SQLException {
    PgOffsets.Run run = offsets.lockRun(c, load);
    if (run != null && run.running()) {
      overwritten = run.overwritten();
      c.commit();
      return PgWriter.RunStart.WRITE;
    }
    if (mode != WriteMode.Overwrite && table.hasRows(c)) {
      c.rollback();
      if (mode == WriteMode.Ignore) {
        skipped = true;
        return PgWriter.RunStart.SKIP;
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
    return PgWriter.RunStart.WRITE;
  }

  /**
   * In a chunk's transaction on {@code c}, Overwrite: the run's first chunk deletes the table's
   * rows, unless a chunk of this run (this writer's or, when resumed, an earlier worker's) did.
   */
  void overwriteOnce(Connection c) throws SQLException {
    if (mode != WriteMode.Overwrite || overwritten) {
      return;
    }
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

  /** After a chunk's transaction committed. */
  void committed() {
    if (mode == WriteMode.Overwrite) {
      overwritten = true;
    }
  }

  /**
   * Ends the run on {@code c} and commits: Overwrite empties the table if no chunk did (the table
   * then holds this run's rows: none); the run is recorded as finished, so the next begin starts a
   * new one.
   */
  void finish(Connection c) throws SQLException {
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
  }

  private void deleteAll(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM " + table.name().sql());
    }
  }
}
