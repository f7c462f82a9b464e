package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.Mode;
import io.kafkaload.worker.config.LoadSpec.OffsetStoreKind;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetStoresTest {

  @TempDir Path dir;

  private LoadRef load;
  private String topic;

  @BeforeEach
  void names() {
    load = new LoadRef("default", SharedKafka.uniqueName("load"));
    topic = SharedKafka.createTopic("events", 1);
  }

  /** A load of {@code events}; null: the default. */
  private static LoadSpec spec(
      Mode mode, OffsetStoreKind store, String offsetsTopic, String groupId) {
    return TestLoads.load("events")
        .mode(mode)
        .set("spec.source.kafka.groupId", groupId)
        .set("spec.offsets.store", store)
        .set("spec.offsets.topic", offsetsTopic)
        .spec();
  }

  @Test
  void batchDefaultsToTheMirroredTopicStoreOnCometOffsets() {
    String group = "kafkaload.default." + load.name();
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            OffsetStores.create(
                spec(Mode.Batch, null, null, null),
                load,
                SharedKafka.clientProperties(),
                consumer,
                dir)) {
      assertThat(store).isInstanceOf(MirroringOffsetStore.class);
      assertThat(((MirroringOffsetStore) store).primary()).isInstanceOf(TopicOffsetStore.class);
      assertThat(store.describe())
          .isEqualTo("topic comet_offsets (mirrored to consumer group " + group + ")");
      store.commit(Map.of(new TopicPartition(topic, 0), 1L));
      assertThat(SharedKafka.committedOffsets(group))
          .isEqualTo(Map.of(new TopicPartition(topic, 0), 1L));
    }
  }

  @Test
  void theTopicStoreUsesTheSpecsTopicAndGroup() {
    String offsetsTopic = SharedKafka.uniqueName("offsets");
    String group = SharedKafka.uniqueName("group");
    LoadSpec spec = spec(Mode.Streaming, OffsetStoreKind.Topic, offsetsTopic, group);
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            OffsetStores.create(spec, load, SharedKafka.clientProperties(), consumer, dir)) {
      assertThat(store.describe())
          .isEqualTo("topic " + offsetsTopic + " (mirrored to consumer group " + group + ")");
    }
  }

  @Test
  void streamingDefaultsToTheGroupStore() {
    String group = SharedKafka.uniqueName("group");
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            OffsetStores.create(
                spec(Mode.Streaming, null, null, group),
                load,
                SharedKafka.clientProperties(),
                consumer,
                dir)) {
      assertThat(store).isInstanceOf(GroupOffsetStore.class);
      assertThat(store.describe()).isEqualTo("consumer group " + group);
    }
  }

  @Test
  void theFileStoreIsMirroredAndWritesUnderTheOffsetsDir() {
    String group = SharedKafka.uniqueName("group");
    LoadSpec spec = spec(Mode.Batch, OffsetStoreKind.File, null, group);
    try (KafkaConsumer<byte[], byte[]> consumer = SharedKafka.newConsumer(group);
        OffsetStore store =
            OffsetStores.create(spec, load, SharedKafka.clientProperties(), consumer, dir)) {
      assertThat(((MirroringOffsetStore) store).primary()).isInstanceOf(FileOffsetStore.class);
      store.commit(Map.of(new TopicPartition(topic, 0), 2L));
    }
    assertThat(dir.resolve("default." + load.name() + ".json")).exists();
    assertThat(SharedKafka.committedOffsets(group))
        .isEqualTo(Map.of(new TopicPartition(topic, 0), 2L));
  }

  @Test
  void theFileStoreNeedsAFolder() {
    LoadSpec spec = spec(Mode.Batch, OffsetStoreKind.File, null, null);
    assertThatThrownBy(
            () -> OffsetStores.create(spec, load, SharedKafka.clientProperties(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offsetsDir");
  }
}
