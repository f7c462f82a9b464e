package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's side of the contract with the operator: every golden worker config in
 * examples/rendered/ loads with unknown fields refused and serialises back to the same document,
 * and the worker builds that same document from the example YAML a user applies. The golden file's
 * {@code effective} block is not part of the document (see EffectiveContractTest).
 */
public class WorkerConfigContractTest {
  public static final Path EXAMPLES = Path.of("..", "examples");
  static final WorkerConfig.Runtime POD_RUNTIME =
      new WorkerConfig.Runtime("/var/run/secrets/kafkaload", "/var/lib/kafkaload/offsets");

  /** The block of derived values beside the rendered document in each golden file. */
  public static final String EFFECTIVE = "effective";

  /** The rendered document of a golden file: its text without the {@code effective} block. */
  public static String renderedDocument(Path golden) throws IOException {
    ObjectNode tree = (ObjectNode) ConfigLoader.json().readTree(Files.readString(golden));
    tree.remove(EFFECTIVE);
    return ConfigLoader.json().writeValueAsString(tree);
  }

  public static List<Path> goldenFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES.resolve("rendered"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyExampleHasAGoldenFile() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).isNotEmpty();
    for (Path example : examples) {
      String name = example.getFileName().toString().replace(".yaml", ".json");
      assertThat(EXAMPLES.resolve("rendered").resolve(name)).exists();
    }
  }

  @ParameterizedTest
  @MethodSource("goldenFiles")
  void goldenFileRoundTrips(Path golden) throws IOException {
    String text = renderedDocument(golden);
    WorkerConfig config = ConfigLoader.parseRendered(text);
    JsonNode expected = ConfigLoader.json().readTree(text);
    JsonNode actual = tree(config);
    assertThat(actual).isEqualTo(expected);
    assertThat(SpecValidator.problems(config)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("goldenFiles")
  void exampleYamlBuildsTheGoldenDocument(Path golden) throws IOException {
    String base = golden.getFileName().toString().replace(".json", ".yaml");
    WorkerConfig fromYaml = ConfigLoader.load(EXAMPLES.resolve(base), null, POD_RUNTIME);
    JsonNode expected = ConfigLoader.json().readTree(renderedDocument(golden));
    assertThat(tree(fromYaml)).isEqualTo(expected);
  }

  /** Serialised and read back, so numbers compare by value, not by Java type. */
  private static JsonNode tree(WorkerConfig config) throws IOException {
    return ConfigLoader.json().readTree(ConfigLoader.json().writeValueAsString(config));
  }

  @Test
  void unknownFieldIsRefusedWithItsPath() {
    String doc =
        """
        {"apiVersion":"kafkaload.io/v1alpha1","kind":"WorkerConfig",
         "load":{"namespace":"default","name":"x"},
         "connection":{"name":"c","spec":{"bootstrapServers":"k:9092"}},
         "spec":{"connectionRef":{"name":"c"},"sink":{"files":{"path":"/d","fromat":"Json"}}}}
        """;
    assertThatThrownBy(() -> ConfigLoader.parseRendered(doc))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.sink.files.fromat: unknown field")
        .hasMessageContaining("format");
  }
}
