package io.kafkaload.worker.source.kafka.plan;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition starts and, in a bounded run, where it stops (exclusive), the ranges that
 * cannot be read any more, and what the run should warn about.
 *
 * @param starts the first offset to read, per partition
 * @param ends the offset to stop at (exclusive), per partition; null for an unbounded run
 * @param gaps offsets no longer in Kafka that the run skips (only when failOnDataLoss is false)
 * @param notes one-line warnings and explanations for the log
 */
public record OffsetPlan(
    Map<TopicPartition, Long> starts,
    Map<TopicPartition, Long> ends,
    List<Gap> gaps,
    List<String> notes) {

  /** Offsets [{@code fromOffset}, {@code toOffset}) of a partition that were never read. */
  public record Gap(TopicPartition partition, long fromOffset, long toOffset, String cause) {
    /** For messages: {@code offsets [5, 20) of t-0 <cause>}. */
    public String describe() {
      return "offsets [" + fromOffset + ", " + toOffset + ") of " + partition + " " + cause;
    }
  }

  /** The number of offsets the plan reads (bounded plans only). */
  public long offsets() {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      total += Math.max(0, e.getValue() - starts.get(e.getKey()));
    }
    return total;
  }
}
