package io.kafkaload.worker.offsets;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorates a store so that its positions also show in the consumer group: after the primary store
 * committed, the same positions are committed to the group through the pipeline's consumer, so
 * {@code kafka-consumer-groups --describe --group <groupId>} shows the load's lag.
 *
 * <p><b>The primary store is the truth.</b> The group is only a mirror for monitoring: positions
 * are always read from the primary, and a failed mirror commit is logged as a warning and does not
 * fail the commit or the run (the data and the primary positions are already durable; the next
 * commit mirrors again). The group's lag may then be stale until the next successful mirror.
 */
public final class MirroringOffsetStore implements OffsetStore {

  private static final Logger LOG = LoggerFactory.getLogger(MirroringOffsetStore.class);
  // bounded: a slow group coordinator must not hold up a load whose positions are already safe
  private static final Duration MIRROR_TIMEOUT = Duration.ofSeconds(30);

  private final OffsetStore primary;
  private final Consumer<byte[], byte[]> consumer;
  private final String groupId;

  /** Mirrors {@code primary} to {@code groupId}, the {@code group.id} of {@code consumer}. */
  public MirroringOffsetStore(
      OffsetStore primary, Consumer<byte[], byte[]> consumer, String groupId) {
    this.primary = primary;
    this.consumer = consumer;
    this.groupId = groupId;
  }

  /** The store holding the truth. */
  public OffsetStore primary() {
    return primary;
  }

  @Override
  public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
    return primary.read(partitions);
  }

  @Override
  public void commit(Map<TopicPartition, Long> positions) {
    primary.commit(positions);
    try {
      consumer.commitSync(OffsetCommits.of(positions), MIRROR_TIMEOUT);
    } catch (WakeupException e) {
      // the wakeup was meant for the pipeline's poll (e.g. SIGTERM): keep it pending for it
      warn(e);
      consumer.wakeup();
    } catch (RuntimeException e) {
      // an interrupt stays visible: Kafka's InterruptException re-sets the thread's flag
      warn(e);
    }
  }

  private void warn(RuntimeException e) {
    LOG.warn(
        "could not mirror positions to consumer group {} ({}); they are safe in {}, only the"
            + " lag the group shows is stale until the next commit",
        groupId,
        e.toString(),
        primary.describe());
  }

  @Override
  public String describe() {
    return primary.describe() + " (mirrored to consumer group " + groupId + ")";
  }

  @Override
  public void close() {
    primary.close();
  }
}
