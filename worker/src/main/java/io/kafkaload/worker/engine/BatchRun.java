package io.kafkaload.worker.engine;

import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.offsets.OffsetStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded run: snapshot the end offsets, read every partition from its stored position (earliest
 * when none) up to them, seal the last chunks, commit once the files are durable.
 */
final class BatchRun {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

  private final WorkerConfig config;
  private final Consumer<byte[], byte[]> consumer;
  private final OffsetStore store;
  private final ChunkLedger ledger;
  private final Pipeline pipeline;
  private final List<RunReport.PartitionRange> ranges = new ArrayList<>();
  private final List<RunReport.Gap> gaps = new ArrayList<>();

  BatchRun(
      WorkerConfig config,
      Consumer<byte[], byte[]> consumer,
      OffsetStore store,
      ChunkLedger ledger,
      Pipeline pipeline) {
    this.config = config;
    this.consumer = consumer;
    this.store = store;
    this.ledger = ledger;
    this.pipeline = pipeline;
  }

  /**
   * Runs to the end offsets. Throws on any failure; what was committed before it stays committed.
   */
  void run(List<TopicPartition> partitions) throws IOException {
    // assigned first: with read_committed the consumer resolves end offsets (the last stable
    // offsets) of assigned partitions only
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> stored = store.read(partitions);
    Map<TopicPartition, Long> start = new HashMap<>();
    for (TopicPartition tp : partitions) {
      start.put(tp, startPosition(tp, stored.get(tp), begin.get(tp), end.get(tp)));
    }
    ledger.stats().plannedRecords(RunStats.planned(start, end));
    Set<TopicPartition> active = new HashSet<>();
    for (TopicPartition tp : partitions) {
      ledger.start(tp, start.get(tp));
      if (start.get(tp) < end.get(tp)) {
        active.add(tp);
      }
    }
    LOG.info(
        "{}: reading {} of {} partitions up to end offsets {}",
        config.load().qualified(),
        active.size(),
        partitions.size(),
        end);
    active.forEach(tp -> consumer.seek(tp, start.get(tp)));
    consumer.pause(partitions.stream().filter(tp -> !active.contains(tp)).toList());
    Map<TopicPartition, Long> committed = new HashMap<>(start);
    while (!active.isEmpty()) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
      pipeline.process(records, end);
      for (TopicPartition tp : List.copyOf(active)) {
        if (consumer.position(tp) >= end.get(tp)) {
          ledger.seal(tp, end.get(tp));
          active.remove(tp);
          consumer.pause(List.of(tp));
        }
      }
      commit(ledger.completed(), committed);
    }
    commit(ledger.awaitAll(), committed);
    for (TopicPartition tp : partitions) {
      ranges.add(
          new RunReport.PartitionRange(
              tp.topic(), tp.partition(), start.get(tp), committed.get(tp)));
    }
  }

  private long startPosition(TopicPartition tp, Long stored, long begin, long end) {
    if (stored == null) {
      return begin;
    }
    if (stored > end) {
      throw new IllegalStateException(
          "stored position "
              + stored
              + " of "
              + tp
              + " is past the partition's end offset "
              + end
              + " (was the topic deleted and created again?); reset the load's positions in "
              + store.describe());
    }
    if (stored < begin) {
      LOG.warn(
          "{}: offsets [{}, {}) of {} were deleted by retention before they were loaded",
          config.load().qualified(),
          stored,
          begin,
          tp);
      gaps.add(new RunReport.Gap(tp.topic(), tp.partition(), stored, begin));
      return begin;
    }
    return stored;
  }

  private void commit(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> committed) {
    if (!positions.isEmpty()) {
      store.commit(positions);
      committed.putAll(positions);
    }
  }

  List<RunReport.PartitionRange> ranges() {
    return ranges;
  }

  List<RunReport.Gap> gaps() {
    return gaps;
  }
}
