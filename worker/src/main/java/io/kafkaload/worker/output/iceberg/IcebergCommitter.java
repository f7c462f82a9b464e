package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.util.PropertyUtil;
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
  private final String runId;
  private final LoadSpec.WriteMode mode;
  private int maxAttempts = 10;
  private long backoffMillis = 100;

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
    this.runId = runId;
    this.mode = m;
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

  private static CommittedOffsets fromSummary(Snapshot snapshot, String load) {
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
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
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
   * cannot be used afterwards.
   */
  public final class Batch implements AutoCloseable {
    private final String commitId = UUID.randomUUID().toString();
    private final Map<String, Map<Integer, long[]>> ranges = new TreeMap<>();
    private final PartitionSpec spec = table.spec();
    private final PartitionKey key = new PartitionKey(spec, table.schema());
    private final InternalRecordWrapper wrapper =
        new InternalRecordWrapper(table.schema().asStruct());
    private FanoutDataWriter<Record> writer;
    private final List<DataFile> added = new ArrayList<>();
    private List<DataFile> files;
    private Instant maxTimestamp;
    private long records;
    private int chunks;
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
      checkFollows(chunk);
      boolean ok = false;
      try {
        if (rows != null) {
          IcebergTables.checkCanTake(table, DuckDbColumn.of(rows.getMetaData()));
          RowConverter converter = new RowConverter(table.schema(), rows.getMetaData());
          FanoutDataWriter<Record> out = writer();
          GenericRecord record = GenericRecord.create(table.schema());
          boolean partitioned = spec.isPartitioned();
          long n = 0;
          while (rows.next()) {
            converter.fill(rows, record);
            if (partitioned) {
              key.partition(wrapper.wrap(record));
              out.write(record, spec, key);
            } else {
              out.write(record, spec, null);
            }
            n++;
          }
          records += n;
        }
        added(chunk);
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
      checkFollows(chunk);
      added.addAll(written);
      for (DataFile file : written) {
        records += file.recordCount();
      }
      added(chunk);
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
      List<DataFile> written = other.closeWriter();
      for (Map.Entry<String, Map<Integer, long[]>> t : other.ranges.entrySet()) {
        for (Map.Entry<Integer, long[]> p : t.getValue().entrySet()) {
          long[] range = p.getValue();
          IcebergChunk chunk = new IcebergChunk(t.getKey(), p.getKey(), range[0], range[1], null);
          checkFollows(chunk);
          ranges
              .computeIfAbsent(chunk.topic(), x -> new TreeMap<>())
              .merge(
                  chunk.partition(),
                  new long[] {range[0], range[1]},
                  (a, b) -> new long[] {a[0], b[1]});
        }
      }
      added.addAll(written);
      records += other.records;
      chunks += other.chunks;
      if (other.maxTimestamp != null
          && (maxTimestamp == null || other.maxTimestamp.isAfter(maxTimestamp))) {
        maxTimestamp = other.maxTimestamp;
      }
    }

    private void checkFollows(IcebergChunk chunk) {
      Map<Integer, long[]> partitions = ranges.get(chunk.topic());
      long[] range = partitions == null ? null : partitions.get(chunk.partition());
      if (range != null && range[1] != chunk.startOffset()) {
        throw new IllegalArgumentException(
            "chunk "
                + chunk
                + " does not follow the batch's previous chunk of that partition (next offset "
                + range[1]
                + ")");
      }
    }

    private void added(IcebergChunk chunk) {
      ranges
          .computeIfAbsent(chunk.topic(), t -> new TreeMap<>())
          .merge(
              chunk.partition(),
              new long[] {chunk.startOffset(), chunk.nextOffset()},
              (a, b) -> new long[] {a[0], b[1]});
      if (chunk.maxTimestamp() != null
          && (maxTimestamp == null || chunk.maxTimestamp().isAfter(maxTimestamp))) {
        maxTimestamp = chunk.maxTimestamp();
      }
      chunks++;
    }

    /**
     * Closes the batch's open data files (their rows are on disk); they are committed or absorbed
     * later.
     */
    public void closeFiles() {
      checkOpen();
      if (writer != null) {
        List<DataFile> all = closeWriter();
        added.clear();
        added.addAll(all);
      }
    }

    /** Rows written so far. */
    public long records() {
      return records;
    }

    /** Chunks added so far. */
    public int chunks() {
      return chunks;
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
      if (chunks == 0) {
        throw new IllegalStateException("empty batch: add at least one chunk");
      }
      done = true;
      try {
        files = closeWriter();
      } catch (RuntimeException e) {
        deleteFiles(files);
        throw e;
      }
      return commitFiles();
    }

    /** Deletes the batch's files; the batch is done. */
    public void abort() {
      done = true;
      List<DataFile> written = null;
      try {
        written = closeWriter();
      } catch (RuntimeException e) {
        LOG.warn("closing an aborted batch's writer failed: {}", e.toString());
      }
      deleteFiles(written);
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

    private FanoutDataWriter<Record> writer() {
      if (writer == null) {
        OutputFileFactory names =
            OutputFileFactory.builderFor(table, 0, 0)
                .format(FileFormat.PARQUET)
                .operationId("kafkaload-" + commitId)
                .build();
        long target =
            PropertyUtil.propertyAsLong(
                table.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        writer = new FanoutDataWriter<>(new ParquetRecordWriters(table), names, table.io(), target);
      }
      return writer;
    }

    private List<DataFile> closeWriter() {
      if (writer == null) {
        return List.copyOf(added);
      }
      FanoutDataWriter<Record> w = writer;
      writer = null;
      try {
        w.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      DataWriteResult result = w.result();
      List<DataFile> all = new ArrayList<>(added);
      all.addAll(result.dataFiles());
      return List.copyOf(all);
    }

    private CommitResult commitFiles() {
      Long startSnapshot = null;
      boolean unknown = false;
      RuntimeException last = null;
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        try {
          table.refresh();
          if (attempt == 1) {
            Snapshot current = table.currentSnapshot();
            startSnapshot = current == null ? null : current.snapshotId();
          }
          if (unknown) {
            Snapshot ours = findCommit(commitId, startSnapshot);
            if (ours != null) {
              LOG.info(
                  "commit {} of load {} did happen (snapshot {})",
                  commitId,
                  load,
                  ours.snapshotId());
              return result(ours);
            }
          }
        } catch (RuntimeException e) {
          last = e;
          pause(attempt);
          continue;
        }
        CommittedOffsets previous = readOffsets(table, load);
        boolean replace = mode == LoadSpec.WriteMode.Overwrite && !runId.equals(previous.runId());
        Map<String, Map<Integer, Long>> base = replace ? Map.of() : previous.offsets();
        IcebergFencedException fenced = fence(base);
        if (fenced != null) {
          deleteFiles(files);
          throw fenced;
        }
        SnapshotUpdate<?> update = prepare(base, replace ? null : previous.watermark(), replace);
        ops.expect(previous.snapshotId());
        try {
          update.commit();
          Snapshot ours = findCommit(commitId, startSnapshot);
          if (ours == null) {
            throw new IllegalStateException(
                "commit " + commitId + " succeeded but is not in the history");
          }
          return result(ours);
        } catch (GuardedOperations.OffsetsMoved e) {
          last = e; // another commit of this load came in between: re-read and re-check
        } catch (CommitFailedException | ValidationException e) {
          last = e;
          pause(attempt);
        } catch (CommitStateUnknownException | UncheckedSQLException e) {
          // a JDBC catalog's database error (SQLITE_BUSY, a dropped connection) is settled like
          // an unknown outcome: the commit id is looked up in the history before trying again
          LOG.warn(
              "commit {} of load {}: outcome unknown ({}), checking the history",
              commitId,
              load,
              e.getMessage());
          unknown = true;
          last = e;
          pause(attempt);
        } catch (RuntimeException e) {
          if (!unknown) {
            deleteFiles(files);
          }
          throw new IcebergCommitException(
              "commit of load " + load + " to " + table.name() + " failed: " + e.getMessage(),
              e,
              unknown);
        } finally {
          ops.release();
        }
      }
      if (unknown) {
        try {
          table.refresh();
          Snapshot ours = findCommit(commitId, startSnapshot);
          if (ours != null) {
            return result(ours);
          }
        } catch (RuntimeException e) {
          throw new IcebergCommitException(
              "commit "
                  + commitId
                  + " of load "
                  + load
                  + ": outcome unknown and the table's"
                  + " history is not readable; files kept, re-read the offsets before writing",
              e,
              true);
        }
      }
      deleteFiles(files);
      throw new IcebergCommitException(
          "commit of load "
              + load
              + " to "
              + table.name()
              + " gave up after "
              + maxAttempts
              + " attempts: "
              + (last == null ? "" : last.getMessage()),
          last,
          false);
    }

    private IcebergFencedException fence(Map<String, Map<Integer, Long>> committed) {
      for (Map.Entry<String, Map<Integer, long[]>> t : ranges.entrySet()) {
        Map<Integer, Long> partitions = committed.get(t.getKey());
        if (partitions == null) {
          continue;
        }
        for (Map.Entry<Integer, long[]> p : t.getValue().entrySet()) {
          Long next = partitions.get(p.getKey());
          if (next != null && next > p.getValue()[0]) {
            return new IcebergFencedException(load, t.getKey(), p.getKey(), next, p.getValue()[0]);
          }
        }
      }
      return null;
    }

    private SnapshotUpdate<?> prepare(
        Map<String, Map<Integer, Long>> base, Instant previousWatermark, boolean replace) {
      Map<String, Map<Integer, Long>> merged = new TreeMap<>();
      base.forEach((t, p) -> merged.put(t, new TreeMap<>(p)));
      ranges.forEach(
          (t, p) -> {
            Map<Integer, Long> parts = merged.computeIfAbsent(t, x -> new TreeMap<>());
            p.forEach((k, v) -> parts.put(k, v[1]));
          });
      Instant watermark = previousWatermark;
      if (maxTimestamp != null && (watermark == null || maxTimestamp.isAfter(watermark))) {
        watermark = maxTimestamp;
      }
      Map<String, String> summary = new HashMap<>();
      summary.put(COMMIT_ID, commitId);
      summary.put(offsetsProperty(load), OffsetsJson.write(merged));
      summary.put(rangesProperty(load), OffsetsJson.ranges(ranges));
      summary.put(runProperty(load), runId);
      if (watermark != null) {
        summary.put(watermarkProperty(load), watermark.toString());
      }
      SnapshotUpdate<?> update;
      if (replace) {
        var overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
        files.forEach(overwrite::addFile);
        update = overwrite;
      } else {
        var append = table.newAppend();
        files.forEach(append::appendFile);
        update = append;
      }
      summary.forEach(update::set);
      return update;
    }

    private CommitResult result(Snapshot snapshot) {
      return new CommitResult(
          snapshot.snapshotId(),
          commitId,
          files,
          records,
          fromSummary(snapshot, load),
          "overwrite".equals(snapshot.operation()));
    }
  }

  /** The snapshot with {@code commitId} among the ancestors newer than {@code since}, or null. */
  private Snapshot findCommit(String commitId, Long since) {
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null && (since == null || snapshot.snapshotId() != since)) {
      if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
        return snapshot;
      }
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return null;
  }

  private void deleteFiles(List<DataFile> files) {
    if (files == null) {
      return;
    }
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        LOG.warn("could not delete uncommitted data file {}: {}", file.location(), e.toString());
      }
    }
  }

  private void pause(int attempt) {
    long millis = Math.min(5_000, backoffMillis << Math.min(attempt - 1, 6));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IcebergCommitException("interrupted while retrying a commit", e, false);
    }
  }

  @SuppressWarnings("unused")
  private static List<String> describe(List<DataFile> files) {
    List<String> out = new ArrayList<>();
    files.forEach(f -> out.add(f.location()));
    return out;
  }
}
