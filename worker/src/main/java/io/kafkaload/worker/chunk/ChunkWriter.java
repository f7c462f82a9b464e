package io.kafkaload.worker.chunk;

import io.kafkaload.worker.output.TableTarget;
import io.kafkaload.worker.output.files.FileNames;
import io.kafkaload.worker.rejects.RejectedRecordWriter;
import io.kafkaload.worker.transform.RowShapes;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes sealed chunks on the sink's writer threads: converts the spooled rows (Parquet) or
 * takes them as they are (JSON lines), fsyncs data and rejected files, waits for its turn (the
 * earlier chunks of its partition), renames them atomically to their final names and fsyncs the
 * folders. Returns only once everything is durable. Chunks of different partitions, and the
 * conversions of chunks of one partition, may run in parallel; the renames of a partition happen in
 * order.
 */
public final class ChunkWriter {

  /**
   * What a chunk hands to the writer once sealed: its range, counts, scratch files and (Parquet)
   * the shapes of its rows and its witness rows: copies of the rows that brought a path or a kind
   * of value that the rows before them did not, as JSON lines (null when there were too many).
   */
  public record Sealed(
      TopicPartition partition,
      long startPosition,
      long nextPosition,
      long rows,
      long rejected,
      List<Path> rowFiles,
      int longestRow,
      RowShapes shapes,
      byte[] witnesses,
      Path rejectedFile,
      Path originalsFile) {

    Sealed(
        TopicPartition partition,
        long startPosition,
        long nextPosition,
        long rows,
        long rejected,
        List<Path> rowFiles,
        int longestRow,
        RowShapes shapes,
        byte[] witnesses,
        Path rejectedFile) {
      this(
          partition,
          startPosition,
          nextPosition,
          rows,
          rejected,
          rowFiles,
          longestRow,
          shapes,
          witnesses,
          rejectedFile,
          null);
    }

    /** Every scratch file of the chunk. */
    List<Path> scratchFiles() {
      List<Path> files = new ArrayList<>(rowFiles);
      if (rejectedFile != null) {
        files.add(rejectedFile);
      }
      if (originalsFile != null) {
        files.add(originalsFile);
      }
      return files;
    }
  }

  /**
   * Sends a chunk's rejected records somewhere other than {@code _rejected/} (a topic); returns
   * only once they are acknowledged.
   */
  public interface RejectedDestination extends AutoCloseable {
    long publish(Path rejectedFile) throws IOException;

    /** Called when the sink closes, after the last chunk. */
    @Override
    default void close() {}
  }

  private final Path root;
  // where data files are renamed to: the root, or the run's staging folder when files are merged
  private volatile Path dataRoot;
  private final Path rejectedDir;
  private final Path scratch;
  private final RowsPlan plan;
  private final RowsConverter converter;
  private final RejectedDestination rejectedDestination;
  private TableTarget table; // rows go to a table instead of files

  /** From now on, chunks are committed to {@code table} (set before the first chunk). */
  void commitTo(TableTarget table) {
    this.table = table;
  }

  ChunkWriter(
      Path root,
      Path scratch,
      RowsPlan plan,
      RowsConverter converter,
      RejectedDestination rejectedDestination) {
    this.root = root;
    this.dataRoot = root;
    this.rejectedDir = root.resolve(FileNames.REJECTED_DIR);
    this.scratch = scratch;
    this.plan = plan;
    this.converter = converter;
    this.rejectedDestination = rejectedDestination;
  }

  /** Data files of chunks published from now on go to {@code folder} (under the root). */
  void publishDataTo(Path folder) {
    this.dataRoot = folder;
  }

  /** Waits until the earlier chunks of the partition are published; throws if one failed. */
  interface Turn {
    void await() throws IOException;
  }

  ChunkResult publish(Sealed c, Turn turn) throws IOException {
    if (table != null) {
      return publishToTable(c, turn);
    }
    String base = FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1);
    List<Path> temps = new ArrayList<>();
    List<Path> finals = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Path> rejectedFiles = new ArrayList<>();
    Path outDir = scratch.resolve("." + base + ".out");
    long written = 0;
    long lateRejected = 0;
    long filtered = 0;
    try {
      if (c.rows() > 0 && plan.spoolIsFile()) {
        // JSON lines as they came: the single spooled segment already is the file.
        String name = base + "." + FileNames.JSONL;
        Path temp = c.rowFiles().get(0);
        temps.add(temp);
        finals.add(dataRoot.resolve(name));
        DurableFiles.fsync(temp);
        written = c.rows();
      } else if (c.rows() > 0) {
        try {
          RowsConverter.Outcome outcome = converter.convert(c, outDir, base);
          for (Path relative : outcome.files()) {
            Path temp = outDir.resolve(relative);
            DurableFiles.fsync(temp);
            temps.add(temp);
            finals.add(dataRoot.resolve(relative));
          }
          written = outcome.rows();
          filtered = Math.max(0, outcome.rowsIn() - outcome.rows());
        } catch (RowsConverter.TransformFailure failure) {
          // the user's SQL failed on these rows: every one is rejected as it came
          lateRejected = rejectOriginals(c, "transform", failure.getMessage());
        }
      }
      files.addAll(finals);
      Path rejectedFile = c.rejectedFile() != null ? c.rejectedFile() : lateRejectedFile(c);
      if (c.rejected() + lateRejected > 0) {
        DurableFiles.fsync(rejectedFile);
        if (rejectedDestination != null) {
          // acknowledged by the topic before the positions can be committed
          rejectedDestination.publish(rejectedFile);
        } else {
          Path target = rejectedDir.resolve(base + "." + FileNames.JSONL);
          temps.add(rejectedFile);
          finals.add(target);
          rejectedFiles.add(target);
        }
      }
      turn.await();
      // folders made on first use (so a clean load has no _rejected folder; hive folders as values
      // come), each fsynced up to the sink's root so the new names survive a power loss
      Set<Path> folders = new LinkedHashSet<>();
      for (Path target : finals) {
        Files.createDirectories(target.getParent());
        for (Path f = target.getParent(); f != null && f.startsWith(root); f = f.getParent()) {
          folders.add(f);
        }
      }
      for (int i = 0; i < temps.size(); i++) {
        DurableFiles.rename(temps.get(i), finals.get(i));
      }
      DurableFiles.fsyncFolders(new ArrayList<>(folders));
    } finally {
      // Rows converted, or a failure: the scratch copies are no longer needed.
      DurableFiles.deleteQuietly(temps);
      DurableFiles.deleteQuietly(c.scratchFiles());
      DurableFiles.deleteQuietly(List.of(lateRejectedFile(c)));
      DurableFiles.deleteTree(outDir);
    }
    return new ChunkResult(
        c.partition(),
        c.startPosition(),
        c.nextPosition(),
        written,
        c.rejected() + lateRejected,
        List.copyOf(files),
        List.copyOf(rejectedFiles),
        lateRejected,
        filtered);
  }

  /** Where a chunk without early rejects keeps the ones its SQL rejected. */
  private Path lateRejectedFile(Sealed c) {
    return scratch.resolve(
        "."
            + FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1)
            + ".late.jsonl");
  }

  /** Adds every accepted record of the chunk, as it came, to its rejected records. */
  private long rejectOriginals(Sealed c, String stage, String reason) throws IOException {
    Path file = c.rejectedFile() != null ? c.rejectedFile() : lateRejectedFile(c);
    long n = rejectOriginals(c, file, null, stage, reason);
    if (n != c.rows()) {
      throw new IOException(
          "kept " + n + " original records of " + c.partition() + " for " + c.rows() + " rows");
    }
    return n;
  }

  /**
   * Writes the original records of the chunk's rows to {@code file} (appending), all of them or
   * those whose 0-based row index is in {@code reasons} (each with its own reason); returns how
   * many.
   */
  private static long rejectOriginals(
      Sealed c, Path file, Map<Integer, String> reasons, String stage, String reason)
      throws IOException {
    if (c.originalsFile() == null) {
      throw new IOException(
          "the rows of "
              + c.partition()
              + " from "
              + c.startPosition()
              + " failed the SQL ("
              + reason
              + ") and their original records were not kept");
    }
    long[] n = {0};
    int[] index = {0};
    try (RejectedRecordWriter writer = new RejectedRecordWriter(file, true)) {
      OriginalsSpool.read(
          c.originalsFile(),
          c.partition().topic(),
          c.partition().partition(),
          record -> {
            int i = index[0]++;
            if (reasons == null) {
              writer.write(record, stage, reason);
              n[0]++;
            } else if (reasons.containsKey(i)) {
              writer.write(record, stage, reasons.get(i));
              n[0]++;
            }
          });
    }
    return n[0];
  }

  // ---- tables: rows and positions committed together (TableTarget) ----

  /** What the table output of one chunk did, for the publishing thread (see tableOutput). */
  private static final class TableChunk {
    final Sealed chunk;
    final Turn turn;
    final Path earlyRejects; // decode/validate rejects, or null
    boolean earlyPublished;
    boolean committed;
    long written;
    long refused;
    String wholeChunkRefused; // a refused row that cannot be traced to its record (SQL ran)

    TableChunk(Sealed chunk, Turn turn) {
      this.chunk = chunk;
      this.turn = turn;
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

  /** The rows of a chunk into the table: waits for the turn, stores the rejects, commits. */
  RowsConverter.Output tableOutput() {
    return (db, query, dir, base) -> {
      TableChunk t = TABLE_CHUNK.get();
      awaitTurn(t.turn);
      publishEarly(t);
      Sealed c = t.chunk;
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
        java.sql.SQLException duck = duckDbCause(e);
        if (duck != null) {
          throw duck;
        }
        // the table's own failure: never taken for the rows' columns (which the caller retries)
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
    };
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
    Map<Integer, String> reasons = new java.util.HashMap<>();
    for (TableTarget.Refused r : rows) {
      reasons.put(r.row(), r.reason());
    }
    Path file = refusedFile(t.chunk);
    long n = rejectOriginals(t.chunk, file, reasons, "write", null);
    if (n != rows.size()) {
      throw new IOException("found " + n + " of the " + rows.size() + " refused rows' records");
    }
    publishRejects(file);
    t.refused = n;
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

  private Path refusedFile(Sealed c) {
    return scratch.resolve(
        "."
            + FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1)
            + ".refused.jsonl");
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
  private static java.sql.SQLException duckDbCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s) {
        for (StackTraceElement frame : s.getStackTrace()) {
          if (frame.getClassName().startsWith("org.duckdb.")) {
            return s;
          }
        }
      }
    }
    return null;
  }

  /**
   * Publishes a chunk to the table: its rows through the converter (whose output is {@link
   * #tableOutput}), then whatever the rows could not do: rejects of the SQL or of the table, and
   * the position alone when no row was committed.
   */
  private ChunkResult publishToTable(Sealed c, Turn turn) throws IOException {
    table.producing(1);
    try {
      return publishToTableProducing(c, turn);
    } finally {
      table.producing(-1);
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

  private ChunkResult publishToTableProducing(Sealed c, Turn turn) throws IOException {
    String base = FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1);
    Path outDir = scratch.resolve("." + base + ".out");
    TableChunk t = new TableChunk(c, turn);
    long lateRejected = 0;
    long filtered = 0;
    Path late = lateRejectedFile(c);
    try {
      if (c.rows() > 0) {
        TABLE_CHUNK.set(t);
        try {
          RowsConverter.Outcome outcome = converter.convert(c, outDir, base);
          filtered = t.committed ? Math.max(0, outcome.rowsIn() - outcome.rows()) : 0;
        } catch (RowsConverter.TransformFailure failure) {
          lateRejected = rejectOriginals(c, late, null, "transform", failure.getMessage());
        } finally {
          TABLE_CHUNK.remove();
        }
        if (!t.committed && t.wholeChunkRefused != null) {
          lateRejected = rejectOriginals(c, late, null, "write", t.wholeChunkRefused);
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
      DurableFiles.deleteQuietly(List.of(late, refusedFile(c)));
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
}
