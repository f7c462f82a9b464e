package io.kafkaload.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kafkaload.operator.testing.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs examples/argocd's health.lua scripts, as Argo CD does (a global {@code obj}, a returned
 * table with status and message), on every case of their health_test.yaml.
 */
class ArgoCdHealthTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<String> KINDS = List.of("KafkaLoad", "KafkaConnection");

  static Path dir(String kind) {
    return Examples.repoRoot().resolve("examples/argocd/kafkaload.io").resolve(kind);
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String kind : KINDS) {
      JsonNode tests = YAML.readTree(dir(kind).resolve("health_test.yaml").toFile()).path("tests");
      for (JsonNode test : tests) {
        cases.add(
            Arguments.of(
                kind + " " + test.path("inputPath").asText(),
                kind,
                test.path("inputPath").asText(),
                test.at("/healthStatus/status").asText(),
                test.at("/healthStatus/message").asText()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void healthMatchesTheExpectedCase(
      String name, String kind, String input, String status, String message) throws IOException {
    JsonNode object = YAML.readTree(dir(kind).resolve(input).toFile());
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(object));

    LuaValue result =
        globals.load(Files.readString(dir(kind).resolve("health.lua")), "health.lua").call();

    assertThat(result.get("status").tojstring()).isEqualTo(status);
    assertThat(result.get("message").tojstring()).isEqualTo(message);
  }

  @Test
  void everyHealthStatusIsCovered() throws IOException {
    List<String> statuses = cases().map(a -> (String) a.get()[3]).distinct().toList();
    assertThat(statuses)
        .containsExactlyInAnyOrder("Progressing", "Suspended", "Degraded", "Healthy");
  }

  @Test
  void argocdConfigMapSnippetCarriesTheSameScripts() throws IOException {
    JsonNode data =
        YAML.readTree(Examples.repoRoot().resolve("examples/argocd/argocd-cm.yaml").toFile())
            .path("data");
    for (String kind : KINDS) {
      assertThat(data.path("resource.customizations.health.kafkaload.io_" + kind).asText())
          .isEqualTo(Files.readString(dir(kind).resolve("health.lua")));
    }
  }

  /** JSON to Lua the way Argo CD's gopher-lua conversion does: arrays become 1-based tables. */
  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    return LuaValue.valueOf(node.asText());
  }
}
