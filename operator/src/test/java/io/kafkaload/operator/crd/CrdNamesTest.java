package io.kafkaload.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kafkaload.operator.testing.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No category of either CRD shadows a resource name: kubectl resolves a category before a singular
 * name, so {@code kubectl get kafkaload NAME} failed ("you must specify only one resource") while
 * the category was {@code kafkaload}. Reads the committed CRDs ({@link CrdFilesTest} keeps them
 * equal to the generated ones).
 */
class CrdNamesTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void categoriesShadowNoSingularPluralOrShortName() throws IOException {
    Set<String> names = new HashSet<>();
    Set<String> categories = new HashSet<>();
    for (String crd : CrdFilesTest.CRDS) {
      JsonNode spec =
          YAML.readTree(Files.readString(Examples.repoRoot().resolve("crds").resolve(crd)))
              .at("/spec/names");
      names.add(spec.path("singular").asText());
      names.add(spec.path("plural").asText());
      names.add(spec.path("kind").asText().toLowerCase());
      spec.path("shortNames").forEach(n -> names.add(n.asText()));
      spec.path("categories").forEach(c -> categories.add(c.asText()));
    }
    assertThat(names).contains("kafkaload", "kafkaloads", "kl", "kafkaconnection", "kconn");
    assertThat(categories).isNotEmpty().doesNotContainAnyElementsOf(names);
    // Nor the names of other Kafka operators' kinds (Strimzi's Kafka, KafkaConnect...).
    assertThat(categories)
        .doesNotContainAnyElementsOf(List.of("kafka", "kafkas", "kafkaconnect", "kc", "all"));
  }
}
