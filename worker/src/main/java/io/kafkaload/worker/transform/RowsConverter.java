package io.kafkaload.worker.transform;

import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.chunk.RowShapes;
import io.kafkaload.worker.chunk.SealedChunk;
import io.kafkaload.worker.config.Limits;
import io.kafkaload.worker.decode.MetadataColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a chunk's spooled JSON lines into rows with DuckDB, keeping them in order: typed columns,
 * the load's computed columns and SQL ({@link RowsPlan}), within the load's limits; the resulting
 * query goes to the output's {@link Output} (files: {@code output/files/DuckDbFiles}; a table:
 * {@code output/table/TableOutput}).
 *
 * <p>The rows are read with explicit columns: the schema's types and the metadata columns' are
 * fixed; the other columns (all of them without a schema) are inferred as follows.
 *
 * <p>Column types: one column per top-level name seen anywhere in the chunk, typed from every row
 * (never a sample, so a type that changes or a name that first appears late is seen):
 *
 * <ul>
 *   <li>integers: BIGINT. DuckDB says HUGEINT for integers of both signs or beyond 2^63, and
 *       Parquet would store HUGEINT as DOUBLE (losing digits): such columns are read as BIGINT,
 *       which fails loudly on a value beyond 64 bits, and then all of them in that chunk as
 *       DECIMAL(38,0), which is exact. Integers beyond 64 bits, which DuckDB would read as a
 *       rounded DOUBLE, never get here: the pipeline rejects them ({@link
 *       io.kafkaload.worker.validate.InferableRow});
 *   <li>other numbers: DOUBLE (values beyond its range are rejected likewise); true/false: BOOLEAN;
 *   <li>objects: STRUCT (MAP(VARCHAR, ...) when DuckDB finds many sparse names); arrays: lists;
 *   <li>a name whose values have different JSON types: JSON, holding each value's JSON text;
 *   <li>strings: VARCHAR exactly as sent. DuckDB would turn strings that look like dates, times,
 *       timestamps or UUIDs into those types, which truncates nanoseconds, rewrites offsets and
 *       case, and flips a column's type from one file to the next (Spark's JSON reader does not
 *       infer timestamps by default either). Typing them is the job of a schema or SQL stage.
 * </ul>
 *
 * <p>The rows are read with explicit columns ({@link ColumnInference}). Inference reads rows once
 * more, so the chunk's {@link RowShapes} decide how much of it is needed: none when the rows hold
 * nothing that the last inferred chunk of the topic did not (its columns are used again, which also
 * keeps a topic's files on one schema); else only the chunk's witness rows, the rows that brought a
 * path or a kind of value the rows before them did not (together they hold every path and kind of
 * the chunk, so nothing is sampled away: a name that first appears late, or a type that changes, is
 * among them); all rows only when the witnesses are too many or their columns do not fit (a value
 * beyond the range of an integer column fails loudly, never silently). The witnesses decide the
 * types but not how often a name occurs, so DuckDB's choice between STRUCT and MAP for objects with
 * many sparse names may differ from inference over all rows; both hold every value. When DuckDB
 * cannot give the rows typed columns (duplicate names in an object, nesting deeper than DuckDB's
 * 128 levels, names equal but for case, a top-level object DuckDB reads as a map), the chunk is
 * written losslessly instead as one column {@code json} (type JSON) holding each row's JSON text,
 * and a warning names the file and why. Only when that fails too does the conversion fail. The
 * number of rows DuckDB wrote is always checked.
 *
 * <p>A load's files share one schema: each chunk is written with the load's columns so far widened
 * by its own ({@link ChunkColumns}), started from the footers of the load's existing Parquet files
 * ({@link LoadColumns}).
 *
 * <p>Thread-safe: each conversion borrows a connection of its own to the one DuckDB database
 * (created on first need, so there are as many as conversions ever ran at once), and the columns of
 * earlier chunks are shared.
 *
 * <p><i>Over 400 lines, on purpose: the conversion's fallback ladder ({@code Attempt}), its write
 * and how each failure of a write is told apart are one decision (which columns the rows get, and
 * whether a failure fails the run, retries other columns or rejects the chunk) that must be read in
 * one place; a sixth of the lines is this documentation. The columns themselves are {@link
 * ChunkColumns}'s, the files {@code output/files}'s.</i>
 */
public final class RowsConverter implements AutoCloseable {

  /**
   * How a chunk was written: the rows read, the rows written (fewer when the SQL filtered some),
   * the files made, relative to the output folder, and whether the columns are typed.
   */
  public record Outcome(
      long rowsIn, long rows, List<Path> files, boolean typed, String fallbackReason) {}

  /** The user's SQL failed at runtime on this chunk's rows: they are rejected, stage transform. */
  public static final class TransformFailure extends Exception {
    TransformFailure(String reason) {
      super(reason);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(RowsConverter.class);
  private static final long MIN_OBJECT_SIZE = 16L << 20;

  /**
   * zstd at level 1 rather than DuckDB's default 3: for 660k rows of ~250-byte events, 8% less CPU
   * for the whole COPY (as little as snappy) for files 7% bigger (snappy's are 88% bigger).
   */
  static final int ZSTD_LEVEL = 1;

  /** A connection and the inference that uses it, for one conversion at a time. */
  private record Session(Connection db, ColumnInference inference) {}

  private final Connection db;
  private final RowsPlan plan;
  private final int filesPerInference;
  private final Output output;
  private final SqlWatch watch;
  private final Limits limits;

  /**
   * Where a chunk's final rows go: files (DuckDB's COPY, or Avro), or a table. Returns the rows the
   * query gave (written, or refused by a table and rejected).
   */
  public interface Output {
    long write(Connection db, String query, Path dir, String base) throws SQLException, IOException;
  }

  /**
   * Thrown by an {@link Output} when a row's own value cannot be written (a partition value too
   * long for a folder name), with a message that holds no value (R5).
   */
  public static final class UnwritableRows extends SQLException {
    public UnwritableRows(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private final ChunkColumns columnTypes;
  private final Deque<Session> idle = new ArrayDeque<>();
  private final List<Session> sessions = new ArrayList<>();
  private boolean closed;

  public RowsConverter(Connection db, RowsPlan plan, int filesPerInference, Output output) {
    this(db, plan, filesPerInference, output, Limits.DEFAULTS);
  }

  /**
   * A converter on its own locked-down DuckDB, which may touch only {@code scratch} (its spill
   * files too), with the threads and memory of {@code tuning}; {@code sink} names the sink in the
   * error when DuckDB cannot start.
   */
  public static RowsConverter open(
      Path scratch,
      RowsPlan plan,
      io.kafkaload.worker.chunk.Tuning tuning,
      Output output,
      Limits limits,
      String sink)
      throws IOException {
    try {
      return new RowsConverter(
          LockedDownDuckDb.open(
              scratch,
              scratch,
              tuning.duckdbThreads(),
              tuning.duckdbMemoryLimit(),
              limits.maxTempBytesOrDefault()),
          plan,
          tuning.duckdbThreads(),
          output,
          limits);
    } catch (SQLException e) {
      throw new IOException(
          "cannot start DuckDB for the " + sink + ": " + DuckDbErrors.summary(e), e);
    }
  }

  /** Each chunk's SQL held to {@code limits} ({@link SqlWatch}). */
  public RowsConverter(
      Connection db, RowsPlan plan, int filesPerInference, Output output, Limits limits) {
    this.db = db;
    this.plan = plan;
    this.filesPerInference = filesPerInference;
    this.output = java.util.Objects.requireNonNull(output, "output");
    this.watch = new SqlWatch(limits);
    this.columnTypes = new ChunkColumns(plan);
    this.limits = limits;
  }

  /**
   * Stops the SQL running now and fails every later conversion at its start, with {@code reason}
   * (SIGTERM: the run must end within the pod's grace period).
   */
  public void stop(String reason) {
    watch.stop(reason);
  }

  /**
   * Writes the rows of {@code chunk} under {@code outDir} (an empty folder in the allowed one), as
   * {@code <base>.<ext>} or {@code <col>=<value>/.../<base>.<ext>}.
   */
  public Outcome convert(SealedChunk chunk, Path outDir, String base)
      throws IOException, TransformFailure {
    Session session = borrow();
    try (SqlWatch.Guard guard = watch.watch(session.db(), outDir, base)) {
      return convert(chunk, new Target(outDir, base), guard.connection(), session.inference());
    } finally {
      release(session);
    }
  }

  /** Where a conversion writes: a folder and the base name of its files. */
  private record Target(Path dir, String base) {}

  private synchronized Session borrow() throws IOException {
    if (closed) {
      throw new IOException("the Parquet converter is closed");
    }
    Session session = idle.pollFirst();
    if (session == null) {
      try {
        Connection connection = sessions.isEmpty() ? db : ((DuckDBConnection) db).duplicate();
        session = new Session(connection, new ColumnInference(connection, filesPerInference));
      } catch (SQLException e) {
        throw new IOException("cannot connect to DuckDB: " + DuckDbErrors.summary(e), e);
      }
      sessions.add(session);
    }
    return session;
  }

  private synchronized void release(Session session) {
    idle.addFirst(session);
  }

  private Outcome convert(
      SealedChunk chunk, Target target, Connection db, ColumnInference inference)
      throws IOException, TransformFailure {
    Attempt attempt = new Attempt(chunk, target, db, inference);
    if (plan.typesKnown()) {
      return attempt.withSchemaColumns();
    }
    Outcome outcome = attempt.withEarlierColumns();
    if (outcome == null) {
      outcome = attempt.withWitnessColumns();
    }
    return outcome != null ? outcome : attempt.withEveryRowsColumns();
  }

  /**
   * One chunk's conversion, tried with columns from the cheapest source that holds every row: the
   * schema's; an earlier chunk's (the rows hold nothing new); the witness rows'; every row's; and
   * last each row's JSON text (lossless, untyped).
   */
  private final class Attempt {
    private final long started = System.nanoTime();
    private final SealedChunk chunk;
    private final Target target;
    private final Connection db;
    private final ColumnInference inference;
    private final List<Path> files;
    private final long objectSize;
    private final RowShapes shapes;
    private final boolean summarised;
    private final String topic;

    Attempt(SealedChunk chunk, Target target, Connection db, ColumnInference inference) {
      this.chunk = chunk;
      this.target = target;
      this.db = db;
      this.inference = inference;
      this.files = chunk.rowFiles();
      // DuckDB's buffer must hold the longest row
      this.objectSize = Math.max(MIN_OBJECT_SIZE, Long.highestOneBit(chunk.longestRow() + 2L) << 1);
      this.shapes = chunk.shapes();
      this.summarised = shapes != null && shapes.usable();
      this.topic = chunk.partition().topic();
    }

    private Outcome writeWith(ColumnType columns)
        throws SQLException, IOException, TransformFailure {
      return write(db, inference.select(files, objectSize, columns), target, chunk, true, null);
    }

    /** The schema fixes every column: nothing to infer, and a failure is not the rows' types. */
    Outcome withSchemaColumns() throws IOException, TransformFailure {
      ColumnType columns = columnTypes.fixed(ColumnType.struct(List.of(), List.of()));
      try {
        return writeWith(columns);
      } catch (SQLException e) {
        throw new IOException(
            "DuckDB could not write the rows of "
                + target.base()
                + " with the schema's columns: "
                + DuckDbErrors.summary(e),
            e);
      }
    }

    /** The columns of the topic's last inferred chunk, when the rows hold nothing new; or null. */
    Outcome withEarlierColumns() throws IOException, TransformFailure {
      ChunkColumns.Known earlier = columnTypes.earlier(topic);
      if (!summarised || earlier == null || !shapes.within(earlier.shapes())) {
        return null;
      }
      ColumnType earlierColumns = columnTypes.continued(earlier);
      if (earlierColumns.contains("HUGEINT")) {
        return null;
      }
      try {
        Outcome outcome = writeWith(earlierColumns);
        LOG.debug(
            "{}: {} rows with the columns of an earlier chunk in {} ms",
            target.base(),
            outcome.rows(),
            millis(started));
        return outcome;
      } catch (SQLException e) {
        // not expected, as the rows hold nothing new: infer from them instead
        LOG.debug("{}: earlier columns did not fit: {}", target.base(), DuckDbErrors.summary(e));
        return null;
      }
    }

    /**
     * The witness rows hold every path and kind of value of the chunk: columns inferred from them
     * read all rows without loss (see RowShapes), or fail loudly, as earlier columns do. Null when
     * they cannot be used: whatever went wrong is seen again from every row, with its reason.
     */
    Outcome withWitnessColumns() throws IOException, TransformFailure {
      if (!summarised || chunk.witnesses() == null) {
        return null;
      }
      Path witnessFile = target.dir().resolveSibling(target.dir().getFileName() + ".witnesses");
      try {
        Files.write(witnessFile, chunk.witnesses());
        ColumnType inferred = inference.infer(List.of(witnessFile), objectSize);
        long inferredAt = System.nanoTime();
        ColumnType widened = columnTypes.widened(inferred);
        if (widened.nameCollision() != null) {
          return null;
        }
        for (ColumnType columns : ColumnInference.attempts(columnTypes.fixed(widened))) {
          try {
            Outcome outcome = writeWith(columns);
            LOG.debug(
                "{}: {} rows, columns inferred from {} witness rows in {} ms, written in {} ms",
                target.base(),
                outcome.rows(),
                lines(chunk.witnesses()),
                (inferredAt - started) / 1_000_000,
                millis(inferredAt));
            columnTypes.remember(topic, shapes, columns);
            columnTypes.learn(columns);
            return outcome;
          } catch (SQLException e) {
            LOG.debug(
                "{}: columns of the witness rows did not fit: {}",
                target.base(),
                DuckDbErrors.summary(e));
          }
        }
      } catch (SQLException | IllegalArgumentException e) {
        LOG.debug(
            "{}: cannot infer columns from the witness rows: {}", target.base(), e.getMessage());
      } finally {
        Files.deleteIfExists(witnessFile);
      }
      return null;
    }

    /** Columns inferred from every row; else each row's JSON text in one column. */
    Outcome withEveryRowsColumns() throws IOException, TransformFailure {
      String reason = "names that differ only in case (DuckDB names are case-insensitive)";
      try {
        ColumnType inferred = columnTypes.widened(inference.infer(files, objectSize));
        long inferredAt = System.nanoTime();
        if (inferred.nameCollision() == null) {
          for (ColumnType columns : ColumnInference.attempts(columnTypes.fixed(inferred))) {
            try {
              Outcome outcome = writeWith(columns);
              LOG.debug(
                  "{}: {} rows, columns inferred from {} files in {} ms, written in {} ms",
                  target.base(),
                  outcome.rows(),
                  files.size(),
                  (inferredAt - started) / 1_000_000,
                  millis(inferredAt));
              if (summarised) {
                columnTypes.remember(topic, shapes, columns);
              }
              columnTypes.learn(columns);
              return outcome;
            } catch (SQLException e) {
              reason = DuckDbErrors.summary(e);
            }
          }
        }
      } catch (SQLException e) {
        reason = DuckDbErrors.summary(e);
      } catch (IllegalArgumentException e) {
        reason = "unexpected inferred type: " + e.getMessage();
      }
      return asJsonText(db, files, objectSize, target, chunk, reason);
    }
  }

  /**
   * Starts the load's columns from those of its existing files (read from their footers when the
   * sink starts), so a run's files continue the schema of the earlier runs' files.
   */
  public void seed(ColumnType columns) {
    columnTypes.seed(columns);
  }

  private static int lines(byte[] jsonLines) {
    int n = 0;
    for (byte b : jsonLines) {
      n += b == '\n' ? 1 : 0;
    }
    return n;
  }

  /** The lossless fallback: each row's JSON text in one column {@code json}. */
  private Outcome asJsonText(
      Connection db,
      List<Path> files,
      long objectSize,
      Target target,
      SealedChunk chunk,
      String reason)
      throws IOException, TransformFailure {
    LOG.warn(
        "{}: the rows cannot be given typed columns ({}); writing each row's JSON text in one"
            + " column 'json' instead",
        target.base(),
        reason);
    String select =
        "SELECT json FROM read_json_objects("
            + ColumnInference.list(files)
            + ", format = 'newline_delimited', maximum_object_size = "
            + objectSize
            + ")";
    try {
      return write(db, select, target, chunk, false, reason);
    } catch (SQLException e) {
      DurableFiles.deleteTree(target.dir());
      throw new IOException(
          "DuckDB could not write "
              + target.base()
              + " (typed: "
              + reason
              + "; as JSON text: "
              + DuckDbErrors.summary(e)
              + ")",
          e);
    }
  }

  /**
   * Writes the rows {@code source} selects, after the metadata conversions, the computed columns
   * and the user's SQL. A failure of the rows themselves (their columns) is an SQLException, for
   * the caller to try other columns; a runtime failure of the user's SQL is a {@link
   * TransformFailure}; a compile failure of it (which every chunk would meet) an IOException.
   */
  private Outcome write(
      Connection db,
      String source,
      Target target,
      SealedChunk chunk,
      boolean typed,
      String fallbackReason)
      throws SQLException, IOException, TransformFailure {
    DurableFiles.deleteTree(target.dir());
    Files.createDirectories(target.dir());
    String rows = typed ? withMetadata(source) : source;
    RowLimit tooManyRows =
        new RowLimit(chunk.rows(), limits.maxRowsPerInputRowOrDefault(), target.base());
    long written;
    try {
      String query = rows;
      if (plan.runsSql() && typed) {
        ValueLimit tooBig = new ValueLimit(limits.maxValueBytesOrDefault(), target.base());
        query = RowLimit.guard(tooBig.guard(db, transformed(db, rows)), tooManyRows);
      }
      written = output.write(db, query, target.dir(), target.base());
    } catch (SQLException e) {
      DurableFiles.deleteTree(target.dir());
      throw failure(e, db, rows, target, typed, tooManyRows);
    }
    long expected = chunk.rows();
    if (!plan.runsSql() && written != expected) {
      DurableFiles.deleteTree(target.dir());
      throw new IOException(
          "DuckDB wrote " + written + " rows of " + target.base() + ", expected " + expected);
    }
    List<Path> files = written == 0 ? List.of() : produced(target);
    if (written == 0) {
      DurableFiles.deleteTree(target.dir()); // everything filtered: no empty file
    }
    return new Outcome(expected, written, files, typed, fallbackReason);
  }

  /**
   * What a failed write of {@code rows} means. Thrown: a limit or SIGTERM, a row value the output
   * cannot hold, DuckDB's resources (IOException: the run fails); the rows' own columns (the
   * SQLException itself, for the caller to try other columns); the user's SQL not compiling against
   * the rows' columns (ConfigException). Returned: the user's SQL failing at runtime on these rows,
   * or a value it computed that the output cannot hold ({@link TransformFailure}: the chunk's rows
   * are rejected).
   */
  private TransformFailure failure(
      SQLException e,
      Connection db,
      String rows,
      Target target,
      boolean typed,
      RowLimit tooManyRows)
      throws SQLException, IOException {
    String stopped = SqlWatch.reason(db);
    if (stopped != null) {
      // a limit, or SIGTERM: neither the rows' fault nor the SQL's error; fail the run
      throw new IOException(stopped, e);
    }
    if (tooManyRows.hit(e)) {
      throw new IOException(tooManyRows.reason()); // DuckDB's message is the same text
    }
    if (ValueLimit.hit(e)) {
      throw new IOException(ValueLimit.reason(e));
    }
    if (e instanceof UnwritableRows unwritable) {
      if (plan.runsSql() && typed) {
        // values the load's SQL computed cannot be checked per record: the chunk's are rejected
        return new TransformFailure(
            unwritable.getMessage() + " (a value the load's SQL or a script computed)");
      }
      throw new IOException("DuckDB could not write " + target.base() + ": " + e.getMessage());
    }
    if (String.valueOf(e.getMessage()).strip().startsWith("Out of Memory Error")) {
      // a value built past the worker's data limit, or DuckDB's own memory_limit: fail the run
      throw new IOException(DataLimit.reason(target.base(), DuckDbErrors.summary(e)), e);
    }
    if (SqlErrors.isResourceError(e)) {
      // neither the rows' nor the SQL's fault: fail the run (it is retried), reject nothing
      throw new IOException(
          "DuckDB could not write " + target.base() + ": " + DuckDbErrors.summary(e), e);
    }
    if (!plan.runsSql() || !typed) {
      throw e;
    }
    // the rows, or the user's SQL?
    try {
      LockedDownDuckDb.run(db, "SELECT count(*) FROM (" + rows + ")");
    } catch (SQLException rowsFailed) {
      throw e;
    }
    if (SqlErrors.isCompileError(e)) {
      // the user's SQL against the columns the rows have: a configuration that cannot run.
      // DuckDB's message quotes the internal statement: only its first line is kept, and the
      // cause is not chained (its message would come back in the one-line reason)
      throw new io.kafkaload.worker.config.ConfigException(
          (plan.transformSql() != null ? "spec.transform.sql" : "spec.schema.fields[].script")
              + " cannot run on the rows read: "
              + SqlErrors.firstLine(e)
              + "; fix the SQL (the columns are the fields of the records, plus the metadata"
              + " columns asked for)");
    }
    return new TransformFailure(DuckDbErrors.summary(e));
  }

  /** The spooled rows with the metadata columns in their final types. */
  private String withMetadata(String source) {
    if (!plan.metadataColumns().contains("_timestamp")) {
      return source;
    }
    return "SELECT * REPLACE ("
        + MetadataColumns.finalExpression("_timestamp")
        + " AS \"_timestamp\") FROM ("
        + source
        + ")";
  }

  /** The computed columns, then the user's query over the view {@code message}. */
  private String transformed(Connection db, String rows) throws SQLException {
    String message = plan.withComputed(rows);
    if (plan.transformSql() == null) {
      return message;
    }
    LockedDownDuckDb.run(db, "CREATE OR REPLACE TEMP VIEW message AS " + message);
    return plan.transformSql();
  }

  /** Work on a DuckDB connection of this converter's database (a merge of the run's files). */
  public interface OnConnection<T> {
    T apply(Connection db) throws SQLException, IOException;
  }

  /** Runs {@code work} on a connection borrowed for it, as a conversion would. */
  public <T> T onConnection(OnConnection<T> work) throws SQLException, IOException {
    Session session = borrow();
    try {
      return work.apply(session.db());
    } finally {
      release(session);
    }
  }

  /** The files a conversion left in its folder, relative to it, sorted. */
  private static List<Path> produced(Target target) throws IOException {
    try (Stream<Path> walk = Files.walk(target.dir())) {
      return walk.filter(Files::isRegularFile).map(target.dir()::relativize).sorted().toList();
    }
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  /**
   * Closes every connection (no conversion may run any more) and the database; a DuckDB error on
   * the way is an IOException naming it (the outputs close their converter as they close files).
   */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    watch.close();
    SQLException failure = null;
    // the duplicates first: the database stays open while one of its connections is
    for (Session session : sessions) {
      if (session.db() == db) {
        continue;
      }
      try {
        session.db().close();
      } catch (SQLException e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      db.close();
    } catch (SQLException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw new IOException("cannot close DuckDB: " + DuckDbErrors.summary(failure), failure);
    }
  }
}
