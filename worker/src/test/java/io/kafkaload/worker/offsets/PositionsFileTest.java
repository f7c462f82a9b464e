package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PositionsFileTest {

  private static final Path FILE = Path.of("/offsets/default.load.json");

  @Test
  void rendersTheDocumentedShapeSorted() {
    String json =
        new String(
            PositionsFile.render(
                Map.of(
                    new TopicPartition("b", 0), 1L,
                    new TopicPartition("a", 10), 3L,
                    new TopicPartition("a", 2), 2L)),
            StandardCharsets.UTF_8);
    assertThat(json.replaceAll("\\s", ""))
        .isEqualTo("{\"positions\":{\"a\":{\"2\":2,\"10\":3},\"b\":{\"0\":1}}}");
    assertThat(json).endsWith("\n");
  }

  @Test
  void parsesWhatItRenders() {
    Map<TopicPartition, Long> positions =
        Map.of(new TopicPartition("events", 0), 42L, new TopicPartition("events", 1), 1L << 40);
    assertThat(PositionsFile.parse(PositionsFile.render(positions), FILE)).isEqualTo(positions);
  }

  @Test
  void parsesAnEmptyPositionsObject() {
    assertThat(PositionsFile.parse(bytes("{\"positions\":{}}"), FILE)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{\"positions\":{\"events\":{\"0\":4",
        "{\"positions\":{\"events\":{\"0\":4}}} trailing",
        "[]",
        "{}",
        "{\"positions\":[]}",
        "{\"positions\":{\"events\":7}}",
        "{\"positions\":{\"events\":{\"x\":7}}}",
        "{\"positions\":{\"events\":{\"-1\":7}}}",
        "{\"positions\":{\"events\":{\"0\":-7}}}",
        "{\"positions\":{\"events\":{\"0\":\"7\"}}}",
        "{\"positions\":{\"events\":{\"0\":7.5}}}",
        "{\"positions\":{\"events\":{\"0\":null}}}",
        "{\"positions\":{\"events\":{\"0\":99999999999999999999999}}}",
        "{\"positions\":{\"events\":{\"0\":1,\"0\":2}}}"
      })
  void rejectsDamagedContentNamingTheFileAndTheFix(String content) {
    assertThatThrownBy(() -> PositionsFile.parse(bytes(content), FILE))
        .isInstanceOf(OffsetStoreException.class)
        .hasMessageContaining("the offsets file " + FILE + " is corrupt")
        .hasMessageContaining("Restore it from a backup or fix it by hand")
        .hasMessageContaining("deleting it makes the load start again from the earliest");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
