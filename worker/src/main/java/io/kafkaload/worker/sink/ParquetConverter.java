package io.kafkaload.worker.sink;

import static io.kafkaload.worker.sink.LockedDownDuckDb.literal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * <p>Types are inferred per group of segment files (in parallel inside DuckDB) and merged here,
 * then the rows are read with those explicit columns. Inference reads every row once more, so it is
 * skipped when the chunk's {@link RowShapes} hold nothing the last inferred chunk of the topic did
 * not: its columns are used again (which also keeps a topic's files on one schema). When DuckDB
 * cannot give the rows typed columns (duplicate names in an object, nesting deeper than DuckDB's
 * 128 levels, names equal but for case, a top-level object DuckDB reads as a map), the chunk is
 * written losslessly instead as one column {@code json} (type JSON) holding each row's JSON text,
 * and a warning names the file and why. Only when that fails too does the conversion fail. The
 * number of rows DuckDB wrote is always checked.
 *
 * <p>One connection, used by one writer thread at a time.
 */
final class ParquetConverter implements AutoCloseable {

  /** How a chunk was written. */
  record Outcome(long rows, boolean typed, String fallbackReason) {}

  /** The columns a chunk of a topic was written with, and what its rows looked like. */
  private record Known(RowShapes shapes, ColumnType columns) {}

  private static final Logger LOG = LoggerFactory.getLogger(ParquetConverter.class);
  private static final long MIN_OBJECT_SIZE = 16L << 20;

  private final Connection db;
  private final String compression;
  private final int filesPerInference;
  private final Map<String, Known> known = new HashMap<>();

  ParquetConverter(Connection db, String compression, int filesPerInference) {
    this.db = db;
    this.compression = compression;
    this.filesPerInference = Math.max(1, filesPerInference);
  }

  /** Writes the rows of {@code chunk} to {@code target} (in the allowed folder). */
  Outcome convert(ChunkWriter.Sealed chunk, Path target) throws IOException {
    List<Path> segments = chunk.rowFiles();
    long rows = chunk.rows();
    long objectSize = Math.max(MIN_OBJECT_SIZE, Long.highestOneBit(chunk.longestRow() + 2L) << 1);
    String files =
        segments.stream().map(p -> literal(p.toString())).collect(Collectors.joining(", "));
    String topic = chunk.partition().topic();
    RowShapes shapes = chunk.shapes();
    Known known = this.known.get(topic);
    if (known != null && shapes != null && shapes.within(known.shapes())) {
      long start = System.nanoTime();
      try {
        Outcome typed =
            new Outcome(
                copy(typedSelect(files, objectSize, known.columns()), target, rows), true, null);
        LOG.debug(
            "{}: {} rows, types of an earlier chunk, written in {} ms",
            target.getFileName(),
            rows,
            (System.nanoTime() - start) / 1_000_000);
        return typed;
      } catch (SQLException e) {
        // not expected (the rows hold nothing new): infer from these rows instead
        LOG.debug(
            "{}: the earlier chunk's types did not fit: {}",
            target.getFileName(),
            DuckDbErrors.summary(e));
      }
    }
    String reason = "names that differ only in case (DuckDB names are case-insensitive)";
    try {
      long start = System.nanoTime();
      ColumnType inferred = inferColumns(segments, objectSize);
      long inferredAt = System.nanoTime();
      if (inferred.nameCollision() == null) {
        for (ColumnType columns : attempts(inferred)) {
          try {
            Outcome typed =
                new Outcome(
                    copy(typedSelect(files, objectSize, columns), target, rows), true, null);
            LOG.debug(
                "{}: {} rows from {} segments, types inferred in {} ms, written in {} ms",
                target.getFileName(),
                rows,
                segments.size(),
                (inferredAt - start) / 1_000_000,
                (System.nanoTime() - inferredAt) / 1_000_000);
            if (shapes != null && shapes.usable()) {
              this.known.put(topic, new Known(shapes, columns));
            }
            return typed;
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
    LOG.warn(
        "{}: the rows cannot be given typed columns ({}); writing each row's JSON text in one"
            + " column 'json' instead",
        target.getFileName(),
        reason);
    String select =
        "SELECT json FROM read_json_objects(["
            + files
            + "], format = 'newline_delimited', maximum_object_size = "
            + objectSize
            + ")";
    try {
      return new Outcome(copy(select, target, rows), false, reason);
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

  private static String typedSelect(String files, long objectSize, ColumnType columns) {
    return "SELECT * FROM read_json(["
        + files
        + "], format = 'newline_delimited', records = true, maximum_object_size = "
        + objectSize
        + ", columns = "
        + columnsArgument(columns)
        + ")";
  }

  /**
   * The column sets to try, in order. DuckDB infers HUGEINT for integer columns with both signs
   * (and writes HUGEINT to Parquet as DOUBLE, losing digits): try BIGINT, which fails loudly on a
   * value beyond 64 bits, then DECIMAL(38,0), which holds such values exactly.
   */
  private static List<ColumnType> attempts(ColumnType inferred) {
    if (!inferred.contains("HUGEINT")) {
      return List.of(inferred);
    }
    return List.of(
        inferred.replace("HUGEINT", "BIGINT"), inferred.replace("HUGEINT", "DECIMAL(38,0)"));
  }

  /** Infers the columns of each group of files, then merges them. */
  private ColumnType inferColumns(List<Path> segments, long objectSize) throws SQLException {
    ColumnType merged = null;
    for (int i = 0; i < segments.size(); i += filesPerInference) {
      List<Path> group = segments.subList(i, Math.min(segments.size(), i + filesPerInference));
      String files =
          group.stream().map(p -> literal(p.toString())).collect(Collectors.joining(", "));
      String sql =
          "DESCRIBE SELECT * FROM read_json(["
              + files
              + "], format = 'newline_delimited', records = true, sample_size = -1,"
              + " maximum_sample_files = -1, maximum_object_size = "
              + objectSize
              + ")";
      List<String> names = new ArrayList<>();
      List<ColumnType> types = new ArrayList<>();
      try (Statement statement = db.createStatement();
          ResultSet rs = statement.executeQuery(sql)) {
        while (rs.next()) {
          names.add(rs.getString("column_name"));
          types.add(ColumnType.parse(rs.getString("column_type")).keepStrings());
        }
      }
      merged = ColumnType.merge(merged, ColumnType.struct(names, types));
    }
    return merged;
  }

  /** {@code {'name': 'TYPE', ...}} for read_json. */
  private static String columnsArgument(ColumnType row) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < row.fields.size(); i++) {
      entries.add(literal(row.fields.get(i)) + ": " + literal(row.children.get(i).sql()));
    }
    return "{" + String.join(", ", entries) + "}";
  }

  private long copy(String select, Path target, long expectedRows)
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

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
