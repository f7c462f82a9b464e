package io.kafkaload.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Starts its own broker (the rest of the suite shares {@code SharedKafka}'s) because it checks the
 * start's output and the close.
 */
class EmbeddedKafkaTest {

  @Test
  void aQuietBrokerThatCreatesTopicsAcceptsClientsAndStops() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    EmbeddedKafka kafka;
    long start = System.nanoTime();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      kafka = EmbeddedKafka.start();
    } finally {
      System.setOut(stdout);
    }
    System.out.printf(
        "EmbeddedKafka started in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    // the storage formatter prints "Formatting ..." to stdout: it must not reach the demo's output
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(System.out).isSameAs(stdout);

    String bootstrap = kafka.bootstrapServers();
    Path data = kafka.dataDirectory();
    assertThat(data).isDirectory();
    try (kafka) {
      kafka.createTopic("events", 3);
      try (Admin admin = kafka.admin()) {
        TopicDescription events =
            admin.describeTopics(List.of("events")).allTopicNames().get().get("events");
        assertThat(events.partitions()).hasSize(3);
      }
      assertRoundTripAndGroupCommit(bootstrap);
      assertNoAutomaticTopicCreation(bootstrap);
    }
    InetSocketAddress address =
        new InetSocketAddress(
            bootstrap.substring(0, bootstrap.lastIndexOf(':')),
            Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
              }
            })
        .as("nothing listens on %s after close", bootstrap)
        .isInstanceOf(IOException.class);
    assertThat(data).doesNotExist();
  }

  private static void assertRoundTripAndGroupCommit(String bootstrap) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("events", 1, "k", "v")).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("produce failed", e);
    }
    TopicPartition partition = new TopicPartition("events", 1);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "g",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      var records = consumer.poll(Duration.ofSeconds(10));
      assertThat(records.records(partition)).extracting(r -> r.value()).containsExactly("v");
      // the group coordinator works on one broker: __consumer_offsets needs replication 1
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(1)));
      assertThat(consumer.committed(Set.of(partition)).get(partition).offset()).isEqualTo(1);
    }
  }

  private static void assertNoAutomaticTopicCreation(String bootstrap) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "max.block.ms", 1500),
            new StringSerializer(),
            new StringSerializer())) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>("misspelt", "v")).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertThat(admin.listTopics().names().get()).doesNotContain("misspelt");
      assertThatThrownBy(() -> admin.describeTopics(List.of("misspelt")).allTopicNames().get())
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }
  }
}
