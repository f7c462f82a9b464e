package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.output.table.TableTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The PostgreSQL table of a load ({@code sink.jdbc}) as the engine's {@link TableTarget}: the
 * {@link PgWriter} is opened with the columns of the first chunk's rows (the table is created or
 * checked then), and opened again when a chunk's columns differ (the table is checked again); a
 * chunk with no rows to write moves its position alone, in a transaction of its own with the same
 * fencing. Positions live in the {@code kafkaload_offsets} table of the target's schema, under the
 * load key {@code <namespace>/<name>}.
 */
public final class PgTarget implements TableTarget {

  private final PgConnector connector;
  private final PgWriter.Options options;
  private final String load;
  private final PgOffsets offsets;
  // one writer (connection) per writer thread: chunks of different partitions commit in
  // parallel; the stored positions fence them, and a partition's chunks come in order
  private final ThreadLocal<PgWriter> writers = new ThreadLocal<>();
  private final List<PgWriter> all = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Connection positions; // for moves of a position alone
  private volatile boolean wrote;

  public PgTarget(PgConnector connector, LoadSpec.JdbcSink spec, String load) {
    this.connector = connector;
    this.options = PgWriter.Options.from(spec);
    this.load = load;
    this.offsets =
        new PgOffsets(options.table().schema() == null ? "public" : options.table().schema());
  }

  private synchronized Connection positions() throws SQLException {
    if (positions == null || positions.isClosed()) {
      positions = connector.open();
      positions.setAutoCommit(true);
      offsets.ensureTables(positions);
      positions.setAutoCommit(false);
    }
    return positions;
  }

  @Override
  public synchronized Map<TopicPartition, Long> readOffsets() throws IOException {
    try {
      Connection c = positions();
      Map<TopicPartition, Long> read = offsets.read(c, load);
      c.commit();
      return read;
    } catch (SQLException | RuntimeException e) {
      throw io("reading the positions of " + load + " from " + connector.describe(), e);
    }
  }

  @Override
  public synchronized String beginRun() throws IOException {
    LoadSpec.WriteMode mode = options.writeMode();
    if (mode != LoadSpec.WriteMode.Ignore && mode != LoadSpec.WriteMode.ErrorIfExists) {
      return null;
    }
    // look before reading: whether the table holds rows needs no columns
    try {
      Connection c = positions();
      boolean rows;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                      + (options.table().schema() == null
                          ? "public"
                          : options.table().schema().replace("'", "''"))
                      + "' AND table_name = '"
                      + options.table().table().replace("'", "''")
                      + "')")) {
        rs.next();
        rows = rs.getBoolean(1);
      }
      if (rows) {
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + options.table().sql() + ")")) {
          rs.next();
          rows = rs.getBoolean(1);
        }
      }
      c.commit();
      if (!rows) {
        return null;
      }
      if (mode == LoadSpec.WriteMode.Ignore) {
        return "ignored: table "
            + options.table()
            + " already holds rows (sink.jdbc.writeMode Ignore)";
      }
      throw new IOException(
          "table "
              + options.table()
              + " already holds rows and sink.jdbc.writeMode is ErrorIfExists; nothing was"
              + " written. Fix: empty the table, or choose Append, Overwrite or Ignore");
    } catch (SQLException | RuntimeException e) {
      throw io("checking table " + options.table(), e);
    }
  }

  @Override
  public synchronized void finishRun() throws IOException {
    try {
      if (wrote && !all.isEmpty()) {
        all.get(0).finishRun();
      } else if (options.writeMode() == LoadSpec.WriteMode.Overwrite) {
        // a run with no rows at all: Overwrite leaves the table with this run's rows, none
        Connection c = positions();
        try (Statement s = c.createStatement()) {
          s.execute("DELETE FROM " + options.table().sql());
        } catch (SQLException missing) {
          c.rollback();
          return;
        }
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      throw io("finishing the run on " + options.table(), e);
    }
  }

  @Override
  public long commit(TopicPartition tp, long start, long next, ResultSet rows, RefusedRows refused)
      throws IOException {
    try {
      if (rows == null) {
        synchronized (this) {
          moveAlone(tp, start, next);
        }
        return 0;
      }
      PgWriter writer = writer(LoadColumn.of(rows.getMetaData()));
      wrote = true;
      ChunkCommit commit =
          writer.commitChunk(tp.topic(), tp.partition(), start, next, rows, handler(refused));
      return commit.rowsTaken();
    } catch (SQLException e) {
      throw io("writing " + tp + " to " + options.table(), e);
    }
  }

  /**
   * Has DuckDB write the chunk's rows as the CSV PostgreSQL's COPY takes, with the reason of each
   * row that must be refused (see DuckCsv), and commits them from that file: no value goes through
   * DuckDB's JDBC getters or a Java String. A table with a column DuckDB cannot write so goes the
   * way of {@link #commit} (a result set). A DuckDB error is thrown as it came (the rows' or the
   * SQL's failure).
   */
  @Override
  public long commitRows(TopicPartition tp, long start, long next, Rows rows, RefusedRows refused)
      throws IOException, SQLException {
    List<LoadColumn> columns;
    try (PreparedStatement query = rows.db().prepareStatement(rows.query())) {
      columns = LoadColumn.of(query.getMetaData());
    }
    PgWriter writer = writer(columns);
    writer.checkColumns(columns);
    Path file = rows.scratch().resolve("kafkaload-pg-rows.csv");
    String copy = writer.csvCopySql(rows.query(), file);
    if (copy == null) {
      return TableTarget.super.commitRows(tp, start, next, rows, refused);
    }
    try {
      try (Statement s = rows.db().createStatement()) {
        s.execute(copy);
      }
      wrote = true;
      return writer
          .commitCsv(tp.topic(), tp.partition(), start, next, file, handler(refused))
          .rowsTaken();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private PgWriter.RejectHandler handler(RefusedRows refused) {
    return refused == null
        ? null
        : list -> {
          List<Refused> mapped = new ArrayList<>();
          for (RejectedRow r : list) {
            mapped.add(new Refused(r.row(), r.reason()));
          }
          refused.refused(mapped);
        };
  }

  /** This thread's writer, opened (and its table created or checked) for {@code columns}. */
  private PgWriter writer(List<LoadColumn> columns) {
    PgWriter writer = writers.get();
    if (writer != null && !writer.columns().equals(columns)) {
      // The chunk's columns differ from those the writer was opened for: DuckDB read the chunk
      // again with wider types (an integer beyond BIGINT in a list made it DECIMAL(38,0)[]), or
      // a later chunk's rows brought other columns. The table is checked again for them (and
      // the run fails naming the column and the fix when it cannot take them), instead of the
      // run failing for good on a chunk the table can take.
      // A table this writer created before any row reached it is created again, so that an
      // integer column read first as BIGINT, then as DECIMAL(38,0), is not left a bigint that
      // would refuse the values beyond 2^63 it was widened for.
      writers.remove();
      synchronized (this) {
        all.remove(writer);
        if (!wrote && all.isEmpty()) {
          writer.dropCreatedTable();
        }
      }
      writer.close();
      writer = null;
    }
    if (writer == null) {
      // one thread at a time: the first creates the table, the others find it
      synchronized (this) {
        writer =
            PgWriter.open(connector, options, load, columns)
                .withHook(
                    step ->
                        io.kafkaload.worker.chunk.CrashPoints.reached(
                            switch (step) {
                              case ROWS_WRITTEN -> "after-rows";
                              case OFFSET_WRITTEN -> "after-position";
                              case COMMITTED -> "after-commit";
                            }));
        // a run this load left unfinished is resumed, not started again: once per writer is
        // safe, and Overwrite empties the table in the first chunk's transaction only
        writer.beginRun();
      }
      writers.set(writer);
      all.add(writer);
    }
    return writer;
  }

  /** The position of a chunk with no row to write, fenced like a chunk's. */
  private void moveAlone(TopicPartition tp, long start, long next) throws SQLException {
    Connection c = positions();
    try {
      long stored = offsets.lock(c, load, tp.topic(), tp.partition(), start);
      if (stored == next && next > start) {
        c.rollback(); // committed before
        return;
      }
      if (stored != start) {
        c.rollback();
        throw new PgFencedException(tp.topic(), tp.partition(), stored, start);
      }
      offsets.store(c, load, tp.topic(), tp.partition(), next);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone; the transaction with it
      }
      throw e;
    }
  }

  private static IOException io(String doing, Exception e) {
    if (e instanceof IOException io) {
      return io;
    }
    return new IOException(doing + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    for (PgWriter writer : all) {
      writer.close();
    }
    if (positions != null) {
      try {
        positions.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
