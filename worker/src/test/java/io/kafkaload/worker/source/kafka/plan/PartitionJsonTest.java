package io.kafkaload.worker.source.kafka.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spark's per-partition JSON: what parses, and that everything else gets Spark's message. */
class PartitionJsonTest {

  @Test
  void parsesOffsetsInTheOrderWritten() {
    Map<TopicPartition, Long> offsets =
        PartitionJson.offsets("{\"b\":{\"1\":23,\"0\":-2},\"a\":{\" 0 \":-1}}");
    assertThat(new ArrayList<>(offsets.entrySet()))
        .extracting(e -> e.getKey() + "=" + e.getValue())
        .containsExactly("b-1=23", "b-0=-2", "a-0=-1");
  }

  @Test
  void parsesTimestamps() {
    assertThat(PartitionJson.timestamps("{\"t\":{\"0\":1700000000000}}"))
        .containsEntry(new TopicPartition("t", 0), 1_700_000_000_000L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{}",
        "[1]",
        "{\"t\":5}",
        "{\"t\":{}}",
        "{\"\":{\"0\":1}}",
        "{\"t\":{\"x\":1}}",
        "{\"t\":{\"-1\":1}}",
        "{\"t\":{\"0\":1.5}}",
        "{\"t\":{\"0\":\"5\"}}",
        "{\"t\":{\"0\":99999999999999999999}}",
        "{\"t\":{\"0\":1}",
        "{\"t\":{\"0\":1}} trailing",
        "{\"t\":{\"0\":1,\"0\":2}}"
      })
  void refusesEverythingElseWithSparksMessage(String json) {
    assertThatThrownBy(() -> PartitionJson.offsets(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Expected e.g. {\"topicA\":{\"0\":23,\"1\":-1},\"topicB\":{\"0\":-2}}")
        .hasMessageEndingWith("got " + json);
  }
}
