package io.kafkaload.worker.offsets;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Positions as the consumer group's committed offsets, read and written through the consumer the
 * pipeline polls with (its {@code group.id} is the load's group). Kafka's consumer is not
 * thread-safe; that is fine because the pipeline's consumer thread is the only one using it.
 */
public final class GroupOffsetStore implements OffsetStore {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Consumer<byte[], byte[]> consumer;
  private final String groupId;
  // positions read from or committed to the group by this store: what "stored" means
  private final Map<TopicPartition, Long> known = new HashMap<>();

  /** A store on {@code consumer}, whose {@code group.id} must be {@code groupId}. */
  public GroupOffsetStore(Consumer<byte[], byte[]> consumer, String groupId) {
    this.consumer = consumer;
    this.groupId = groupId;
  }

  @Override
  public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(new HashSet<>(partitions), TIMEOUT);
    } catch (KafkaException e) {
      throw new OffsetStoreException("could not read the positions of " + describe() + ": " + e, e);
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    // partitions without a committed offset come back absent or mapped to null
    committed.forEach(
        (partition, offset) -> {
          if (offset != null) {
            positions.put(partition, offset.offset());
          }
        });
    known.putAll(positions);
    return positions;
  }

  @Override
  public void commit(Map<TopicPartition, Long> positions) {
    PositionGuard.warnIfBackwards(describe(), known, positions);
    try {
      consumer.commitSync(OffsetCommits.of(positions), TIMEOUT);
    } catch (KafkaException e) {
      throw new OffsetStoreException("could not commit positions to " + describe() + ": " + e, e);
    }
    known.putAll(positions);
  }

  @Override
  public String describe() {
    return "consumer group " + groupId;
  }

  @Override
  public void close() {
    // the consumer belongs to the pipeline, which closes it
  }
}
