package io.kafkaload.worker.offsets;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Positions in the shape {@code Consumer.commitSync} takes. */
final class OffsetCommits {

  private OffsetCommits() {}

  static Map<TopicPartition, OffsetAndMetadata> of(Map<TopicPartition, Long> positions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    positions.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    return offsets;
  }
}
