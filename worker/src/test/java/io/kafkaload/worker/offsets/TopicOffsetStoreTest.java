package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicOffsetStoreTest {

  private static final TopicPartition E0 = new TopicPartition("events", 0);
  private static final TopicPartition E1 = new TopicPartition("events", 1);
  private static final TopicPartition O0 = new TopicPartition("orders", 0);

  private String offsetsTopic;
  private LoadRef load;

  @BeforeEach
  void names() {
    offsetsTopic = SharedKafka.uniqueName("offsets");
    load = new LoadRef("default", SharedKafka.uniqueName("load"));
  }

  private TopicOffsetStore store(LoadRef ref) {
    return new TopicOffsetStore(offsetsTopic, ref, SharedKafka.clientProperties());
  }

  @Test
  void createsACompactedSinglePartitionTopic() throws Exception {
    try (TopicOffsetStore store = store(load)) {
      assertThat(store.read(List.of(E0))).isEmpty();
    }
    TopicDescription description =
        SharedKafka.admin()
            .describeTopics(List.of(offsetsTopic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(offsetsTopic);
    assertThat(description.partitions()).hasSize(1);
    // min(3, brokers) with the one shared broker
    assertThat(description.partitions().get(0).replicas()).hasSize(1);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, offsetsTopic);
    Config config =
        SharedKafka.admin()
            .describeConfigs(List.of(resource))
            .all()
            .get(30, TimeUnit.SECONDS)
            .get(resource);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void definitionReplicatesUpToThreeTimes() {
    assertThat(OffsetsTopic.definition("t", 1).replicationFactor()).isEqualTo((short) 1);
    assertThat(OffsetsTopic.definition("t", 2).replicationFactor()).isEqualTo((short) 2);
    assertThat(OffsetsTopic.definition("t", 5).replicationFactor()).isEqualTo((short) 3);
    assertThat(OffsetsTopic.definition("t", 5).configs())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("min.insync.replicas", "2");
    assertThat(OffsetsTopic.definition("t", 5).numPartitions()).isEqualTo(1);
  }

  @Test
  void aNewStoreResumesFromTheCommittedPositions() {
    try (TopicOffsetStore store = store(load)) {
      assertThat(store.read(List.of(E0, E1))).isEmpty();
      store.commit(Map.of(E0, 10L, E1, 20L));
      store.commit(Map.of(E0, 15L, E1, 25L));
    }
    try (TopicOffsetStore store = store(load)) {
      assertThat(store.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 15L, E1, 25L));
      assertThat(store.read(List.of(E1))).isEqualTo(Map.of(E1, 25L));
    }
  }

  @Test
  void writesTheDocumentedKeyAndValue() {
    try (TopicOffsetStore store = store(load)) {
      store.commit(Map.of(E1, 42L));
    }
    assertThat(SharedKafka.readAll(offsetsTopic))
        .extracting(r -> utf8(r.key()), r -> utf8(r.value()))
        .containsExactly(tuple("default/" + load.name() + "/events/1", "42"));
  }

  @Test
  void keepsPartitionsThatAreNotInTheCommit() {
    try (TopicOffsetStore store = store(load)) {
      store.commit(Map.of(E0, 10L, E1, 20L));
      store.commit(Map.of(E1, 25L, O0, 3L));
    }
    try (TopicOffsetStore store = store(load)) {
      assertThat(store.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 10L, E1, 25L, O0, 3L));
    }
  }

  @Test
  void loadsAndNamespacesSharingTheTopicAreIsolated() {
    LoadRef other = new LoadRef("default", load.name() + "-2");
    LoadRef otherNamespace = new LoadRef("staging", load.name());
    try (TopicOffsetStore a = store(load);
        TopicOffsetStore b = store(other);
        TopicOffsetStore c = store(otherNamespace)) {
      a.commit(Map.of(E0, 1L));
      b.commit(Map.of(E0, 2L, E1, 2L));
      c.commit(Map.of(E0, 3L, O0, 3L));
    }
    try (TopicOffsetStore a = store(load);
        TopicOffsetStore b = store(other);
        TopicOffsetStore c = store(otherNamespace)) {
      assertThat(a.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 1L));
      assertThat(b.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 2L, E1, 2L));
      assertThat(c.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 3L, O0, 3L));
    }
  }

  @Test
  void aTombstoneRemovesAPosition() {
    try (TopicOffsetStore store = store(load)) {
      store.commit(Map.of(E0, 10L, E1, 20L));
    }
    SharedKafka.produce(List.of(new ProducerRecord<>(offsetsTopic, 0, key(E0), (byte[]) null)));
    try (TopicOffsetStore store = store(load)) {
      assertThat(store.read(List.of(E0, E1))).isEqualTo(Map.of(E1, 20L));
    }
  }

  @Test
  void aValueThatIsNotAnOffsetIsANamedError() {
    try (TopicOffsetStore store = store(load)) {
      store.commit(Map.of(E0, 10L));
    }
    SharedKafka.produce(
        List.of(
            new ProducerRecord<>(
                offsetsTopic, 0, key(E0), "ten".getBytes(StandardCharsets.UTF_8))));
    try (TopicOffsetStore store = store(load)) {
      assertThatThrownBy(() -> store.read(List.of(E0)))
          .isInstanceOf(OffsetStoreException.class)
          .hasMessageContaining("offsets topic " + offsetsTopic)
          .hasMessageContaining("'ten'")
          .hasMessageContaining("default/" + load.name() + "/events/0");
    }
  }

  @Test
  void aFailedWriteFailsTheCommit() throws Exception {
    Map<String, Object> properties = SharedKafka.clientProperties();
    // short timeouts so the failure arrives in seconds, not the default two minutes
    properties.put("max.block.ms", 2000);
    properties.put("request.timeout.ms", 1000);
    properties.put("delivery.timeout.ms", 2000);
    try (TopicOffsetStore store = new TopicOffsetStore(offsetsTopic, load, properties)) {
      store.commit(Map.of(E0, 1L));
      SharedKafka.admin().deleteTopics(List.of(offsetsTopic)).all().get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> store.commit(Map.of(E0, 2L)))
          .isInstanceOf(OffsetStoreException.class)
          .hasMessageContaining("could not commit positions to topic " + offsetsTopic);
    }
  }

  @Test
  void movingAPositionBackIsStoredButLoud() {
    try (TopicOffsetStore store = store(load)) {
      store.commit(Map.of(E0, 10L));
    }
    try (TopicOffsetStore store = store(load);
        StderrCapture log = new StderrCapture()) {
      store.read(List.of(E0));
      store.commit(Map.of(E0, 4L));
      assertThat(log.text())
          .contains("[WARN]")
          .contains("topic " + offsetsTopic + ": position of events-0 moves back from 10 to 4");
    }
    try (TopicOffsetStore store = store(load)) {
      assertThat(store.read(List.of(E0))).isEqualTo(Map.of(E0, 4L));
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private byte[] key(TopicPartition partition) {
    return PositionKey.format(load, partition).getBytes(StandardCharsets.UTF_8);
  }
}
