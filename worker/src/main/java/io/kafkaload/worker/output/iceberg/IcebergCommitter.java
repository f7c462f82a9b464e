package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chunks of rows into an Iceberg table and commits their data files together with the load's
 * Kafka offsets in ONE snapshot: exactly-once.
 *
 * <h2>What a snapshot carries</h2>
 *
 * Every commit of load {@code L} sets these snapshot summary properties:
 *
 * <ul>
 *   <li>{@code kafkaload.L.offsets}: {@code {"topic":{"0":next,...}}}, the next offset of every
 *       partition this load committed so far (this commit's merged over the previous one's);
 *   <li>{@code kafkaload.L.watermark}: the newest record timestamp committed (ISO-8601), never
 *       moving back;
 *   <li>{@code kafkaload.L.run}: the run that committed; {@code kafkaload.L.ranges}: this commit's
 *       offset ranges {@code {"topic":{"0":[start,next]}}};
 *   <li>{@code kafkaload.commit-id}: a unique id, also in the data files' names.
 * </ul>
 *
 * {@link #readOffsets()} walks the main branch from the current snapshot back to the newest
 * snapshot carrying {@code kafkaload.L.offsets}; the worker reads it before any other offset store.
 *
 * <h2>How a commit stays exactly-once</h2>
 *
 * Before each attempt the committer refreshes the table and reads the offsets: when a partition's
 * committed offset is past the start of a chunk, another writer committed those records and the
 * commit is refused ({@link IcebergFencedException}, data files deleted). Iceberg's own retry of a
 * conflicting commit re-applies the same summary on newer metadata; a check at the catalog commit
 * ({@link GuardedOperations}) fails such a retry when another commit of this load came in between,
 * so the committer re-reads, re-checks and merges again: a data file is never registered twice and
 * no other writer's offsets are overwritten. Conflicts with writers of other loads or other
 * programs are simply retried. When a commit's outcome is unknown ({@link
 * CommitStateUnknownException}), the committer looks for its commit id in the history before trying
 * again. Data files of a commit that did not happen are deleted.
 *
 * <h2>Write modes</h2>
 *
 * {@code Append} adds files. {@code Overwrite}: a run's first commit (when the newest snapshot
 * carrying this load's offsets was not committed by this {@code runId}) replaces the whole table
 * content in one snapshot ({@code overwrite} of everything, plus this commit's files), and its
 * offsets start afresh (previous runs' offsets are dropped from the summary and not fenced
 * against); the run's later commits append. A restarted worker of the same run (same {@code runId})
 * therefore appends and continues from the table's offsets, and replicas of one run replace the
 * table once between them. Readers see the old content until the run's first commit, then the new
 * content growing.
 *
 * <h2>Batching</h2>
 *
 * {@link #newBatch()} collects several chunks (of any partitions) into the same open data files
 * (one per table partition, rolled at {@code write.target-file-size-bytes}) and commits them in one
 * snapshot: bigger files and fewer snapshots against freshness. The engine calls {@link
 * Batch#commit()} when {@code flush.intervalSeconds} passed or {@code flush.maxRecords}/{@code
 * maxBytes} is reached.
 *
 * <h2>Writer and committer</h2>
 *
 * A {@link Batch} is the two halves joined by a value: its {@link BatchWriter} writes the chunks'
 * data files and hands them over, closed, as {@link StagedFiles} (files, offset ranges, rows,
 * newest timestamp); {@link SnapshotCommit} is the commit protocol above (fencing, the summary,
 * retries, settling an unknown outcome) and never sees a row. This class holds what both share: the
 * table with the commit check installed, and the summary's property names.
 *
 * <p>Not thread-safe: one committer per worker and table, used by one thread.
 */
public final class IcebergCommitter {

  /** The summary property with a commit's unique id. */
  public static final String COMMIT_ID = "kafkaload.commit-id";

  private static final Logger LOG = LoggerFactory.getLogger(IcebergCommitter.class);
  private static final Pattern LOAD_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final Table table;
  private final GuardedOperations ops;
  private final String load;
  private final SnapshotCommit commits;

  /**
   * @param table the sink's table as loaded from the catalog ({@link IcebergTables#prepare})
   * @param load the load's name (letters, digits, '.', '_', '-'), part of the summary properties
   * @param runId this run's id (stable across restarts of the same run, e.g. the Job's name)
   * @param mode {@code Append} or {@code Overwrite}
   */
  public IcebergCommitter(Table table, String load, String runId, LoadSpec.WriteMode mode) {
    if (load == null || !LOAD_NAME.matcher(load).matches()) {
      throw new IllegalArgumentException("load name '" + load + "' is not [A-Za-z0-9._-]+");
    }
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("runId is required");
    }
    LoadSpec.WriteMode m = mode == null ? LoadSpec.WriteMode.Append : mode;
    if (m != LoadSpec.WriteMode.Append && m != LoadSpec.WriteMode.Overwrite) {
      throw new ConfigException(
          "sink.iceberg.writeMode " + m + " is not supported; use Append or Overwrite");
    }
    if (!(table instanceof HasTableOperations withOps)) {
      throw new IllegalArgumentException("table " + table.name() + " exposes no operations");
    }
    this.ops = new GuardedOperations(withOps.operations(), offsetsProperty(load));
    this.table = new BaseTable(ops, table.name());
    this.load = load;
    this.commits = new SnapshotCommit(this.table, ops, load, runId, m);
  }

  /** {@code kafkaload.<load>.offsets}. */
  public static String offsetsProperty(String load) {
    return "kafkaload." + load + ".offsets";
  }

  /** {@code kafkaload.<load>.watermark}. */
  public static String watermarkProperty(String load) {
    return "kafkaload." + load + ".watermark";
  }

  /** {@code kafkaload.<load>.run}. */
  public static String runProperty(String load) {
    return "kafkaload." + load + ".run";
  }

  /** {@code kafkaload.<load>.ranges}. */
  public static String rangesProperty(String load) {
    return "kafkaload." + load + ".ranges";
  }

  /** The table this committer writes (with the commit check installed). */
  public Table table() {
    return table;
  }

  /** This load's offsets as the table records them now (refreshes the table). */
  public CommittedOffsets readOffsets() {
    table.refresh();
    return readOffsets(table, load);
  }

  /**
   * The offsets of {@code load} recorded in {@code table} as it is loaded (no refresh): from the
   * newest snapshot of the main branch carrying them.
   */
  public static CommittedOffsets readOffsets(Table table, String load) {
    String key = offsetsProperty(load);
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null) {
      Map<String, String> summary = snapshot.summary();
      if (summary != null && summary.containsKey(key)) {
        return fromSummary(snapshot, load);
      }
      Long parent = snapshot.parentId();
      if (parent == null) {
        return CommittedOffsets.none(false);
      }
      snapshot = table.snapshot(parent);
      if (snapshot == null) {
        return CommittedOffsets.none(true);
      }
    }
    return CommittedOffsets.none(false);
  }

  /** The load's offsets, watermark and run as {@code snapshot}'s summary records them. */
  static CommittedOffsets fromSummary(Snapshot snapshot, String load) {
    Map<String, String> summary = snapshot.summary();
    String watermark = summary.get(watermarkProperty(load));
    Instant at = null;
    if (watermark != null && !watermark.isEmpty()) {
      try {
        at = Instant.parse(watermark);
      } catch (DateTimeParseException e) {
        LOG.warn("snapshot {} has an unreadable watermark; ignored", snapshot.snapshotId());
      }
    }
    return new CommittedOffsets(
        OffsetsJson.read(summary.get(offsetsProperty(load)), offsetsProperty(load)),
        at,
        summary.get(runProperty(load)),
        snapshot.snapshotId(),
        false);
  }

  /** A new, empty batch. */
  public Batch newBatch() {
    return new Batch();
  }

  /** Writes and commits one chunk in its own snapshot ({@code newBatch(), add, commit}). */
  public CommitResult commit(IcebergChunk chunk, ResultSet rows) throws SQLException {
    try (Batch batch = newBatch()) {
      batch.add(chunk, rows);
      return batch.commit();
    }
  }

  /** How many attempts a commit gets (conflicts, unknown outcomes) before it gives up. */
  void retries(int maxAttempts, long backoffMillis) {
    commits.retries(maxAttempts, backoffMillis);
  }

  /** Test hook: runs before each catalog commit with the base metadata. */
  void beforeCatalogCommit(java.util.function.Consumer<org.apache.iceberg.TableMetadata> hook) {
    ops.beforeCommit(hook);
  }

  /** Test hook: runs after each successful catalog commit with the new metadata. */
  void afterCatalogCommit(java.util.function.Consumer<org.apache.iceberg.TableMetadata> hook) {
    ops.afterCommit(hook);
  }

  /**
   * What a commit did.
   *
   * @param snapshotId the snapshot holding this commit's files and offsets
   * @param commitId the commit's id ({@value #COMMIT_ID})
   * @param dataFiles the data files registered
   * @param records rows written
   * @param offsets the load's offsets after the commit
   * @param replaced true when this commit replaced the table's content (Overwrite)
   */
  public record CommitResult(
      long snapshotId,
      String commitId,
      List<DataFile> dataFiles,
      long records,
      CommittedOffsets offsets,
      boolean replaced) {}

  /**
   * Chunks written into open data files, committed together in one snapshot. Rows go to disk in
   * {@link #add}; nothing is visible before {@link #commit}. A failed {@link #add} or {@link
   * #commit}, {@link #abort} and {@link #close} without commit delete the batch's files; the batch
   * cannot be used afterwards. The writing is its {@link BatchWriter}'s, the commit {@link
   * SnapshotCommit}'s; the batch only keeps them in order.
   */
  public final class Batch implements AutoCloseable {
    private final String commitId = UUID.randomUUID().toString();
    private final BatchWriter data = new BatchWriter(table, commitId);
    private boolean done;

    private Batch() {}

    /**
     * Writes {@code rows} (all of them, from the current position) as the rows of {@code chunk}.
     * Chunks of one partition must follow each other ({@code startOffset} = the previous chunk's
     * {@code nextOffset}).
     *
     * @throws SQLException reading the rows (the batch is aborted)
     * @throws IllegalArgumentException a value that does not fit its column (the batch is aborted)
     */
    public void add(IcebergChunk chunk, ResultSet rows) throws SQLException {
      checkOpen();
      data.checkFollows(chunk);
      boolean ok = false;
      try {
        data.add(chunk, rows);
        ok = true;
      } finally {
        if (!ok) {
          abort();
        }
      }
    }

    /**
     * Adds data files already written for the rows of {@code chunk} (by {@link DuckDbDataFiles}, in
     * the table's current spec); they are committed, or deleted, with the batch's own.
     */
    public void addFiles(IcebergChunk chunk, List<DataFile> written) {
      checkOpen();
      data.addFiles(chunk, written);
    }

    /**
     * Takes over everything {@code other} holds (its data files, closed now, its chunks' ranges,
     * rows and watermark) to commit them with this batch's; {@code other} is done. Chunks of one
     * partition must come in offset order, as for {@link #add}.
     */
    public void absorb(Batch other) {
      checkOpen();
      other.checkOpen();
      other.done = true;
      data.absorb(other.data);
    }

    /**
     * Closes the batch's open data files (their rows are on disk); they are committed or absorbed
     * later.
     */
    public void closeFiles() {
      checkOpen();
      data.closeFiles();
    }

    /** Rows written so far. */
    public long records() {
      return data.records();
    }

    /** Chunks added so far. */
    public int chunks() {
      return data.chunks();
    }

    /** This batch's commit id ({@value #COMMIT_ID}). */
    public String commitId() {
      return commitId;
    }

    /**
     * Commits the batch's files and offsets in one snapshot (see the class comment for fencing,
     * retries and write modes).
     *
     * @throws IcebergFencedException another writer committed past a chunk's start
     * @throws IcebergCommitException the commit did not happen (or, see {@link
     *     IcebergCommitException#mayHaveCommitted()}, could not be settled)
     */
    public CommitResult commit() {
      checkOpen();
      if (data.chunks() == 0) {
        throw new IllegalStateException("empty batch: add at least one chunk");
      }
      done = true;
      return commits.commit(data.staged());
    }

    /** Deletes the batch's files; the batch is done. */
    public void abort() {
      done = true;
      List<DataFile> written = null;
      try {
        written = data.close();
      } catch (RuntimeException e) {
        LOG.warn("closing an aborted batch's writer failed: {}", e.toString());
      }
      commits.deleteFiles(written);
    }

    @Override
    public void close() {
      if (!done) {
        abort();
      }
    }

    private void checkOpen() {
      if (done) {
        throw new IllegalStateException("batch " + commitId + " is already committed or aborted");
      }
    }
  }
}
