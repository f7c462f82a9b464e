package io.kafkaload.worker.output.iceberg;

import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * The table's operations with one check added to every catalog commit: the metadata the new
 * snapshot is based on must still have, as its newest snapshot carrying this load's offsets, the
 * one the committer read. Iceberg retries a conflicting commit by itself, re-applying the same
 * summary on top of the newer metadata; this check makes such a retry fail instead when another
 * writer of this load committed in between, so the committer re-reads the offsets (fencing) and
 * merges the summary again. The catalog's commit is a compare-and-swap on the base metadata, so the
 * check cannot race.
 */
final class GuardedOperations implements TableOperations {

  /** The newest offsets snapshot changed since it was read. */
  static final class OffsetsMoved extends RuntimeException {
    OffsetsMoved(Long expected, Long actual) {
      super("offsets snapshot moved from " + expected + " to " + actual, null, false, false);
    }
  }

  private final TableOperations delegate;
  private final String offsetsProperty;
  private volatile boolean guarding;
  private volatile Long expected;
  private volatile Consumer<TableMetadata> beforeCommit;
  private volatile Consumer<TableMetadata> afterCommit;

  GuardedOperations(TableOperations delegate, String offsetsProperty) {
    this.delegate = delegate;
    this.offsetsProperty = offsetsProperty;
  }

  void expect(Long offsetsSnapshotId) {
    this.expected = offsetsSnapshotId;
    this.guarding = true;
  }

  void release() {
    this.guarding = false;
  }

  void beforeCommit(Consumer<TableMetadata> hook) {
    this.beforeCommit = hook;
  }

  void afterCommit(Consumer<TableMetadata> hook) {
    this.afterCommit = hook;
  }

  /** The newest snapshot of {@code metadata}'s main history carrying {@code property}, or null. */
  static Long newestCarrying(TableMetadata metadata, String property) {
    Snapshot snapshot = metadata.currentSnapshot();
    while (snapshot != null) {
      if (snapshot.summary() != null && snapshot.summary().containsKey(property)) {
        return snapshot.snapshotId();
      }
      snapshot = snapshot.parentId() == null ? null : metadata.snapshot(snapshot.parentId());
    }
    return null;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (guarding) {
      Long actual = base == null ? null : newestCarrying(base, offsetsProperty);
      if (!Objects.equals(actual, expected)) {
        throw new OffsetsMoved(expected, actual);
      }
    }
    Consumer<TableMetadata> hook = beforeCommit;
    if (hook != null) {
      hook.accept(base);
    }
    delegate.commit(base, metadata);
    Consumer<TableMetadata> after = afterCommit;
    if (after != null) {
      after.accept(metadata);
    }
  }

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}
