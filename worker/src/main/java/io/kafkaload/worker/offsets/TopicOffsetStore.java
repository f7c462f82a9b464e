package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Positions in a compacted topic shared by all loads of a cluster (default {@code comet_offsets}):
 * key {@code <namespace>/<load>/<topic>/<partition>}, value the next offset as a decimal string.
 * The topic is created when missing. {@link #read} scans the whole topic up to the end offset seen
 * when it starts, keeping the last value of each key of this load ({@link PositionsReader}); {@link
 * #commit} writes with an idempotent producer (acks=all) and returns only once every write is
 * acknowledged.
 */
public final class TopicOffsetStore implements OffsetStore {

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
    OffsetsTopic.ensure(this.clientProperties, topic);
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
    return PositionsReader.read(topic, load, clientProperties, clientId("reader"), false);
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

  private String clientId(String role) {
    return "kafkaload-offsets-" + role + "-" + load.namespace() + "-" + load.name();
  }
}
