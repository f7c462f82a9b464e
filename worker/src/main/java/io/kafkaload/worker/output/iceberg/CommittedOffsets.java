package io.kafkaload.worker.output.iceberg;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A load's positions as the Iceberg table records them: for each topic and partition the next
 * offset to read, from the newest snapshot (of the main branch's history) that carries this load's
 * offsets. {@code snapshotId} is that snapshot ({@code null} when none does); {@code runId} the run
 * that committed it; {@code watermark} the newest record timestamp committed (may be {@code null});
 * {@code historyTruncated} is true when the walk hit an expired snapshot before finding any: the
 * offsets are then unknown, not empty, and the caller should fail closed or use another store.
 */
public record CommittedOffsets(
    Map<String, Map<Integer, Long>> offsets,
    Instant watermark,
    String runId,
    Long snapshotId,
    boolean historyTruncated) {

  public CommittedOffsets {
    offsets = OffsetsJson.copy(offsets);
  }

  static CommittedOffsets none(boolean historyTruncated) {
    return new CommittedOffsets(Map.of(), null, null, null, historyTruncated);
  }

  /** The next offset of {@code topic}-{@code partition}, if the table holds one. */
  public OptionalLong next(String topic, int partition) {
    Map<Integer, Long> partitions = offsets.get(topic);
    Long next = partitions == null ? null : partitions.get(partition);
    return next == null ? OptionalLong.empty() : OptionalLong.of(next);
  }

  public boolean isEmpty() {
    return offsets.isEmpty();
  }
}
