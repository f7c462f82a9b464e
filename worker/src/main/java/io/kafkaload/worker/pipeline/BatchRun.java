package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.source.kafka.plan.LostOffsets;
import io.kafkaload.worker.source.kafka.plan.OffsetOptions;
import io.kafkaload.worker.source.kafka.plan.OffsetPlan;
import io.kafkaload.worker.source.kafka.plan.OffsetPlanner;
import io.kafkaload.worker.source.kafka.plan.PlanInput;
import io.kafkaload.worker.source.kafka.plan.RunMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded run: plan each partition's range from the offset options, the stored positions and what
 * Kafka holds (see {@link OffsetPlanner}), read up to the planned ends, seal the last chunks,
 * commit once the files are durable. A plan that fails (data loss with failOnDataLoss, an option
 * that does not fit the topic) fails the run before anything is written.
 */
final class BatchRun {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

  private String ignored;
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
   * Runs to the planned ends. Throws on any failure; what was committed before it stays committed.
   */
  void run(List<TopicPartition> partitions) throws IOException {
    // assigned first: with read_committed the consumer resolves end offsets (the last stable
    // offsets) of assigned partitions only
    consumer.assign(partitions);
    Map<TopicPartition, Long> stored = store.read(partitions);
    OffsetOptions options = OffsetOptions.of(config.spec().source().kafka());
    OffsetPlan plan = plan(partitions, stored, options);
    Map<TopicPartition, Long> start = plan.starts();
    Map<TopicPartition, Long> end = plan.ends();
    ledger.stats().plannedRecords(RunStats.planned(start, end));
    Set<TopicPartition> active = seek(partitions, start, end);
    new RunCommits(store, ledger, Map.of()).commit(moved(start, stored));
    String ignored = ledger.beginRun(start);
    if (ignored != null) {
      this.ignored = ignored;
      LOG.info("{}: {}", config.load().qualified(), ignored);
      for (TopicPartition tp : partitions) {
        ranges.add(
            new RunReport.PartitionRange(tp.topic(), tp.partition(), start.get(tp), start.get(tp)));
      }
      return;
    }
    LOG.info(
        "{}: reading {} of {} partitions from {} up to {}",
        config.load().qualified(),
        active.size(),
        partitions.size(),
        start,
        end);
    Map<TopicPartition, Long> committed =
        readToEnds(partitions, active, start, end, options.failOnDataLoss());
    for (TopicPartition tp : partitions) {
      ranges.add(
          new RunReport.PartitionRange(
              tp.topic(), tp.partition(), start.get(tp), committed.get(tp)));
    }
  }

  /** Each partition's range, from the offset options, the stored positions and what Kafka holds. */
  private OffsetPlan plan(
      List<TopicPartition> partitions, Map<TopicPartition, Long> stored, OffsetOptions options)
      throws IOException {
    Map<TopicPartition, Long> known =
        ledger.withSinkRecord(stored, partitions, config.load().qualified());
    OffsetPlan plan =
        OffsetPlanner.plan(
            options,
            RunMode.of(config.spec()),
            new PlanInput(
                partitions,
                new LinkedHashSet<>(partitions),
                consumer.beginningOffsets(partitions),
                consumer.endOffsets(partitions),
                known,
                false,
                store.describe(),
                timestamps -> offsetsForTimes(consumer, timestamps)));
    report(config, plan, gaps);
    return plan;
  }

  /** Seeks every partition to its start; returns those with records to read. */
  private Set<TopicPartition> seek(
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end)
      throws IOException {
    Set<TopicPartition> active = new HashSet<>();
    for (TopicPartition tp : partitions) {
      ledger.start(tp, start.get(tp));
      // every partition gets a position: the consumer never resets one by itself
      consumer.seek(tp, start.get(tp));
      if (start.get(tp) < end.get(tp)) {
        active.add(tp);
      }
    }
    return active;
  }

  /**
   * Reads the active partitions to their ends, committing what is durable as it goes (or, when the
   * sink replaces or merges files once the run is written, all at the end); returns the committed
   * positions.
   */
  private Map<TopicPartition, Long> readToEnds(
      List<TopicPartition> partitions,
      Set<TopicPartition> active,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end,
      boolean failOnDataLoss)
      throws IOException {
    RunCommits commits = new RunCommits(store, ledger, start);
    consumer.pause(partitions.stream().filter(tp -> !active.contains(tp)).toList());
    while (!active.isEmpty()) {
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(Duration.ofMillis(500));
      } catch (OffsetOutOfRangeException e) {
        skipLost(config, consumer, e, end, failOnDataLoss, gaps);
        continue;
      }
      pipeline.process(records, end);
      for (TopicPartition tp : List.copyOf(active)) {
        if (consumer.position(tp) >= end.get(tp)) {
          ledger.seal(tp, end.get(tp));
          active.remove(tp);
          consumer.pause(List.of(tp));
        }
      }
      commits.completed();
    }
    return commits.finish();
  }

  /**
   * The starts that differ from the stored positions: partitions seen for the first time (so the
   * next run resumes where this one planned them, as Spark records its initial offsets, instead of
   * taking them for partitions added since), and starts moved past a reported gap.
   */
  static Map<TopicPartition, Long> moved(
      Map<TopicPartition, Long> start, Map<TopicPartition, Long> stored) {
    Map<TopicPartition, Long> moved = new LinkedHashMap<>();
    start.forEach(
        (tp, offset) -> {
          if (!offset.equals(stored.get(tp))) {
            moved.put(tp, offset);
          }
        });
    return moved;
  }

  /** Logs the plan's notes and gaps and adds the gaps to {@code gaps}. */
  static void report(WorkerConfig config, OffsetPlan plan, List<RunReport.Gap> gaps) {
    plan.notes().forEach(note -> LOG.info("{}: {}", config.load().qualified(), note));
    plan.gaps().forEach(gap -> addGap(config, gap, gaps));
  }

  private static void addGap(WorkerConfig config, OffsetPlan.Gap gap, List<RunReport.Gap> gaps) {
    LOG.warn("{}: data loss, loading on: {}", config.load().qualified(), gap.describe());
    TopicPartition tp = gap.partition();
    gaps.add(new RunReport.Gap(tp.topic(), tp.partition(), gap.fromOffset(), gap.toOffset()));
  }

  /**
   * Positions that went out of range during the run (retention deleted what was about to be read):
   * fails, or reports the gap and seeks to the earliest offset, as {@link LostOffsets} decides.
   */
  static void skipLost(
      WorkerConfig config,
      Consumer<byte[], byte[]> consumer,
      OffsetOutOfRangeException e,
      Map<TopicPartition, Long> ends,
      boolean failOnDataLoss,
      List<RunReport.Gap> gaps) {
    Map<TopicPartition, Long> lost = e.offsetOutOfRangePartitions();
    Map<TopicPartition, Long> earliest = consumer.beginningOffsets(lost.keySet());
    Map<TopicPartition, Long> latest = consumer.endOffsets(lost.keySet());
    for (Map.Entry<TopicPartition, Long> position : lost.entrySet()) {
      TopicPartition tp = position.getKey();
      OffsetPlan.Gap gap =
          LostOffsets.gap(
              tp,
              position.getValue(),
              earliest.get(tp),
              latest.get(tp),
              ends == null ? null : ends.get(tp),
              failOnDataLoss);
      if (gap != null) {
        addGap(config, gap, gaps);
      }
      consumer.seek(tp, gap == null ? position.getValue() : earliest.get(tp));
    }
  }

  /** Kafka's offsetsForTimes, with partitions that no record matches left out. */
  static Map<TopicPartition, Long> offsetsForTimes(
      Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> timestamps) {
    Map<TopicPartition, Long> found = new HashMap<>();
    consumer
        .offsetsForTimes(timestamps)
        .forEach(
            (tp, match) -> {
              if (match != null) {
                found.put(tp, match.offset());
              }
            });
    return found;
  }

  /** Why the run read nothing ({@code writeMode: Ignore}), or null. */
  String ignored() {
    return ignored;
  }

  List<RunReport.PartitionRange> ranges() {
    return ranges;
  }

  List<RunReport.Gap> gaps() {
    return gaps;
  }
}
