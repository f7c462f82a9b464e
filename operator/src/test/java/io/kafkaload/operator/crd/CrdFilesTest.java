package io.kafkaload.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kafkaload.operator.testing.Examples;
import io.kafkaload.operator.testing.JsonDiff;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs (crds/ and the Helm chart's copy) equal what QOSDK generates from the Java
 * model. A {@code @QuarkusTest}, because starting the application in test mode is what makes QOSDK
 * (re)generate operator/target/kubernetes/*.yml from the current classes.
 */
@QuarkusTest
class CrdFilesTest {

  static final List<String> CRDS =
      List.of("kafkaloads.kafkaload.io-v1.yml", "kafkaconnections.kafkaload.io-v1.yml");

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Path root = Examples.repoRoot();
    Path generated = root.resolve("operator/target/kubernetes");
    for (String crd : CRDS) {
      JsonNode expected = YAML.readTree(Files.readString(generated.resolve(crd)));
      for (Path copy : List.of(root.resolve("crds"), root.resolve("helm/kafkaload/crds"))) {
        Path committed = copy.resolve(crd);
        assertThat(committed).as("%s is committed", root.relativize(committed)).exists();
        List<String> differences =
            JsonDiff.differences(expected, YAML.readTree(Files.readString(committed)));
        assertThat(differences)
            .as(
                "%s is stale: it differs from the CRD generated from the Java model:%n  %s%n"
                    + "Fix: from the repository root run%n"
                    + "  cp operator/target/kubernetes/*.kafkaload.io-v1.yml crds/ && "
                    + "cp operator/target/kubernetes/*.kafkaload.io-v1.yml helm/kafkaload/crds/",
                root.relativize(committed), String.join("\n  ", differences))
            .isEmpty();
      }
    }
  }
}
