package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.output.table.TableTarget;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * before anything else. The table is created or checked with the columns of the first chunk's rows
 * (created again when DuckDB read that chunk again with wider types before anything was staged).
 * DuckDB writes the data files where it can write them as Iceberg does ({@link DuckDbDataFiles}),
 * Iceberg's generic writer the others ({@link #commit}); the chunks staged together are committed
 * in one snapshot ({@link GroupCommits}). A chunk with no row to write moves its position in a
 * snapshot of its own once the table exists (before that, the range is read again by the next run:
 * its records were all rejected or filtered, and the rejected topic may see them again).
 */
public final class IcebergTarget implements TableTarget {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergTarget.class);

  private final Catalog catalog;
  private final LoadSpec.IcebergSink spec;
  private final String load;
  private final String runId;
  // one committer (and table object) per writer thread: chunks of different partitions write
  // their data files in parallel into batches that the committer thread commits (see stage)
  private final ThreadLocal<IcebergCommitter> committers = new ThreadLocal<>();
  // every catalog access of the load (table loads and creation, refreshes, commits) holds this
  // lock: the data files are written in parallel, but the catalog sees one request at a time (a
  // JDBC catalog on SQLite fails a commit with SQLITE_BUSY while another connection reads)
  private final Object catalogLock = this;
  private volatile boolean toldGeneric;
  private final GroupCommits groups;

  public IcebergTarget(Catalog catalog, LoadSpec.IcebergSink spec, String load, String runId) {
    this(catalog, spec, load, runId, LoadSpec.Flush.DEFAULT_INTERVAL_SECONDS * 1000L);
  }

  /**
   * @param maxWaitMillis how long a staged chunk may wait for the writers still producing before it
   *     is committed without them ({@code flush.intervalSeconds})
   */
  public IcebergTarget(
      Catalog catalog, LoadSpec.IcebergSink spec, String load, String runId, long maxWaitMillis) {
    this.catalog = catalog;
    this.spec = spec;
    this.load = load;
    this.runId = runId;
    this.groups =
        new GroupCommits(
            catalogLock,
            () ->
                new IcebergCommitter(
                    catalog.loadTable(IcebergTables.identifier(spec)),
                    load,
                    runId,
                    spec.writeModeOrDefault()),
            Math.max(1, maxWaitMillis) * 1_000_000L);
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
            opened++;
          }
          committers.set(committer);
        }
        IcebergCommitter.Batch batch = committer.newBatch();
        batch.add(chunk, null);
        return stage(batch);
      }
      committer = committer(DuckDbColumn.of(rows.getMetaData()));
      // the data files are written in parallel; their commits are grouped (see stage)
      IcebergCommitter.Batch batch = committer.newBatch();
      batch.add(chunk, rows); // aborts the batch when it fails
      return stage(batch);
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
      try {
        IcebergTables.checkCanTake(table, columns);
      } catch (io.kafkaload.worker.config.ConfigException e) {
        committer = createdAgain(columns, e);
        table = committer.table();
      }
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
      IcebergCommitter.Batch batch = committer.newBatch();
      List<DataFile> files;
      try {
        files =
            DuckDbDataFiles.of(table, columns)
                .write(rows.db(), rows.query(), rows.scratch(), batch.commitId());
      } catch (IOException | SQLException | RuntimeException e) {
        batch.abort();
        throw e;
      }
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
      return stage(batch);
    } catch (IcebergFencedException | IcebergCommitException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  // ---- grouped commits (GroupCommits: staged chunks committed together in one snapshot) ----

  @Override
  public void producing(int delta) {
    groups.producing(delta);
  }

  @Override
  public CompletableFuture<Void> takePendingCommit() {
    return groups.takePendingCommit();
  }

  /** Hands a written batch to the committer thread; returns its rows. */
  private long stage(IcebergCommitter.Batch batch) throws IOException {
    stagedAny = true;
    return groups.stage(batch);
  }

  // whether this target created the table, and the committers opened on it (guarded by catalogLock)
  private boolean created;
  private int opened;
  private volatile boolean stagedAny;

  /**
   * The table created again for {@code columns}, when this target created it and nothing was staged
   * or committed into it yet, and this thread's is the only committer: DuckDB gave up a read of the
   * first chunk for wider types (an integer beyond BIGINT made a BIGINT column DECIMAL(38,0)), and
   * the table created for the first read's columns cannot take them. Else throws {@code
   * cannotTake}: the run fails naming the column.
   */
  private IcebergCommitter createdAgain(
      List<DuckDbColumn> columns, io.kafkaload.worker.config.ConfigException cannotTake) {
    synchronized (catalogLock) {
      IcebergCommitter committer = committers.get();
      if (!created
          || stagedAny
          || opened != 1
          || committer == null
          || committer.table().currentSnapshot() != null) {
        throw cannotTake;
      }
      catalog.dropTable(IcebergTables.identifier(spec), true);
      committers.remove();
      created = false;
      opened = 0;
    }
    return committer(columns);
  }

  /** This writer thread's committer; the first call of the load creates or checks the table. */
  private IcebergCommitter committer(List<DuckDbColumn> columns) {
    IcebergCommitter committer = committers.get();
    if (committer == null) {
      synchronized (catalogLock) { // the first creates the table, the others load it
        boolean existed = catalog.tableExists(IcebergTables.identifier(spec));
        Table table = IcebergTables.prepare(catalog, spec, columns);
        created |= !existed;
        opened++;
        committer = new IcebergCommitter(table, load, runId, spec.writeModeOrDefault());
      }
      committers.set(committer);
    }
    return committer;
  }

  @Override
  public void close() throws IOException {
    groups.close();
    closeCatalog();
  }

  private synchronized void closeCatalog() throws IOException {
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IOException("closing the Iceberg catalog: " + e.getMessage(), e);
      }
    }
  }
}
