package io.kafkaload.worker.sink;

import static io.kafkaload.worker.sink.LockedDownDuckDb.literal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a chunk's JSON lines into one Parquet file with DuckDB, keeping the rows in order.
 *
 * <p>Column types: one column per top-level name seen anywhere in the chunk, typed from every row
 * (never a sample, so a type that changes or a name that first appears late is seen):
 *
 * <ul>
 *   <li>integers: BIGINT. DuckDB says HUGEINT for integers of both signs or beyond 2^63, and
 *       Parquet would store HUGEINT as DOUBLE (losing digits): such columns are read as BIGINT,
 *       which fails loudly on a value beyond 64 bits, and then all of them in that chunk as
 *       DECIMAL(38,0), which is exact. DuckDB itself infers DOUBLE for integers beyond 2^64 (RFC
 *       8259 section 6: numbers are interoperable within double precision);
 *   <li>other numbers: DOUBLE ({@code 1e400} becomes infinity); true/false: BOOLEAN;
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
 * <p>Thread-safe: each conversion borrows a connection of its own to the one DuckDB database
 * (created on first need, so there are as many as conversions ever ran at once), and the columns of
 * earlier chunks are shared.
 */
final class ParquetConverter implements AutoCloseable {

  /** How a chunk was written. */
  record Outcome(long rows, boolean typed, String fallbackReason) {}

  /** The columns a chunk of a topic was written with, and what the rows they came from held. */
  private record Known(RowShapes shapes, ColumnType columns) {}

  private static final Logger LOG = LoggerFactory.getLogger(ParquetConverter.class);
  private static final long MIN_OBJECT_SIZE = 16L << 20;

  /**
   * zstd at level 1 rather than DuckDB's default 3: for 660k rows of ~250-byte events, 8% less CPU
   * for the whole COPY (as little as snappy) for files 7% bigger (snappy's are 88% bigger).
   */
  private static final int ZSTD_LEVEL = 1;

  /** A connection and the inference that uses it, for one conversion at a time. */
  private record Session(Connection db, ColumnInference inference) {}

  private final Connection db;
  private final String compression;
  private final int filesPerInference;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final Deque<Session> idle = new ArrayDeque<>();
  private final List<Session> sessions = new ArrayList<>();
  private boolean closed;

  ParquetConverter(Connection db, String compression, int filesPerInference) {
    this.db = db;
    this.compression = compression;
    this.filesPerInference = filesPerInference;
  }

  /** Writes the rows of {@code chunk} to {@code target} (in the allowed folder). */
  Outcome convert(ChunkWriter.Sealed chunk, Path target) throws IOException {
    Session session = borrow();
    try {
      return convert(chunk, target, session.db(), session.inference());
    } finally {
      release(session);
    }
  }

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
      ChunkWriter.Sealed chunk, Path target, Connection db, ColumnInference inference)
      throws IOException {
    long started = System.nanoTime();
    List<Path> files = chunk.rowFiles();
    RowShapes shapes = chunk.shapes();
    boolean summarised = shapes != null && shapes.usable();
    // DuckDB's buffer must hold the longest row
    long objectSize = Math.max(MIN_OBJECT_SIZE, Long.highestOneBit(chunk.longestRow() + 2L) << 1);
    String topic = chunk.partition().topic();
    Known earlier = known.get(topic);
    if (summarised && earlier != null && shapes.within(earlier.shapes())) {
      try {
        long rows =
            copy(db, inference.select(files, objectSize, earlier.columns()), target, chunk.rows());
        LOG.debug(
            "{}: {} rows with the columns of an earlier chunk in {} ms",
            target.getFileName(),
            rows,
            millis(started));
        return new Outcome(rows, true, null);
      } catch (SQLException e) {
        // not expected, as the rows hold nothing new: infer from them instead
        LOG.debug(
            "{}: earlier columns did not fit: {}", target.getFileName(), DuckDbErrors.summary(e));
      }
    }
    if (summarised && chunk.witnesses() != null) {
      // The witness rows hold every path and kind of value of the chunk: columns inferred from
      // them read all rows without loss (see RowShapes), or fail loudly, as earlier columns do.
      Path witnessFile = target.resolveSibling(target.getFileName() + ".witnesses.jsonl");
      try {
        Files.write(witnessFile, chunk.witnesses());
        ColumnType inferred = inference.infer(List.of(witnessFile), objectSize);
        long inferredAt = System.nanoTime();
        if (inferred.nameCollision() == null) {
          for (ColumnType columns : ColumnInference.attempts(inferred)) {
            try {
              long rows =
                  copy(db, inference.select(files, objectSize, columns), target, chunk.rows());
              LOG.debug(
                  "{}: {} rows, columns inferred from {} witness rows in {} ms, written in {} ms",
                  target.getFileName(),
                  rows,
                  lines(chunk.witnesses()),
                  (inferredAt - started) / 1_000_000,
                  millis(inferredAt));
              known.put(topic, new Known(shapes, columns));
              return new Outcome(rows, true, null);
            } catch (SQLException e) {
              LOG.debug(
                  "{}: columns of the witness rows did not fit: {}",
                  target.getFileName(),
                  DuckDbErrors.summary(e));
            }
          }
        }
      } catch (SQLException | IllegalArgumentException e) {
        LOG.debug(
            "{}: cannot infer columns from the witness rows: {}",
            target.getFileName(),
            e.getMessage());
      } finally {
        Files.deleteIfExists(witnessFile);
      }
      // whatever went wrong is seen again below, from every row, with its reason
    }
    String reason = "names that differ only in case (DuckDB names are case-insensitive)";
    try {
      ColumnType inferred = inference.infer(files, objectSize);
      long inferredAt = System.nanoTime();
      if (inferred.nameCollision() == null) {
        for (ColumnType columns : ColumnInference.attempts(inferred)) {
          try {
            long rows =
                copy(db, inference.select(files, objectSize, columns), target, chunk.rows());
            LOG.debug(
                "{}: {} rows, columns inferred from {} files in {} ms, written in {} ms",
                target.getFileName(),
                rows,
                files.size(),
                (inferredAt - started) / 1_000_000,
                millis(inferredAt));
            if (summarised) {
              known.put(topic, new Known(shapes, columns));
            }
            return new Outcome(rows, true, null);
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
    return asJsonText(db, files, objectSize, target, chunk.rows(), reason);
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
      Path target,
      long expectedRows,
      String reason)
      throws IOException {
    LOG.warn(
        "{}: the rows cannot be given typed columns ({}); writing each row's JSON text in one"
            + " column 'json' instead",
        target.getFileName(),
        reason);
    String select =
        "SELECT json FROM read_json_objects("
            + ColumnInference.list(files)
            + ", format = 'newline_delimited', maximum_object_size = "
            + objectSize
            + ")";
    try {
      return new Outcome(copy(db, select, target, expectedRows), false, reason);
    } catch (SQLException e) {
      Files.deleteIfExists(target);
      throw new IOException(
          "DuckDB could not write "
              + target.getFileName()
              + " (typed: "
              + reason
              + "; as JSON text: "
              + DuckDbErrors.summary(e)
              + ")",
          e);
    }
  }

  private long copy(Connection db, String select, Path target, long expectedRows)
      throws SQLException, IOException {
    Files.deleteIfExists(target);
    long written =
        LockedDownDuckDb.run(
            db,
            "COPY ("
                + select
                + ") TO "
                + literal(target.toString())
                + " (FORMAT parquet, COMPRESSION "
                + compression
                + (compression.equals("zstd") ? ", COMPRESSION_LEVEL " + ZSTD_LEVEL : "")
                + ")");
    if (written != expectedRows) {
      Files.deleteIfExists(target);
      throw new IOException(
          "DuckDB wrote "
              + written
              + " rows to "
              + target.getFileName()
              + ", expected "
              + expectedRows);
    }
    return written;
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  /** Closes every connection (no conversion may run any more) and the database. */
  @Override
  public synchronized void close() throws SQLException {
    closed = true;
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
      throw failure;
    }
  }
}
