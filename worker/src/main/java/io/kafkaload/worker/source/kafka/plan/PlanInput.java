package io.kafkaload.worker.source.kafka.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What the planner is told about the partitions, gathered by the caller from Kafka and the offset
 * store, so the planner itself stays a pure function.
 *
 * @param partitions the partitions to plan, in the order they are reported
 * @param loadPartitions every partition of the load's topics (a streaming worker plans only those
 *     assigned to it); per-partition options are checked against this set
 * @param earliest the first offset in the log, per partition to plan
 * @param latest the end offset (with read_committed, the last stable offset), per partition
 * @param stored the load's stored positions (next offset to read); absent when none
 * @param resumed whether the load has a stored position for any partition, even one not in {@code
 *     partitions}: starting options only apply to a load's first run
 * @param store a description of the offset store, for messages
 * @param lookup the offsets for timestamps (Kafka's {@code offsetsForTimes})
 */
public record PlanInput(
    List<TopicPartition> partitions,
    Set<TopicPartition> loadPartitions,
    Map<TopicPartition, Long> earliest,
    Map<TopicPartition, Long> latest,
    Map<TopicPartition, Long> stored,
    boolean resumed,
    String store,
    TimestampLookup lookup) {

  /** Finds offsets by timestamp. */
  @FunctionalInterface
  public interface TimestampLookup {
    /**
     * For each partition, the first offset whose timestamp is at or after the given one; partitions
     * where no record matches are absent.
     */
    Map<TopicPartition, Long> offsetsForTimes(Map<TopicPartition, Long> timestamps);
  }
}
