package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.LoadSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol of the Iceberg output: registers a batch's {@link StagedFiles} and the load's
 * offsets in ONE snapshot, or nothing. Readable without the file writing ({@link BatchWriter}): it
 * takes closed data files and their offset ranges, and never sees a row.
 *
 * <p>Each attempt refreshes the table and reads the load's offsets from the newest snapshot
 * carrying them ({@link IcebergCommitter#readOffsets(Table, String)}). Fencing: a partition whose
 * committed offset is past a range's start was committed by another writer: {@link
 * IcebergFencedException}, the files deleted. The summary merges this commit's next offsets over
 * the previous ones (Overwrite on a new run: replaces the table's content and starts the offsets
 * afresh). {@link GuardedOperations} refuses, at the catalog commit, an Iceberg retry that would
 * apply this summary over another commit of the load (re-read, re-checked, merged again); other
 * conflicts are retried with a backoff. An unknown outcome ({@link CommitStateUnknownException}, a
 * JDBC catalog's database error) is settled by looking for the commit id in the history before
 * trying again; files of a commit known not to have happened are deleted, those of an unsettled one
 * kept.
 */
final class SnapshotCommit {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCommit.class);

  private final Table table;
  private final GuardedOperations ops;
  private final String load;
  private final String runId;
  private final LoadSpec.WriteMode mode;
  private int maxAttempts = 10;
  private long backoffMillis = 100;

  /** {@code table} must commit through {@code ops}. */
  SnapshotCommit(
      Table table, GuardedOperations ops, String load, String runId, LoadSpec.WriteMode mode) {
    this.table = table;
    this.ops = ops;
    this.load = load;
    this.runId = runId;
    this.mode = mode;
  }

  /** How many attempts a commit gets (conflicts, unknown outcomes) before it gives up. */
  void retries(int maxAttempts, long backoffMillis) {
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
  }

  /**
   * Commits {@code staged} (see the class comment).
   *
   * @throws IcebergFencedException another writer committed past a range's start
   * @throws IcebergCommitException the commit did not happen (or, see {@link
   *     IcebergCommitException#mayHaveCommitted()}, could not be settled)
   */
  IcebergCommitter.CommitResult commit(StagedFiles staged) {
    String commitId = staged.commitId();
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
                "commit {} of load {} did happen (snapshot {})", commitId, load, ours.snapshotId());
            return result(staged, ours);
          }
        }
      } catch (RuntimeException e) {
        last = e;
        pause(attempt);
        continue;
      }
      CommittedOffsets previous = IcebergCommitter.readOffsets(table, load);
      boolean replace = mode == LoadSpec.WriteMode.Overwrite && !runId.equals(previous.runId());
      Map<String, Map<Integer, Long>> base = replace ? Map.of() : previous.offsets();
      IcebergFencedException fenced = fence(staged, base);
      if (fenced != null) {
        deleteFiles(staged.files());
        throw fenced;
      }
      SnapshotUpdate<?> update =
          prepare(staged, base, replace ? null : previous.watermark(), replace);
      ops.expect(previous.snapshotId());
      try {
        update.commit();
        Snapshot ours = findCommit(commitId, startSnapshot);
        if (ours == null) {
          throw new IllegalStateException(
              "commit " + commitId + " succeeded but is not in the history");
        }
        return result(staged, ours);
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
          deleteFiles(staged.files());
        }
        throw new IcebergCommitException(
            "commit of load " + load + " to " + table.name() + " failed: " + e.getMessage(),
            e,
            unknown);
      } finally {
        ops.release();
      }
    }
    return gaveUp(staged, startSnapshot, unknown, last);
  }

  /**
   * After the last attempt: a commit whose outcome was unknown may still have happened (then its
   * result); else its files are deleted and the commit fails.
   */
  private IcebergCommitter.CommitResult gaveUp(
      StagedFiles staged, Long startSnapshot, boolean unknown, RuntimeException last) {
    if (unknown) {
      try {
        table.refresh();
        Snapshot ours = findCommit(staged.commitId(), startSnapshot);
        if (ours != null) {
          return result(staged, ours);
        }
      } catch (RuntimeException e) {
        throw new IcebergCommitException(
            "commit "
                + staged.commitId()
                + " of load "
                + load
                + ": outcome unknown and the table's"
                + " history is not readable; files kept, re-read the offsets before writing",
            e,
            true);
      }
    }
    deleteFiles(staged.files());
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

  private IcebergFencedException fence(
      StagedFiles staged, Map<String, Map<Integer, Long>> committed) {
    for (Map.Entry<String, Map<Integer, long[]>> t : staged.ranges().entrySet()) {
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
      StagedFiles staged,
      Map<String, Map<Integer, Long>> base,
      Instant previousWatermark,
      boolean replace) {
    Map<String, Map<Integer, Long>> merged = new TreeMap<>();
    base.forEach((t, p) -> merged.put(t, new TreeMap<>(p)));
    staged
        .ranges()
        .forEach(
            (t, p) -> {
              Map<Integer, Long> parts = merged.computeIfAbsent(t, x -> new TreeMap<>());
              p.forEach((k, v) -> parts.put(k, v[1]));
            });
    Instant watermark = previousWatermark;
    Instant maxTimestamp = staged.maxTimestamp();
    if (maxTimestamp != null && (watermark == null || maxTimestamp.isAfter(watermark))) {
      watermark = maxTimestamp;
    }
    Map<String, String> summary = new HashMap<>();
    summary.put(IcebergCommitter.COMMIT_ID, staged.commitId());
    summary.put(IcebergCommitter.offsetsProperty(load), OffsetsJson.write(merged));
    summary.put(IcebergCommitter.rangesProperty(load), OffsetsJson.ranges(staged.ranges()));
    summary.put(IcebergCommitter.runProperty(load), runId);
    if (watermark != null) {
      summary.put(IcebergCommitter.watermarkProperty(load), watermark.toString());
    }
    SnapshotUpdate<?> update;
    if (replace) {
      var overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
      staged.files().forEach(overwrite::addFile);
      update = overwrite;
    } else {
      var append = table.newAppend();
      staged.files().forEach(append::appendFile);
      update = append;
    }
    summary.forEach(update::set);
    return update;
  }

  private IcebergCommitter.CommitResult result(StagedFiles staged, Snapshot snapshot) {
    return new IcebergCommitter.CommitResult(
        snapshot.snapshotId(),
        staged.commitId(),
        staged.files(),
        staged.records(),
        IcebergCommitter.fromSummary(snapshot, load),
        "overwrite".equals(snapshot.operation()));
  }

  /** The snapshot with {@code commitId} among the ancestors newer than {@code since}, or null. */
  private Snapshot findCommit(String commitId, Long since) {
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null && (since == null || snapshot.snapshotId() != since)) {
      if (commitId.equals(snapshot.summary().get(IcebergCommitter.COMMIT_ID))) {
        return snapshot;
      }
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return null;
  }

  /** Deletes data files that are not (and will not be) in the table; failures are logged. */
  void deleteFiles(List<DataFile> files) {
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
}
