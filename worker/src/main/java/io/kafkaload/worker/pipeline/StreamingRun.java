package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.source.kafka.plan.OffsetOptions;
import io.kafkaload.worker.source.kafka.plan.OffsetPlan;
import io.kafkaload.worker.source.kafka.plan.OffsetPlanException;
import io.kafkaload.worker.source.kafka.plan.OffsetPlanner;
import io.kafkaload.worker.source.kafka.plan.PlanInput;
import io.kafkaload.worker.source.kafka.plan.RunMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unbounded run in the load's consumer group: Kafka assigns the partitions; every trigger
 * interval (ProcessingTime) or after every polled batch (Continuous) the open chunks are sealed
 * and, once durable, their positions committed. Before a partition is given up in a rebalance, and
 * when asked to stop, what was read is sealed and committed first, so nothing is lost or written
 * twice.
 */
final class StreamingRun implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingRun.class);
  private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(60);

  private final WorkerConfig config;
  private final Consumer<byte[], byte[]> consumer;
  private final OffsetStore store;
  private final ChunkLedger ledger;
  private final Pipeline pipeline;
  private final AtomicBoolean stopping;
  private volatile boolean abandoned;
  private final Set<TopicPartition> owned = new HashSet<>();
  private final Map<TopicPartition, Long> started = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Map<TopicPartition, Long> pending = new HashMap<>();
  private final List<RunReport.Gap> gaps = new ArrayList<>();
  private final OffsetOptions options;
  private boolean planned;

  StreamingRun(
      WorkerConfig config,
      Consumer<byte[], byte[]> consumer,
      OffsetStore store,
      ChunkLedger ledger,
      Pipeline pipeline,
      AtomicBoolean stopping) {
    this.config = config;
    this.consumer = consumer;
    this.store = store;
    this.ledger = ledger;
    this.pipeline = pipeline;
    this.stopping = stopping;
    this.options = OffsetOptions.of(config.spec().source().kafka());
  }

  /**
   * Loops until {@code stopping} is set (SIGTERM), then flushes and commits what it owns. When it
   * throws, the run is abandoned: the partitions the consumer gives up afterwards (on close, once
   * the sink is closed) are dropped without a flush or a commit, as if lost.
   */
  void run() throws IOException {
    try {
      loop();
    } catch (IOException | RuntimeException | Error e) {
      abandoned = true;
      throw e;
    }
  }

  private void loop() throws IOException {
    LoadSpec.KafkaSource source = config.spec().source().kafka();
    if (source.topicPattern() != null && !source.topicPattern().isBlank()) {
      consumer.subscribe(Pattern.compile(source.topicPattern()), this);
    } else {
      consumer.subscribe(source.topics(), this);
    }
    boolean continuous = config.spec().triggerOrDefault() == LoadSpec.TriggerType.Continuous;
    long intervalMs = intervalSeconds(config.spec()) * 1000L;
    long nextFlush = System.currentTimeMillis() + intervalMs;
    while (!stopping.get()) {
      long wait =
          Math.max(1, Math.min(continuous ? 100 : 1000, nextFlush - System.currentTimeMillis()));
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(Duration.ofMillis(wait));
      } catch (OffsetOutOfRangeException e) {
        BatchRun.skipLost(config, consumer, e, null, options.failOnDataLoss(), gaps);
        continue;
      } catch (KafkaException e) {
        // a plan that fails in onPartitionsAssigned comes back wrapped: its message is the reason
        if (e.getCause() instanceof OffsetPlanException plan) {
          throw plan;
        }
        throw e;
      }
      ledger.stats().observeLag(consumer, owned);
      pipeline.process(records, null);
      if (continuous && !records.isEmpty()) {
        // seal what this poll brought; the writers make it durable while the next poll runs,
        // and the first loop that finds it done commits it
        sealAtPositions(records.partitions());
      }
      commit(ledger.completed());
      if (System.currentTimeMillis() >= nextFlush) {
        flush(owned);
        nextFlush = System.currentTimeMillis() + intervalMs;
      }
    }
    LOG.info("{}: stopping, flushing {} partitions", config.load().qualified(), owned.size());
    flush(owned);
  }

  /** The ProcessingTime interval: the trigger's, else {@code sink.flush.intervalSeconds}. */
  static int intervalSeconds(LoadSpec spec) {
    if (spec.trigger() != null && spec.trigger().intervalSeconds() != null) {
      return spec.trigger().intervalSeconds();
    }
    return spec.sink().flushOrDefault().intervalSecondsOrDefault();
  }

  /** Seals the open chunks of {@code tps} at the consumer's positions, waits, commits. */
  private void flush(Collection<TopicPartition> tps) throws IOException {
    sealAtPositions(tps);
    commit(ledger.awaitAll());
  }

  /** Ends the open ranges of {@code tps} at the consumer's current positions. */
  private void sealAtPositions(Collection<TopicPartition> tps) throws IOException {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : tps) {
      positions.put(tp, consumer.position(tp));
    }
    ledger.sealAll(positions);
  }

  private void commit(Map<TopicPartition, Long> positions) {
    pending.putAll(positions);
    pending.keySet().retainAll(owned);
    if (pending.isEmpty()) {
      return;
    }
    try {
      store.commit(pending);
    } catch (RuntimeException e) {
      if (!rebalancing(e)) {
        throw e;
      }
      // The group is rebalancing: the data is durable, so the positions wait in `pending` and
      // are committed by the next loop, or by onPartitionsRevoked before the partitions go.
      LOG.debug("{}: commit deferred, the group is rebalancing", config.load().qualified());
      return;
    }
    ledger.stats().committed();
    ledger.committed(pending);
    committed.putAll(pending);
    pending.clear();
  }

  /** Whether a failed commit only means the group is rebalancing (retry after the next poll). */
  private static boolean rebalancing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RebalanceInProgressException || t instanceof CommitFailedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts each assigned partition where the plan says: its stored position (or the group's
   * committed offset, which the Topic and File stores mirror), else the starting options on the
   * load's first run, else earliest (a partition added since). The planned starts of partitions
   * without a position are committed at once, so a restart resumes there.
   */
  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    ledger.stats().joined(); // called after every join, even with nothing assigned
    if (partitions.isEmpty()) {
      return;
    }
    List<TopicPartition> tps = new ArrayList<>(partitions);
    Map<TopicPartition, Long> stored = positions(tps);
    Map<TopicPartition, Long> known;
    try {
      known = ledger.withSinkRecord(stored, tps, config.load().qualified());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<TopicPartition> all = loadPartitions(tps);
    // starting options apply to the load's first run only: not after this run planned once, nor
    // when other partitions of the load (held by other workers) have positions
    boolean resumed = planned || (known.isEmpty() && !positions(all).isEmpty());
    OffsetPlan plan =
        OffsetPlanner.plan(
            options,
            RunMode.STREAMING,
            new PlanInput(
                tps,
                all,
                consumer.beginningOffsets(tps),
                consumer.endOffsets(tps),
                known,
                resumed,
                store.describe(),
                timestamps -> BatchRun.offsetsForTimes(consumer, timestamps)));
    planned = true;
    BatchRun.report(config, plan, gaps);
    try {
      for (TopicPartition tp : tps) {
        long start = plan.starts().get(tp);
        consumer.seek(tp, start);
        ledger.start(tp, start);
        started.putIfAbsent(tp, start);
        owned.add(tp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    commit(BatchRun.moved(plan.starts(), stored));
    LOG.info("{}: assigned {} from {}", config.load().qualified(), partitions, plan.starts());
  }

  /** The stored positions, with the group's committed offsets for partitions the store lacks. */
  private Map<TopicPartition, Long> positions(Collection<TopicPartition> tps) {
    Map<TopicPartition, Long> positions = new HashMap<>(store.read(tps));
    Set<TopicPartition> missing = new HashSet<>(tps);
    missing.removeAll(positions.keySet());
    if (!missing.isEmpty()) {
      consumer
          .committed(missing, GROUP_TIMEOUT)
          .forEach(
              (tp, offset) -> {
                if (offset != null) {
                  positions.put(tp, offset.offset());
                }
              });
    }
    return positions;
  }

  /** Every partition of the subscribed topics (this worker may hold only some). */
  private Set<TopicPartition> loadPartitions(List<TopicPartition> assigned) {
    Set<String> topics = new TreeSet<>(consumer.subscription());
    assigned.forEach(tp -> topics.add(tp.topic()));
    Set<TopicPartition> all = new LinkedHashSet<>(assigned);
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos != null) {
        infos.forEach(info -> all.add(new TopicPartition(topic, info.partition())));
      }
    }
    return all;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    if (abandoned) {
      // the run failed: what is open is not this run's to commit (its sink may be closed)
      owned.removeAll(partitions);
      ledger.forget(partitions);
      LOG.info(
          "{}: gave up {} without committing: the run failed",
          config.load().qualified(),
          partitions);
      return;
    }
    try {
      flush(partitions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    owned.removeAll(partitions);
    ledger.forget(partitions);
    LOG.info("{}: revoked {} after committing them", config.load().qualified(), partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    // Another member may already own them: committing now could overwrite its progress, so the
    // open ranges are dropped; their uncommitted files are removed by the new owner's recovery.
    owned.removeAll(partitions);
    ledger.forget(partitions);
    LOG.warn("{}: lost {} without committing", config.load().qualified(), partitions);
  }

  Map<TopicPartition, Long> started() {
    return started;
  }

  Map<TopicPartition, Long> committed() {
    return committed;
  }

  /** Offsets lost to retention that the run skipped (failOnDataLoss false). */
  List<RunReport.Gap> gaps() {
    return gaps;
  }
}
