package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Positions in a compacted topic shared by all loads of a cluster (default {@code comet_offsets}):
 * key {@code <namespace>/<load>/<topic>/<partition>}, value the next offset as a decimal string.
 * The topic is created when missing. {@link #read} scans the whole topic up to the end offset seen
 * when it starts, keeping the last value of each key of this load; {@link #commit} writes with an
 * idempotent producer (acks=all) and returns only once every write is acknowledged.
 */
public final class TopicOffsetStore implements OffsetStore {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(150);

  private final String topic;
  private final WorkerConfig.LoadRef load;
  private final Map<String, Object> clientProperties;
  private final KafkaProducer<String, String> producer;
  // every position of this load seen in the topic or committed by us: what "stored" means
  private final Map<TopicPartition, Long> known = new HashMap<>();

  /** Creates the topic if missing and opens the producer. */
  public TopicOffsetStore(
      String topic, WorkerConfig.LoadRef load, Map<String, Object> clientProperties) {
    this.topic = topic;
    this.load = load;
    this.clientProperties = Map.copyOf(clientProperties);
    try (Admin admin = Admin.create(this.clientProperties)) {
      OffsetsTopic.ensure(admin, topic);
    }
    this.producer = new KafkaProducer<>(producerConfig());
  }

  @Override
  public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> all = readAll();
    known.putAll(all);
    Map<TopicPartition, Long> result = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long position = all.get(partition);
      if (position != null) {
        result.put(partition, position);
      }
    }
    return result;
  }

  /** Every position of this load in the topic. */
  Map<TopicPartition, Long> readAll() {
    Map<TopicPartition, Long> positions = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
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
      Map<TopicPartition, Long> end = consumer.endOffsets(topicPartitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new OffsetStoreException(
              "could not read offsets topic "
                  + topic
                  + " to its end "
                  + end
                  + " in "
                  + READ_TIMEOUT);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          apply(record, positions);
        }
      }
    } catch (KafkaException e) {
      throw new OffsetStoreException("could not read offsets topic " + topic + ": " + e, e);
    }
    return positions;
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

  private void apply(ConsumerRecord<String, String> record, Map<TopicPartition, Long> positions) {
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

  @Override
  public void commit(Map<TopicPartition, Long> positions) {
    PositionGuard.warnIfBackwards(describe(), known, positions);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    try {
      for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
        String key = PositionKey.format(load, e.getKey());
        acks.add(producer.send(new ProducerRecord<>(topic, key, Long.toString(e.getValue()))));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OffsetStoreException("interrupted while committing positions to " + describe(), e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new OffsetStoreException(
          "could not commit positions to " + describe() + ": " + cause, cause);
    }
    known.putAll(positions);
  }

  @Override
  public String describe() {
    return "topic " + topic;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId("producer"));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return config;
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>(clientProperties);
    // no group: the scan must neither join nor commit anything
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId("reader"));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // the scan stops at the end offsets it saw: a fetch must not wait at the broker for more
    // (the default 500 ms was added to every start of a load whose positions are stored)
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return config;
  }

  private String clientId(String role) {
    return "kafkaload-offsets-" + role + "-" + load.namespace() + "-" + load.name();
  }
}
