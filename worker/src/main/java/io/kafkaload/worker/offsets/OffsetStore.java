package io.kafkaload.worker.offsets;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a load keeps its positions: the next offset to read, per topic partition. Every
 * implementation commits durably before returning, and is used from the consumer thread only.
 */
public interface OffsetStore extends AutoCloseable {

  /** The stored positions of these partitions; partitions with none stored are absent. */
  Map<TopicPartition, Long> read(Collection<TopicPartition> partitions);

  /** Stores these positions durably; throws when they could not be stored. */
  void commit(Map<TopicPartition, Long> positions);

  /** A short description for logs and errors, e.g. {@code topic comet_offsets}. */
  String describe();

  @Override
  void close();
}
