package io.kafkaload.worker.output.iceberg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Grouped commits of the Iceberg output ({@link IcebergTarget}). A writer thread stages its chunk
 * (data files written and closed, nothing committed) and returns; a committer thread commits the
 * staged chunks together in ONE snapshot as soon as no writer is producing a chunk (the engine says
 * so through producing()), or when the oldest has waited maxWait. So the chunks a flush seals
 * together (one per partition) make one snapshot, not one each. A chunk's future
 * (takePendingCommit) completes after the commit, and only then does the engine count the chunk as
 * done. Writers never wait for the committer while they are producing, so the committer never waits
 * for a writer that waits for it.
 */
final class GroupCommits {

  private static final long GRACE_MILLIS = 50;

  private record Staged(IcebergCommitter.Batch batch, CompletableFuture<Void> done, long since) {}

  private final Object catalogLock;
  private final Supplier<IcebergCommitter> opener;
  private final long maxWaitNanos;
  private final Object groupLock = new Object();
  private final List<Staged> staged = new ArrayList<>(); // guarded by groupLock
  private int producing; // guarded by groupLock
  private boolean closing; // guarded by groupLock
  private Thread groupCommitter; // guarded by groupLock
  private IcebergCommitter groupCommitterState; // the committer thread's own
  private final ThreadLocal<CompletableFuture<Void>> pending = new ThreadLocal<>();

  /**
   * @param catalogLock held for every catalog access (see {@link IcebergTarget})
   * @param opener the committer thread's own committer, opened (under the lock) at its first group
   * @param maxWaitNanos how long a staged chunk may wait for the writers still producing
   */
  GroupCommits(Object catalogLock, Supplier<IcebergCommitter> opener, long maxWaitNanos) {
    this.catalogLock = catalogLock;
    this.opener = opener;
    this.maxWaitNanos = maxWaitNanos;
  }

  /** See {@link io.kafkaload.worker.output.table.TableTarget#producing}. */
  void producing(int delta) {
    synchronized (groupLock) {
      producing += delta;
      groupLock.notifyAll();
    }
  }

  /** See {@link io.kafkaload.worker.output.table.TableTarget#takePendingCommit}. */
  CompletableFuture<Void> takePendingCommit() {
    CompletableFuture<Void> done = pending.get();
    pending.remove();
    return done;
  }

  /** Hands a written batch to the committer thread; returns its rows. */
  long stage(IcebergCommitter.Batch batch) throws IOException {
    long records = batch.records();
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      batch.closeFiles();
    } catch (RuntimeException e) {
      batch.abort();
      throw new IOException("closing the data files of a chunk: " + e.getMessage(), e);
    }
    synchronized (groupLock) {
      if (closing) {
        batch.abort();
        throw new IOException("the Iceberg sink is closed");
      }
      staged.add(new Staged(batch, done, System.nanoTime()));
      if (groupCommitter == null) {
        groupCommitter = new Thread(this::commitLoop, "kafkaload-iceberg-committer");
        groupCommitter.setDaemon(true);
        groupCommitter.start();
      }
      groupLock.notifyAll();
    }
    pending.set(done);
    return records;
  }

  private void commitLoop() {
    while (true) {
      List<Staged> group;
      synchronized (groupLock) {
        while (true) {
          if (staged.isEmpty()) {
            if (closing) {
              return;
            }
            waitQuietly(0);
            continue;
          }
          long waited = System.nanoTime() - staged.get(0).since();
          if (closing || waited >= maxWaitNanos) {
            break;
          }
          if (producing <= 0) {
            // a writer that just handed a chunk over takes the next sealed one at once: give it
            // a moment to say so before committing without it
            waitQuietly(GRACE_MILLIS);
            if (producing <= 0) {
              break;
            }
            continue;
          }
          waitQuietly(Math.max(1, (maxWaitNanos - waited) / 1_000_000));
        }
        group = new ArrayList<>(staged);
        staged.clear();
      }
      commitGroup(group);
    }
  }

  private void waitQuietly(long millis) {
    try {
      groupLock.wait(millis);
    } catch (InterruptedException e) {
      closing = true; // the worker stops: commit what is staged, then end
    }
  }

  private void commitGroup(List<Staged> group) {
    IcebergCommitter.Batch merged = null;
    try {
      if (groupCommitterState == null) {
        synchronized (catalogLock) {
          groupCommitterState = opener.get();
        }
      }
      merged = groupCommitterState.newBatch();
      for (Staged s : group) {
        merged.absorb(s.batch());
      }
      synchronized (catalogLock) {
        merged.commit();
      }
    } catch (RuntimeException | Error e) {
      if (merged != null) {
        merged.abort();
      }
      IOException failure = new IOException(e.getMessage(), e);
      for (Staged s : group) {
        s.batch().close(); // deletes the files of a batch not absorbed
        s.done().completeExceptionally(failure);
      }
      return;
    }
    for (Staged s : group) {
      io.kafkaload.worker.chunk.CrashPoints.reached("after-commit");
      s.done().complete(null);
    }
  }

  /** Commits what is staged, then ends the committer thread and waits for it. */
  void close() {
    Thread committer;
    synchronized (groupLock) {
      closing = true;
      committer = groupCommitter;
      groupLock.notifyAll();
    }
    if (committer != null) {
      try {
        committer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
