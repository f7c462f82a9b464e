package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirroringOffsetStoreTest {

  @TempDir Path dir;

  private LoadRef load;
  private String group;
  private TopicPartition p0;
  private TopicPartition p1;

  @BeforeEach
  void names() {
    String topic = SharedKafka.createTopic("events", 2);
    load = new LoadRef("default", SharedKafka.uniqueName("load"));
    group = SharedKafka.uniqueName("group");
    p0 = new TopicPartition(topic, 0);
    p1 = new TopicPartition(topic, 1);
  }

  @Test
  void theTopicStoresPositionsShowInTheConsumerGroup() {
    String offsetsTopic = SharedKafka.uniqueName("offsets");
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            new MirroringOffsetStore(
                new TopicOffsetStore(offsetsTopic, load, SharedKafka.clientProperties()),
                consumer,
                group)) {
      store.commit(Map.of(p0, 10L, p1, 20L));
      assertThat(SharedKafka.committedOffsets(group)).isEqualTo(Map.of(p0, 10L, p1, 20L));
      store.commit(Map.of(p1, 30L));
      assertThat(SharedKafka.committedOffsets(group)).isEqualTo(Map.of(p0, 10L, p1, 30L));
    }
  }

  @Test
  void theFileStoresPositionsShowInTheConsumerGroup() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            new MirroringOffsetStore(new FileOffsetStore(dir, load), consumer, group)) {
      store.commit(Map.of(p0, 7L));
      assertThat(SharedKafka.committedOffsets(group)).isEqualTo(Map.of(p0, 7L));
    }
  }

  @Test
  void positionsAreReadFromThePrimaryNotTheGroup() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group)) {
      consumer.commitSync(Map.of(p0, new OffsetAndMetadata(99)));
      try (OffsetStore store =
          new MirroringOffsetStore(new FileOffsetStore(dir, load), consumer, group)) {
        assertThat(store.read(List.of(p0, p1))).isEmpty();
        store.commit(Map.of(p0, 5L));
        assertThat(store.read(List.of(p0, p1))).isEqualTo(Map.of(p0, 5L));
      }
    }
  }

  @Test
  void aFailedMirrorIsAWarningAndThePrimaryKeepsThePositions() {
    // a consumer without group.id cannot commit: the mirror fails, the commit must not
    try (KafkaConsumer<byte[], byte[]> noGroup = new KafkaConsumer<>(noGroupConfig());
        OffsetStore store =
            new MirroringOffsetStore(new FileOffsetStore(dir, load), noGroup, group);
        StderrCapture log = new StderrCapture()) {
      store.commit(Map.of(p0, 10L));
      assertThat(log.text())
          .contains("[WARN]")
          .contains("could not mirror positions to consumer group " + group)
          .contains("they are safe in file " + dir);
    }
    try (FileOffsetStore primary = new FileOffsetStore(dir, load)) {
      assertThat(primary.read(List.of(p0))).isEqualTo(Map.of(p0, 10L));
    }
    assertThat(SharedKafka.committedOffsets(group)).isEmpty();
  }

  @Test
  void aFailedPrimaryCommitFailsAndIsNotMirrored() throws Exception {
    Files.writeString(dir.resolve("default." + load.name() + ".json"), "garbage");
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            new MirroringOffsetStore(new FileOffsetStore(dir, load), consumer, group)) {
      assertThatThrownBy(() -> store.commit(Map.of(p0, 10L)))
          .isInstanceOf(OffsetStoreException.class);
    }
    assertThat(SharedKafka.committedOffsets(group)).isEmpty();
  }

  @Test
  void aWakeupThatInterruptsTheMirrorStaysPendingForThePoll() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            new MirroringOffsetStore(new FileOffsetStore(dir, load), consumer, group)) {
      consumer.assign(List.of(p0));
      consumer.wakeup();
      store.commit(Map.of(p0, 3L));
      assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
          .isInstanceOf(WakeupException.class);
      assertThat(store.read(List.of(p0))).isEqualTo(Map.of(p0, 3L));
    }
  }

  @Test
  void describesThePrimaryAndTheGroup() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            new MirroringOffsetStore(new FileOffsetStore(dir, load), consumer, group)) {
      assertThat(store.describe())
          .startsWith("file " + dir)
          .endsWith("(mirrored to consumer group " + group + ")");
    }
  }

  private static Map<String, Object> noGroupConfig() {
    Map<String, Object> config = new HashMap<>(SharedKafka.clientProperties());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }
}
