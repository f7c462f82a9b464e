package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.source.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Positions a Kafka sink commits in its own transactions (offsets store {@code Sink}): the records
 * of the offsets topic ({@code comet_offsets} by default, the same key and value as the {@code
 * Topic} store, see {@link TopicOffsetStore}) sent inside the transaction that sends a chunk's
 * rows, and read back with {@code read_committed}, so a position is stored if and only if the rows
 * before it are.
 */
public final class TransactionalPositions {

  private final String topic;
  private final WorkerConfig.LoadRef load;
  private final Map<String, Object> clientProperties;

  /**
   * Creates the offsets topic on the cluster of {@code clientProperties} when it is missing
   * (compacted, as the Topic store does).
   */
  public TransactionalPositions(
      String topic, WorkerConfig.LoadRef load, Map<String, Object> clientProperties) {
    this.topic = topic;
    this.load = load;
    this.clientProperties = Map.copyOf(clientProperties);
    OffsetsTopic.ensure(this.clientProperties, topic);
  }

  /** The record that stores {@code next} as the position of {@code partition}. */
  public ProducerRecord<byte[], byte[]> record(TopicPartition partition, long next) {
    return new ProducerRecord<>(
        topic,
        PositionKey.format(load, partition).getBytes(StandardCharsets.UTF_8),
        Long.toString(next).getBytes(StandardCharsets.UTF_8));
  }

  /** Every position of the load committed in the topic. */
  public Map<TopicPartition, Long> readCommitted() {
    return PositionsReader.read(
        topic, load, clientProperties, KafkaClients.clientId(clientProperties, "positions"), true);
  }

  /** The offsets topic. */
  public String topic() {
    return topic;
  }
}
