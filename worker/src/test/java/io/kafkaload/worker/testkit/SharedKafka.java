package io.kafkaload.worker.testkit;

import io.kafkaload.worker.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One real Kafka broker for the whole test JVM: started on first use (about 2-7 s), stopped by a
 * JVM shutdown hook, shared by every test class so the suite pays the start once. Because the
 * broker is shared, give every test its own names: {@link #uniqueName} for groups and loads, and
 * {@link #createTopic} (which makes the name unique) for topics. Never stop or reconfigure the
 * broker from a test; start your own {@link EmbeddedKafka} for that.
 *
 * <pre>{@code
 * class MyTest {
 *   @Test
 *   void loadsEverything() throws Exception {
 *     String topic = SharedKafka.createTopic("events", 2);      // e.g. "events-7-3f9a"
 *     SharedKafka.produce(topic, 100);                          // 50 per partition, acked
 *     String group = SharedKafka.uniqueName("group");
 *     runTheLoad(SharedKafka.clientProperties(), topic, group);
 *     assertThat(SharedKafka.committedOffsets(group))
 *         .containsEntry(new TopicPartition(topic, 0), 50L);
 *   }
 * }
 * }</pre>
 *
 * <p>Helpers: {@link #clientProperties()} (a fresh map with {@code bootstrap.servers}, to add
 * client settings to), {@link #produce(String, int)} / {@link #produceValues} / {@link
 * #produce(List)} (all wait for the acks), {@link #readAll(String)}, {@link
 * #committedOffsets(String)}, {@link #newConsumer(String)} (a consumer set up like the worker's),
 * {@link #admin()} (shared, do not close). All methods are thread-safe and throw unchecked
 * exceptions, so tests stay short.
 */
public final class SharedKafka {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private SharedKafka() {}

  /** The broker and the clients the helpers share, closed together at JVM exit. */
  private record State(EmbeddedKafka kafka, Admin admin, KafkaProducer<byte[], byte[]> producer) {}

  private static State state;
  private static RuntimeException startFailure;

  /** Starts the broker once; a failed start fails every later call with the same cause. */
  private static synchronized State state() {
    if (state != null) {
      return state;
    }
    if (startFailure != null) {
      throw new IllegalStateException("the shared Kafka broker failed to start", startFailure);
    }
    try {
      EmbeddedKafka kafka = EmbeddedKafka.start();
      Admin admin = kafka.admin();
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      // One request in flight keeps each partition's order on retries without the idempotent
      // producer, whose sequence numbers can fail with OutOfOrderSequence when a freshly created
      // topic's leadership settles on a loaded machine (seen once in OffsetOptionsLoadTest).
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
      state = new State(kafka, admin, producer);
      // a hook rather than a JUnit callback: it also covers use from static initialisers and
      // argument sources, and there is no "last test class" callback to hang it on
      State started = state;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "shared-kafka-stop"));
      return started;
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
  }

  private static void stop(State s) {
    s.producer().close(Duration.ofSeconds(5));
    s.admin().close(Duration.ofSeconds(5));
    s.kafka().close();
  }

  /** The shared broker, started on first call. Do not close it. */
  public static EmbeddedKafka broker() {
    return state().kafka();
  }

  /** {@code host:port} of the shared broker. */
  public static String bootstrapServers() {
    return state().kafka().bootstrapServers();
  }

  /** Connection properties for any client: just {@code bootstrap.servers}. A new mutable map. */
  public static Map<String, Object> clientProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("bootstrap.servers", bootstrapServers());
    return properties;
  }

  /** A shared Admin client. Do not close it. */
  public static Admin admin() {
    return state().admin();
  }

  /** {@code prefix-<n>-<hex>}, e.g. {@code group-12-4f3a}: never returned twice in a JVM. */
  public static String uniqueName(String prefix) {
    return prefix
        + "-"
        + COUNTER.incrementAndGet()
        + "-"
        + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xf000));
  }

  /** Creates a topic named {@code uniqueName(prefix)}, replication 1; returns its name. */
  public static String createTopic(String prefix, int partitions) {
    String name = uniqueName(prefix);
    state().kafka().createTopic(name, partitions);
    return name;
  }

  /**
   * Produces {@code count} records to {@code topic}, spread round-robin over its partitions (record
   * {@code i} goes to partition {@code i % partitions}), and waits until all are acked. Key {@code
   * key-<i>}, value {@code {"id":<i>}}.
   *
   * @return per partition, the offset after the last of these records (its end offset, unless
   *     something else writes to the topic too)
   */
  public static Map<TopicPartition, Long> produce(String topic, int count) {
    int partitions = partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          new ProducerRecord<>(
              topic, i % partitions, bytes("key-" + i), bytes("{\"id\":" + i + "}")));
    }
    return produce(records);
  }

  /** Produces these values to one partition (null key) and waits for the acks. */
  public static Map<TopicPartition, Long> produceValues(
      String topic, int partition, List<String> values) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (String value : values) {
      records.add(new ProducerRecord<>(topic, partition, null, bytes(value)));
    }
    return produce(records);
  }

  /**
   * Produces these records and waits for the acks; returns the highest offset + 1 per partition.
   */
  public static Map<TopicPartition, Long> produce(List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : records) {
      acks.add(state().producer().send(record));
    }
    state().producer().flush();
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Future<RecordMetadata> ack : acks) {
      RecordMetadata metadata = get(ack);
      ends.merge(
          new TopicPartition(metadata.topic(), metadata.partition()),
          metadata.offset() + 1,
          Math::max);
    }
    return ends;
  }

  /** The offsets committed by {@code groupId}; partitions without a commit are absent. */
  public static Map<TopicPartition, Long> committedOffsets(String groupId) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    committed.forEach(
        (partition, offset) -> {
          if (offset != null) {
            offsets.put(partition, offset.offset());
          }
        });
    return offsets;
  }

  /**
   * Every record of {@code topic}, read from the beginning up to the end offsets seen at the call
   * (no group), in partition order then offset order.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<String, Object> config = clientProperties();
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < partitionCount(topic); p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to " + end);
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    records.sort(
        Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  /** The number of partitions of an existing topic. */
  public static int partitionCount(String topic) {
    return get(admin().describeTopics(List.of(topic)).allTopicNames())
        .get(topic)
        .partitions()
        .size();
  }

  /**
   * A new consumer of raw bytes in {@code groupId}: auto-commit off, {@code earliest} reset, as the
   * worker's pipeline configures its own. The caller closes it.
   */
  public static KafkaConsumer<byte[], byte[]> newConsumer(String groupId) {
    Map<String, Object> config = clientProperties();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(config);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka call failed: " + e.getMessage(), e);
    }
  }
}
