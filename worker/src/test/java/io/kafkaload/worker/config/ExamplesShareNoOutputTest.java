package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two shipped examples write the same place (a newcomer who runs one example after another must
 * never have a load meet another load's files or rows): files folders neither equal nor nest, table
 * sinks name different tables, Kafka sinks different topics.
 */
class ExamplesShareNoOutputTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void noTwoExamplesWriteTheSameFolderOrTable() throws Exception {
    Map<String, String> folders = new LinkedHashMap<>(); // path -> example
    Map<String, String> tables = new LinkedHashMap<>();
    List<String> files;
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
              .map(Path::toString)
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    List<String> clashes = new ArrayList<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (String file : files) {
      try (MappingIterator<JsonNode> docs =
          yaml.readerFor(JsonNode.class).readValues(Path.of(file).toFile())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc == null || !"KafkaLoad".equals(doc.path("kind").asText())) {
            continue;
          }
          String example =
              Path.of(file).getFileName() + " " + doc.path("metadata").path("name").asText();
          JsonNode sink = doc.path("spec").path("sink");
          if (sink.has("files")) {
            String path = Path.of(sink.path("files").path("path").asText()).normalize().toString();
            for (Map.Entry<String, String> other : folders.entrySet()) {
              if (nests(path, other.getKey()) || nests(other.getKey(), path)) {
                clashes.add(
                    example + " writes " + path + ", " + other.getValue() + " " + other.getKey());
              }
            }
            folders.put(path, example);
          }
          if (sink.has("jdbc")) {
            JsonNode jdbc = sink.path("jdbc");
            String table =
                "jdbc "
                    + jdbc.path("secretRef").path("name").asText()
                    + " "
                    + jdbc.path("table").asText();
            String before = tables.put(table, example);
            if (before != null) {
              clashes.add(example + " and " + before + " write " + table);
            }
          }
          if (sink.has("kafka")) {
            String topic = "kafka topic " + sink.path("kafka").path("topic").asText();
            String before = tables.put(topic, example);
            if (before != null) {
              clashes.add(example + " and " + before + " write " + topic);
            }
          }
          if (sink.has("iceberg")) {
            JsonNode iceberg = sink.path("iceberg");
            String table =
                "iceberg "
                    + iceberg.path("catalog").path("uri").asText()
                    + " "
                    + iceberg.path("catalog").path("warehouse").asText()
                    + " "
                    + iceberg.path("table").asText();
            String before = tables.put(table, example);
            if (before != null) {
              clashes.add(example + " and " + before + " write " + table);
            }
          }
        }
      }
    }
    assertThat(folders).hasSizeGreaterThan(5);
    assertThat(tables).hasSizeGreaterThanOrEqualTo(2);
    assertThat(clashes).isEmpty();
  }

  /** Whether {@code inner} is {@code outer} or a path under it. */
  private static boolean nests(String inner, String outer) {
    return inner.equals(outer) || inner.startsWith(outer + "/");
  }

  @Test
  void aSharedOrNestedFolderIsSeen() {
    assertThat(nests("/data/orders", "/data/orders")).isTrue();
    assertThat(nests("/data/orders/2026", "/data/orders")).isTrue();
    assertThat(nests("/data/orders-csv", "/data/orders")).isFalse();
  }
}
