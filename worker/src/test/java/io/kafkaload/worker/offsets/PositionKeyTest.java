package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PositionKeyTest {

  private static final LoadRef LOAD = new LoadRef("prod", "events-to-parquet");

  @Test
  void formatsTheDocumentedKey() {
    assertThat(PositionKey.format(LOAD, new TopicPartition("events.v1", 3)))
        .isEqualTo("prod/events-to-parquet/events.v1/3");
  }

  @Test
  void parsesWhatItFormats() {
    TopicPartition partition = new TopicPartition("my_topic-2.x", 12);
    assertThat(PositionKey.parse(PositionKey.format(LOAD, partition), LOAD)).contains(partition);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    // another load whose name starts like ours
    "prod/events-to-parquet-2/events/0",
    // the same load name in another namespace
    "staging/events-to-parquet/events/0",
    // a namespace that ends like ours
    "xprod/events-to-parquet/events/0",
    "prod/events-to-parquet/events/",
    "prod/events-to-parquet/events/x",
    "prod/events-to-parquet/events/-1",
    "prod/events-to-parquet//0",
    "prod/events-to-parquet/a/b/0",
    "prod/events-to-parquet/",
    "''"
  })
  void ignoresKeysOfOtherLoadsAndMalformedKeys(String key) {
    assertThat(PositionKey.parse(key, LOAD)).isEmpty();
  }

  @Test
  void ignoresNullKeys() {
    assertThat(PositionKey.parse(null, LOAD)).isEmpty();
  }
}
