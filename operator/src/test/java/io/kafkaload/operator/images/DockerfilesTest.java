package io.kafkaload.operator.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.testing.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image recipes are not built here (no Docker engine, no registry), but what can be checked
 * without building is: a pinned base, a numeric non-root user that matches the pods' uid, and only
 * Maven outputs copied in.
 */
class DockerfilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.operator", "Dockerfile.worker"})
  void buildsANonRootImageFromMavenOutputs(String name) throws IOException {
    Path file = Examples.repoRoot().resolve("operator/src/main/docker").resolve(name);
    List<String> lines =
        Files.readAllLines(file).stream()
            .map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(lines)
        .filteredOn(l -> l.startsWith("FROM "))
        .singleElement()
        .asString()
        .matches("FROM [a-z0-9./-]+:[A-Za-z0-9._-]+")
        .doesNotEndWith(":latest");
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1)).isEqualTo("USER 10001:10001");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("COPY ") || l.startsWith("ADD "))
        .allSatisfy(l -> assertThat(l).startsWith("COPY target/"));
  }
}
