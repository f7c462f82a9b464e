package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a load's positions from an offsets topic: the whole topic from its beginning, keeping the
 * last value of each key of the load ({@code <namespace>/<load>/<topic>/<partition>}, value the
 * next offset as a decimal string, a tombstone forgetting it).
 *
 * <p>Committed only ({@code read_committed}, for positions sent inside Kafka transactions): the
 * scan goes up to the topic's high watermark seen at the start, not to its last stable offset,
 * which an open transaction of another load sharing the topic would hold back before positions of
 * ours committed after it began. The consumer passes those positions once that transaction ends
 * (within its timeout), so none of ours is missed; an aborted one is never seen.
 */
final class PositionsReader {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(200);

  private PositionsReader() {}

  /**
   * Every position of {@code load} in {@code topic}.
   *
   * @param clientProperties the cluster's connection properties
   * @param clientId the client id of the reading consumer
   * @param committedOnly read only committed transactions (and what was sent without one)
   */
  static Map<TopicPartition, Long> read(
      String topic,
      WorkerConfig.LoadRef load,
      Map<String, Object> clientProperties,
      String clientId,
      boolean committedOnly) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    // no group: the scan must neither join nor commit anything
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // the scan stops at the end offsets it saw: a fetch must not wait at the broker for more
    // (the default 500 ms was added to every start of a load whose positions are stored)
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        committedOnly ? "read_committed" : "read_uncommitted");
    Map<TopicPartition, Long> positions = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> topicPartitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, READ_TIMEOUT)) {
        topicPartitions.add(new TopicPartition(topic, info.partition()));
      }
      if (topicPartitions.isEmpty()) {
        // deleted since we checked it: reading "no positions" would restart every partition
        throw new OffsetStoreException("offsets topic " + topic + " does not exist (any more)");
      }
      consumer.assign(topicPartitions);
      consumer.seekToBeginning(topicPartitions);
      Map<TopicPartition, Long> end =
          committedOnly
              ? highWatermarks(clientProperties, topicPartitions)
              : consumer.endOffsets(topicPartitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new OffsetStoreException(
              "could not read offsets topic "
                  + topic
                  + " to its end "
                  + end
                  + " in "
                  + READ_TIMEOUT
                  + (committedOnly
                      ? " (a transaction of another producer on it may have stayed open)"
                      : ""));
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          apply(topic, record, load, positions);
        }
      }
    } catch (KafkaException e) {
      throw new OffsetStoreException("could not read offsets topic " + topic + ": " + e, e);
    }
    return positions;
  }

  /** The end offsets of every record written, committed or not. */
  private static Map<TopicPartition, Long> highWatermarks(
      Map<String, Object> clientProperties, List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try (Admin admin = Admin.create(clientProperties)) {
      Map<TopicPartition, Long> end = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
          .all()
          .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> end.put(tp, info.offset()));
      return end;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OffsetStoreException("interrupted while reading the end of " + partitions, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new OffsetStoreException(
          "could not read the end offsets of " + partitions + ": " + cause, cause);
    }
  }

  private static boolean reached(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static void apply(
      String topic,
      ConsumerRecord<String, String> record,
      WorkerConfig.LoadRef load,
      Map<TopicPartition, Long> positions) {
    Optional<TopicPartition> partition = PositionKey.parse(record.key(), load);
    if (partition.isEmpty()) {
      return;
    }
    if (record.value() == null) {
      // a tombstone: somebody deleted this position on purpose
      positions.remove(partition.get());
      return;
    }
    try {
      long position = Long.parseLong(record.value().trim());
      if (position < 0) {
        throw new NumberFormatException("negative");
      }
      positions.put(partition.get(), position);
    } catch (NumberFormatException e) {
      throw new OffsetStoreException(
          "offsets topic "
              + topic
              + " holds '"
              + record.value()
              + "' for key "
              + record.key()
              + " at offset "
              + record.offset()
              + ", not a decimal offset; produce the right position for that key (or a"
              + " tombstone to start the partition from the earliest offset)");
    }
  }
}
