package io.kafkaload.worker.source.kafka.plan;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a run starts or ends, as Spark's {@code KafkaOffsetRangeLimit}: the earliest or latest
 * offsets, offsets per partition (-2 earliest, -1 latest), a timestamp per partition, or one
 * timestamp for every partition. {@code field} is the spec field it came from (for messages), or
 * null for the default.
 */
public sealed interface OffsetLimit {
  /** Spark's {@code KafkaOffsetRangeLimit.EARLIEST} in per-partition JSON. */
  long EARLIEST = -2L;

  /** Spark's {@code KafkaOffsetRangeLimit.LATEST} in per-partition JSON. */
  long LATEST = -1L;

  /** The spec field this limit came from, e.g. {@code spec.source.kafka.endingOffsets}. */
  String field();

  /** The first offset still in the log. */
  record Earliest(String field) implements OffsetLimit {}

  /** The log end offset (the last stable offset with read_committed). */
  record Latest(String field) implements OffsetLimit {}

  /** Offsets per partition; {@link #EARLIEST} and {@link #LATEST} stand for those. */
  record Offsets(String field, Map<TopicPartition, Long> offsets) implements OffsetLimit {
    public Offsets {
      offsets = Map.copyOf(offsets);
    }
  }

  /** The first offset whose timestamp is at or after the partition's timestamp. */
  record Timestamps(String field, Map<TopicPartition, Long> timestamps) implements OffsetLimit {
    public Timestamps {
      timestamps = Map.copyOf(timestamps);
    }
  }

  /** The first offset whose timestamp is at or after {@code timestamp}, in every partition. */
  record Timestamp(String field, long timestamp) implements OffsetLimit {}
}
