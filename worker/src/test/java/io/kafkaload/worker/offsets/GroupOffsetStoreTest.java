package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.testkit.SharedKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupOffsetStoreTest {

  private String group;
  private TopicPartition p0;
  private TopicPartition p1;
  private TopicPartition p2;

  @BeforeEach
  void names() {
    String topic = SharedKafka.createTopic("events", 3);
    group = SharedKafka.uniqueName("group");
    p0 = new TopicPartition(topic, 0);
    p1 = new TopicPartition(topic, 1);
    p2 = new TopicPartition(topic, 2);
  }

  @Test
  void readsNothingBeforeTheFirstCommit() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group)) {
      assertThat(store.read(List.of(p0, p1, p2))).isEmpty();
    }
  }

  @Test
  void aNewConsumerResumesFromTheGroupsCommits() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group)) {
      store.commit(Map.of(p0, 10L, p1, 20L));
    }
    assertThat(SharedKafka.committedOffsets(group)).isEqualTo(Map.of(p0, 10L, p1, 20L));
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group)) {
      assertThat(store.read(List.of(p0, p1, p2))).isEqualTo(Map.of(p0, 10L, p1, 20L));
    }
  }

  @Test
  void keepsPartitionsThatAreNotInTheCommit() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group)) {
      store.commit(Map.of(p0, 10L, p1, 20L));
      store.commit(Map.of(p1, 25L, p2, 3L));
    }
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group)) {
      assertThat(store.read(List.of(p0, p1, p2))).isEqualTo(Map.of(p0, 10L, p1, 25L, p2, 3L));
    }
  }

  @Test
  void theCommitIsTheOnePositionAConsumerOfTheGroupStartsFrom() {
    SharedKafka.produce(p0.topic(), 30);
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group)) {
      store.commit(Map.of(p0, 4L));
    }
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group)) {
      consumer.assign(List.of(p0));
      assertThat(consumer.position(p0)).isEqualTo(4L);
    }
  }

  @Test
  void movingAPositionBackIsStoredButLoud() {
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        GroupOffsetStore store = new GroupOffsetStore(consumer, group);
        StderrCapture log = new StderrCapture()) {
      store.commit(Map.of(p0, 10L));
      store.commit(Map.of(p0, 4L));
      assertThat(log.text())
          .contains("consumer group " + group + ": position of " + p0 + " moves back from 10 to 4");
    }
    assertThat(SharedKafka.committedOffsets(group)).isEqualTo(Map.of(p0, 4L));
  }
}
