package io.kafkaload.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClientOptionRules} against examples/contract/client-options.yaml, its reviewed golden
 * copy: the allowlist and the properties kafkaload owns are the file's, in order, and each case is
 * judged as the file says. The operator and the worker both judge with {@link ClientOptionRules};
 * their InvalidExamplesTest check that each side applies it to both options fields.
 */
class ClientOptionsContractTest {

  static JsonNode contract() throws IOException {
    return new YAMLMapper()
        .readTree(Path.of("..", "examples", "contract", "client-options.yaml").toFile());
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  static List<JsonNode> cases() throws IOException {
    List<JsonNode> cases = new ArrayList<>();
    contract().get("cases").forEach(cases::add);
    assertThat(cases).hasSizeGreaterThan(10);
    return cases;
  }

  @Test
  void theAllowlistIsTheContractsList() throws IOException {
    assertThat(ClientOptionRules.ALLOWED_PREFIXES)
        .containsExactlyElementsOf(texts(contract().get("allowedPrefixes")));
  }

  @Test
  void theOwnedPropertiesAreTheContractsList() throws IOException {
    assertThat(ClientOptionRules.OWNED)
        .containsExactlyInAnyOrderElementsOf(texts(contract().get("owned")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachOptionIsJudgedAsTheContractSays(JsonNode entry) {
    String option = entry.get("option").asText();
    String reason = ClientOptionRules.refusal(option);
    if (entry.get("allowed").asBoolean()) {
      assertThat(reason).as(option).isNull();
      assertThat(ClientOptionRules.allowed(option)).as(option).isTrue();
    } else {
      assertThat(reason).as(option).contains(entry.get("refusedBecause").asText());
      assertThat(ClientOptionRules.allowed(option)).as(option).isFalse();
    }
  }
}
