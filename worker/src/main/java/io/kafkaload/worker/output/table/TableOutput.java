package io.kafkaload.worker.output.table;

import io.kafkaload.worker.chunk.ChunkEngine;
import io.kafkaload.worker.chunk.ChunkOutput;
import io.kafkaload.worker.chunk.ChunkResult;
import io.kafkaload.worker.chunk.CrashPoints;
import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.chunk.SealedChunk;
import io.kafkaload.worker.chunk.Tuning;
import io.kafkaload.worker.config.Limits;
import io.kafkaload.worker.output.files.FileNames;
import io.kafkaload.worker.output.files.PathErrors;
import io.kafkaload.worker.rejects.LateRejects;
import io.kafkaload.worker.rejects.RejectedDestination;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A table as the chunk engine's output (PostgreSQL, Iceberg: a {@link TableTarget}): each chunk's
 * rows and the position after it are committed together, so the table is the load's offset store.
 * The rows come from the chunk's DuckDB query ({@link RowsConverter} calls {@link #rowsInto} with
 * it); records rejected before (decode, validate), by the load's SQL (transform) or refused by the
 * table (write) go to the rejected topic, acknowledged before the commit that moves past them.
 */
public final class TableOutput implements ChunkOutput {

  private final TableTarget table;
  private final RowsPlan plan;
  private final Path scratch;
  private final RowsConverter converter;
  private final RejectedDestination rejectedDestination;

  /**
   * A sink whose chunks go to {@code table}: they are spooled and converted in a scratch folder
   * under {@code scratchRoot}, and their rejected records go to {@code rejectedDestination} (a
   * topic), acknowledged before each commit.
   */
  public static ChunkEngine sink(
      Path scratchRoot,
      RowsPlan plan,
      TableTarget table,
      RejectedDestination rejectedDestination,
      Limits limits)
      throws IOException {
    Tuning tuning = Tuning.defaults();
    return new ChunkEngine(
        PathErrors.folder(scratchRoot, "the scratch folder", false),
        tuning,
        scratch -> new TableOutput(table, plan, tuning, rejectedDestination, limits, scratch));
  }

  private TableOutput(
      TableTarget table,
      RowsPlan plan,
      Tuning tuning,
      RejectedDestination rejectedDestination,
      Limits limits,
      Path scratch)
      throws IOException {
    this.table = table;
    this.plan = plan;
    this.scratch = scratch;
    this.rejectedDestination = rejectedDestination;
    this.converter =
        RowsConverter.open(scratch, plan, tuning, this::rowsInto, limits, "table sink");
  }

  @Override
  public Spooling spooling() {
    return new Spooling(
        false,
        !plan.typesKnown(),
        // tables that refuse single rows (PostgreSQL): such a row is rejected as its record came
        plan.runsSql() || table.refusesRows());
  }

  @Override
  public String beginRun(Map<org.apache.kafka.common.TopicPartition, Long> starts)
      throws IOException {
    return table.beginRun();
  }

  @Override
  public List<Path> finishRun() throws IOException {
    table.finishRun();
    return null;
  }

  // ---- one chunk: its rows through the converter into the table, then what the rows could not do

  /** What the table output of one chunk did, for the publishing thread (see rowsInto). */
  private static final class TableChunk {
    final SealedChunk chunk;
    final Turn turn;
    final String base; // the chunk's file base name, for its scratch files
    final Path earlyRejects; // decode/validate rejects, or null
    boolean earlyPublished;
    boolean committed;
    long written;
    long refused;
    String wholeChunkRefused; // a refused row that cannot be traced to its record (SQL ran)

    TableChunk(SealedChunk chunk, Turn turn) {
      this.chunk = chunk;
      this.turn = turn;
      this.base =
          FileNames.base(chunk.partition(), chunk.startPosition(), chunk.nextPosition() - 1);
      this.earlyRejects = chunk.rejected() > 0 ? chunk.rejectedFile() : null;
    }
  }

  private static final ThreadLocal<TableChunk> TABLE_CHUNK = new ThreadLocal<>();

  /** Thrown by the refused-rows handler when rows cannot be traced to their records. */
  private static final class UntraceableRefusal extends IOException {
    UntraceableRefusal(String message) {
      super(message);
    }
  }

  /**
   * Publishes a chunk to the table: its rows through the converter (whose output is {@link
   * #rowsInto}), then whatever the rows could not do: rejects of the SQL or of the table, and the
   * position alone when no row was committed.
   */
  @Override
  public Published publish(SealedChunk c, Turn turn) throws IOException {
    ChunkResult result;
    CompletableFuture<Void> commit;
    table.producing(1);
    try {
      result = publishProducing(c, turn);
    } finally {
      table.producing(-1);
      // a table that groups commits has staged the chunk: it is done when that commit is (taken
      // on failure too, so the next chunk of this thread does not find it)
      commit = table.takePendingCommit();
    }
    return new Published(result, commit);
  }

  private ChunkResult publishProducing(SealedChunk c, Turn turn) throws IOException {
    TableChunk t = new TableChunk(c, turn);
    String base = t.base;
    Path outDir = scratch.resolve("." + base + ".out");
    long lateRejected = 0;
    long filtered = 0;
    Path late = scratch.resolve("." + base + ".late.jsonl");
    try {
      if (c.rows() > 0) {
        TABLE_CHUNK.set(t);
        try {
          RowsConverter.Outcome outcome = converter.convert(c, outDir, base);
          filtered = t.committed ? Math.max(0, outcome.rowsIn() - outcome.rows()) : 0;
        } catch (RowsConverter.TransformFailure failure) {
          lateRejected = rejectAll(c, late, "transform", failure.getMessage());
        } finally {
          TABLE_CHUNK.remove();
        }
        if (!t.committed && t.wholeChunkRefused != null) {
          lateRejected = rejectAll(c, late, "write", t.wholeChunkRefused);
        }
      }
      if (!t.committed) {
        awaitTurn(turn);
        publishEarly(t);
        if (lateRejected > 0) {
          publishRejects(late);
        }
        table.commit(c.partition(), c.startPosition(), c.nextPosition(), null, null);
      }
    } finally {
      DurableFiles.deleteQuietly(c.scratchFiles());
      DurableFiles.deleteQuietly(List.of(late, refusedFile(t)));
      DurableFiles.deleteTree(outDir);
    }
    return new ChunkResult(
        c.partition(),
        c.startPosition(),
        c.nextPosition(),
        t.written,
        c.rejected() + lateRejected + t.refused,
        List.of(),
        List.of(),
        lateRejected + t.refused,
        filtered);
  }

  /** The rows of a chunk into the table: waits for the turn, stores the rejects, commits. */
  private long rowsInto(java.sql.Connection db, String query, Path dir, String base)
      throws SQLException, IOException {
    TableChunk t = TABLE_CHUNK.get();
    awaitTurn(t.turn);
    publishEarly(t);
    SealedChunk c = t.chunk;
    try {
      t.written =
          table.commitRows(
              c.partition(),
              c.startPosition(),
              c.nextPosition(),
              new TableTarget.Rows(db, query, dir),
              rows -> refused(t, rows));
      t.committed = true;
      return t.written + t.refused;
    } catch (IOException | RuntimeException e) {
      UntraceableRefusal untraceable = cause(e, UntraceableRefusal.class);
      if (untraceable != null) {
        t.wholeChunkRefused = untraceable.getMessage();
        return 0;
      }
      // DuckDB failing while the table read the rows: the user's SQL, or the rows
      SQLException duck = duckDbCause(e);
      if (duck != null) {
        throw duck;
      }
      // the table's own failure: never taken for the rows' columns (which the caller retries)
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /** Rows the table refused: rejected as their records came, before the table commits. */
  private void refused(TableChunk t, List<TableTarget.Refused> rows) throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    if (plan.runsSql()) {
      // the SQL may filter or reorder rows: a row cannot be traced back to its record
      throw new UntraceableRefusal(
          "the table refused "
              + rows.size()
              + " row(s) of the chunk, e.g. row "
              + rows.get(0).row()
              + ": "
              + rows.get(0).reason());
    }
    Map<Integer, String> reasons = new HashMap<>();
    for (TableTarget.Refused r : rows) {
      reasons.put(r.row(), r.reason());
    }
    SealedChunk c = t.chunk;
    Path file = refusedFile(t);
    long n =
        LateRejects.write(
            c.originalsFile(), c.partition(), c.startPosition(), file, reasons, "write", null);
    if (n != rows.size()) {
      throw new IOException("found " + n + " of the " + rows.size() + " refused rows' records");
    }
    publishRejects(file);
    t.refused = n;
  }

  /** Every accepted row of the chunk rejected as its record came, into {@code late}. */
  private static long rejectAll(SealedChunk c, Path late, String stage, String reason)
      throws IOException {
    return LateRejects.write(
        c.originalsFile(), c.partition(), c.startPosition(), late, null, stage, reason);
  }

  /** A table sink's rejected records to the rejected topic, acknowledged before its commit. */
  private void publishRejects(Path file) throws IOException {
    if (rejectedDestination == null) {
      throw new IOException("a table sink needs spec.rejected.topic for its rejected records");
    }
    DurableFiles.fsync(file);
    rejectedDestination.publish(file);
  }

  private void publishEarly(TableChunk t) throws IOException {
    if (t.earlyRejects != null && !t.earlyPublished) {
      publishRejects(t.earlyRejects);
      CrashPoints.reached("during-rejects");
      t.earlyPublished = true;
    }
  }

  /** Waits for the chunk's turn, not counted as producing (see TableTarget.producing). */
  private void awaitTurn(Turn turn) throws IOException {
    table.producing(-1);
    try {
      turn.await();
    } finally {
      table.producing(1);
    }
  }

  private Path refusedFile(TableChunk t) {
    return scratch.resolve("." + t.base + ".refused.jsonl");
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * A DuckDB error in the cause chain: the rows or the user's SQL failed while the table read them.
   * The table's own database errors (PostgreSQL, a JDBC catalog's SQLite) are SQLExceptions too, so
   * a DuckDB error is told by where it was thrown.
   */
  private static SQLException duckDbCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        for (StackTraceElement frame : s.getStackTrace()) {
          if (frame.getClassName().startsWith("org.duckdb.")) {
            return s;
          }
        }
      }
    }
    return null;
  }

  @Override
  public void stopUserCode(String reason) {
    converter.stop(reason);
  }

  @Override
  public void close() throws IOException {
    try {
      converter.close();
    } finally {
      try {
        if (rejectedDestination != null) {
          rejectedDestination.close();
        }
      } finally {
        table.close();
      }
    }
  }
}
