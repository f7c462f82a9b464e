package io.kafkaload.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's examples/*.yaml, read as a user would apply them. */
public final class Examples {

  private static final ObjectMapper YAML = new YAMLMapper();

  private Examples() {}

  /** The repository root: the nearest parent folder holding examples/ and crds/. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("examples")) && Files.isDirectory(dir.resolve("crds"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "repository root not found above " + Path.of("").toAbsolutePath());
  }

  /** Every examples/*.yaml, sorted. */
  public static List<Path> files() {
    try (Stream<Path> files = Files.list(repoRoot().resolve("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML documents of a file, as trees. */
  public static List<JsonNode> documents(Path file) {
    try {
      List<JsonNode> documents = new ArrayList<>();
      var parser = new YAMLFactory().createParser(file.toFile());
      YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
      return documents.stream().filter(d -> d != null && !d.isNull() && !d.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document of {@code kind} in {@code file}. */
  public static JsonNode document(Path file, String kind) {
    return documents(file).stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no " + kind));
  }

  /** The KafkaLoad of an example. */
  public static KafkaLoad load(Path file) {
    return Serialization.unmarshal(document(file, KafkaLoad.KIND).toString(), KafkaLoad.class);
  }

  /** The KafkaConnection of an example. */
  public static KafkaConnection connection(Path file) {
    return Serialization.unmarshal(
        document(file, KafkaConnection.KIND).toString(), KafkaConnection.class);
  }

  /** The example's file name without .yaml. */
  public static String baseName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".yaml".length());
  }
}
