package io.kafkaload.worker.pipeline;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counters and gauges of a run: written by the consumer thread (and the sink's writer threads for
 * chunk durations), read by the progress line and the metrics endpoint from other threads. Plain
 * atomics and volatiles, so the hot path never takes a lock; the readers only sample them.
 */
public final class RunStats {
  final AtomicLong read = new AtomicLong();
  final AtomicLong written = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong filtered = new AtomicLong();
  private volatile long plannedRecords = -1;
  private volatile boolean joined;
  private volatile long lastCommitMillis;
  private volatile LongConsumer chunkDurations = nanos -> {};
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

  public long read() {
    return read.get();
  }

  public long written() {
    return written.get();
  }

  public long rejected() {
    return rejected.get();
  }

  /** Rows the transform filtered out on purpose (neither written nor rejected). */
  public long filtered() {
    return filtered.get();
  }

  /** Records between the start and end positions of a bounded run; -1 when unbounded or unknown. */
  public long plannedRecords() {
    return plannedRecords;
  }

  /** Set by a bounded run once its start and end positions are known. */
  public void plannedRecords(long records) {
    this.plannedRecords = records;
  }

  /** The sum of {@code end - start} over the partitions of {@code start}. */
  public static long planned(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
    long sum = 0;
    for (Map.Entry<TopicPartition, Long> e : start.entrySet()) {
      Long last = end.get(e.getKey());
      if (last != null && last > e.getValue()) {
        sum += last - e.getValue();
      }
    }
    return sum;
  }

  /**
   * True once the run reads: a streaming consumer joined its group (even with no partitions, a
   * member with nothing to do is healthy), or a bounded run planned its ranges.
   */
  public boolean started() {
    return joined || plannedRecords >= 0;
  }

  /** The consumer joined its group and got its assignment. */
  void joined() {
    joined = true;
  }

  /** When positions were last committed (epoch milliseconds), 0 before the first commit. */
  public long lastCommitMillis() {
    return lastCommitMillis;
  }

  void committed() {
    lastCommitMillis = System.currentTimeMillis();
  }

  /** Receives the time (nanoseconds) each chunk took from seal to durable, on a writer thread. */
  public void onChunkWritten(LongConsumer durations) {
    this.chunkDurations = durations;
  }

  /** Times {@code sealed} from now until its files are durable (failed writes are not timed). */
  void timeChunk(CompletableFuture<?> sealed) {
    long start = System.nanoTime();
    sealed.thenRun(() -> chunkDurations.accept(System.nanoTime() - start));
  }

  /**
   * Samples the lag (latest offset - position) of {@code owned} on the consumer thread, once per
   * poll: a few map updates per poll of up to thousands of records. {@code currentLag} answers from
   * the high watermark of the last fetch without a broker round trip (for a partition not fetched
   * yet it asks for the end offset once, in the background, and the lag stays unknown meanwhile),
   * so neither this nor a scrape ever waits on the broker.
   */
  void observeLag(Consumer<?, ?> consumer, Collection<TopicPartition> owned) {
    lag.keySet().retainAll(owned);
    for (TopicPartition tp : owned) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isPresent()) {
        lag.put(tp, l.getAsLong());
      }
    }
  }

  /** The last sampled lag per owned partition (a live, read-only view). */
  public Map<TopicPartition, Long> lag() {
    return Collections.unmodifiableMap(lag);
  }
}
