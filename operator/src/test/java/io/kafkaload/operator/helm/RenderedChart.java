package io.kafkaload.operator.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.kafkaload.operator.testing.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** helm/kafkaload rendered with helm-java (Helm's own library), as parsed objects. */
public final class RenderedChart {

  public static final String RELEASE = "kafkaload";
  public static final String NAMESPACE = "kafkaload-system";

  /** A Kubernetes version the chart supports (kubeVersion >= 1.27). */
  static final String KUBE_VERSION = "1.30.0";

  // Duplicate keys are an error: Kubernetes' YAML reader refuses them, Jackson would keep the last.
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  public final List<JsonNode> objects;

  private RenderedChart(List<JsonNode> objects) {
    this.objects = objects;
  }

  static Path chart() {
    return Examples.repoRoot().resolve("helm/kafkaload");
  }

  /** Renders with {@code --set key=value} for each entry. */
  public static RenderedChart render(Map<String, Object> values) {
    return render(
        command -> {
          values.forEach(command::set);
          return command;
        });
  }

  static RenderedChart render(UnaryOperator<TemplateCommand> options) {
    String manifest =
        options
            .apply(
                new Helm(chart())
                    .template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION))
            .call();
    return new RenderedChart(parse(manifest));
  }

  static List<JsonNode> parse(String manifest) {
    List<JsonNode> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(manifest)) {
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              node -> {
                if (node != null && node.isObject() && node.has("kind")) {
                  objects.add(node);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  public List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  JsonNode one(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.path("kind").asText()))
        .filter(o -> name.equals(o.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds()));
  }

  List<String> kinds() {
    return objects.stream()
        .map(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
        .sorted()
        .toList();
  }
}
