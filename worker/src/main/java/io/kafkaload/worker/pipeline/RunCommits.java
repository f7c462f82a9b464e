package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.offsets.OffsetStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How a bounded run commits its positions: what is durable as it goes, or, when the sink replaces
 * or merges files once the run is written (Overwrite, coalesce), all at the end, so a crash leaves
 * the earlier files and positions as they were. Shared by {@link BatchRun} and {@link FilesRun}.
 */
final class RunCommits {
  private final OffsetStore store;
  private final ChunkLedger ledger;
  private final boolean atEnd;
  private final Map<TopicPartition, Long> durable = new HashMap<>();
  private final Map<TopicPartition, Long> committed;

  /** Commits for a run whose partitions start at {@code start}. */
  RunCommits(OffsetStore store, ChunkLedger ledger, Map<TopicPartition, Long> start) {
    this.store = store;
    this.ledger = ledger;
    this.atEnd = ledger.commitsAtEnd();
    this.committed = new HashMap<>(start);
  }

  /** Commits (or keeps for the end) the chunks completed so far. */
  void completed() throws IOException {
    Map<TopicPartition, Long> done = ledger.completed();
    if (atEnd) {
      durable.putAll(done);
    } else {
      commit(done);
    }
  }

  /** Waits for every chunk, ends the run's output, commits; returns the committed positions. */
  Map<TopicPartition, Long> finish() throws IOException {
    Map<TopicPartition, Long> done = ledger.awaitAll();
    if (atEnd) {
      durable.putAll(done);
      ledger.finishRun();
      commit(durable);
    } else {
      commit(done);
    }
    return committed;
  }

  /** Commits {@code positions} to the store and tells the ledger. */
  void commit(Map<TopicPartition, Long> positions) {
    if (!positions.isEmpty()) {
      store.commit(positions);
      ledger.committed(positions);
      committed.putAll(positions);
    }
  }
}
