package io.kafkaload.worker.sink.iceberg;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.sink.TableTarget;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg table of a load ({@code sink.iceberg}) as the engine's {@link TableTarget}: each
 * chunk's data files and the load's positions are committed in one snapshot ({@link
 * IcebergCommitter}), the positions in the snapshot summary, read back from the table's history
 * before anything else. The table is created or checked with the columns of the first chunk's rows.
 * DuckDB writes the data files where it can write them as Iceberg does ({@link DuckDbDataFiles}),
 * Iceberg's generic writer the others ({@link #commit}). A chunk with no row to write moves its
 * position in a snapshot of its own once the table exists (before that, the range is read again by
 * the next run: its records were all rejected or filtered, and the rejected topic may see them
 * again).
 */
public final class IcebergTarget implements TableTarget {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergTarget.class);

  private final Catalog catalog;
  private final LoadSpec.IcebergSink spec;
  private final String load;
  private final String runId;
  // one committer (and table object) per writer thread: chunks of different partitions write
  // their data files in parallel; their commits are checked against the stored positions
  private final ThreadLocal<IcebergCommitter> committers = new ThreadLocal<>();
  // every catalog access of the load (table loads and creation, refreshes, commits) holds this
  // lock: the data files are written in parallel, but the catalog sees one request at a time (a
  // JDBC catalog on SQLite fails a commit with SQLITE_BUSY while another connection reads)
  private final Object catalogLock = this;
  private volatile boolean toldGeneric;

  public IcebergTarget(Catalog catalog, LoadSpec.IcebergSink spec, String load, String runId) {
    this.catalog = catalog;
    this.spec = spec;
    this.load = load;
    this.runId = runId;
  }

  /** Iceberg takes every row of the rows' types (checked per chunk): it never refuses one. */
  @Override
  public boolean refusesRows() {
    return false;
  }

  @Override
  public synchronized Map<TopicPartition, Long> readOffsets() throws IOException {
    TableIdentifier id = IcebergTables.identifier(spec);
    if (!catalog.tableExists(id)) {
      return Map.of();
    }
    CommittedOffsets read;
    try {
      Table table = catalog.loadTable(id);
      read = IcebergCommitter.readOffsets(table, load);
    } catch (RuntimeException e) {
      throw new IOException("reading the positions of " + load + " from " + id + ": " + e, e);
    }
    if (read.historyTruncated()) {
      // F10: the snapshots that held them expired: fail closed rather than start over
      throw new IOException(
          "the positions of "
              + load
              + " are no longer in the history of "
              + id
              + " (the snapshots that held them expired); expire snapshots less eagerly, or"
              + " set source.kafka.startingOffsets and a new table");
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    read.offsets()
        .forEach(
            (topic, partitions) ->
                partitions.forEach(
                    (partition, next) ->
                        positions.put(new TopicPartition(topic, partition), next)));
    return positions;
  }

  @Override
  public long commit(TopicPartition tp, long start, long next, ResultSet rows, RefusedRows refused)
      throws IOException {
    IcebergChunk chunk = new IcebergChunk(tp.topic(), tp.partition(), start, next, null);
    try {
      IcebergCommitter committer = committers.get();
      if (rows == null) {
        if (committer == null) {
          synchronized (catalogLock) {
            TableIdentifier id = IcebergTables.identifier(spec);
            if (!catalog.tableExists(id)) {
              return 0; // nothing to hold the position yet (see the class comment)
            }
            committer =
                new IcebergCommitter(catalog.loadTable(id), load, runId, spec.writeModeOrDefault());
          }
          committers.set(committer);
        }
        try (IcebergCommitter.Batch batch = committer.newBatch()) {
          batch.add(chunk, null);
          synchronized (catalogLock) {
            batch.commit();
          }
        }
        return 0;
      }
      committer = committer(DuckDbColumn.of(rows.getMetaData()));
      // the data files are written in parallel; the commits one at a time, so the load's own
      // writers never race each other in the catalog (a JDBC catalog on SQLite refuses that)
      long records;
      try (IcebergCommitter.Batch batch = committer.newBatch()) {
        batch.add(chunk, rows);
        synchronized (catalogLock) {
          records = batch.commit().records();
        }
      }
      io.kafkaload.worker.sink.CrashPoints.reached("after-commit");
      return records;
    } catch (SQLException e) {
      throw new IOException(
          "writing " + tp + " to " + IcebergTables.identifier(spec) + ": " + e, e);
    } catch (IcebergFencedException | IcebergCommitException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Commits the chunk's rows with data files DuckDB writes ({@link DuckDbDataFiles}) when the table
   * allows, else through Iceberg's generic writer ({@link #commit}).
   */
  @Override
  public long commitRows(TopicPartition tp, long start, long next, Rows rows, RefusedRows refused)
      throws IOException, SQLException {
    List<DuckDbColumn> columns;
    try (PreparedStatement ps = rows.db().prepareStatement(rows.query())) {
      columns = DuckDbColumn.of(ps.getMetaData());
    }
    IcebergChunk chunk = new IcebergChunk(tp.topic(), tp.partition(), start, next, null);
    try {
      IcebergCommitter committer = committer(columns);
      Table table = committer.table();
      IcebergTables.checkCanTake(table, columns);
      String why = DuckDbDataFiles.whyNot(table, columns);
      if (why != null) {
        if (!toldGeneric) {
          toldGeneric = true;
          LOG.info(
              "Iceberg table {}: data files through Iceberg's generic Parquet writer (slower), as"
                  + " {}",
              table.name(),
              why);
        }
        return TableTarget.super.commitRows(tp, start, next, rows, refused);
      }
      long records;
      try (IcebergCommitter.Batch batch = committer.newBatch()) {
        List<DataFile> files =
            DuckDbDataFiles.of(table, columns)
                .write(rows.db(), rows.query(), rows.scratch(), batch.commitId());
        if (files == null) {
          LOG.info(
              "Iceberg table {}: the partition values of {} [{}, {}) are written by Iceberg's"
                  + " generic writer",
              table.name(),
              tp,
              start,
              next);
          batch.abort();
          return TableTarget.super.commitRows(tp, start, next, rows, refused);
        }
        batch.addFiles(chunk, files);
        synchronized (catalogLock) {
          records = batch.commit().records();
        }
      }
      io.kafkaload.worker.sink.CrashPoints.reached("after-commit");
      return records;
    } catch (IcebergFencedException | IcebergCommitException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** This writer thread's committer; the first call of the load creates or checks the table. */
  private IcebergCommitter committer(List<DuckDbColumn> columns) {
    IcebergCommitter committer = committers.get();
    if (committer == null) {
      synchronized (catalogLock) { // the first creates the table, the others load it
        Table table = IcebergTables.prepare(catalog, spec, columns);
        committer = new IcebergCommitter(table, load, runId, spec.writeModeOrDefault());
      }
      committers.set(committer);
    }
    return committer;
  }

  @Override
  public synchronized void close() throws IOException {
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IOException("closing the Iceberg catalog: " + e.getMessage(), e);
      }
    }
  }
}
