package io.kafkaload.worker.security;

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
 * The worker's side of examples/contract/client-options.yaml: its copy of the allowlist and of the
 * properties kafkaload owns is the file's, in order, and it judges each case as the file says (the
 * operator's ClientOptionsContractTest holds its copy to the same file).
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
    assertThat(ClientOptions.ALLOWED_PREFIXES)
        .containsExactlyElementsOf(texts(contract().get("allowedPrefixes")));
  }

  @Test
  void theOwnedPropertiesAreTheContractsList() throws IOException {
    assertThat(ClientOptions.OWNED)
        .containsExactlyInAnyOrderElementsOf(texts(contract().get("owned")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachOptionIsJudgedAsTheContractSays(JsonNode entry) {
    String option = entry.get("option").asText();
    String reason = ClientOptions.refusal(option);
    if (entry.get("allowed").asBoolean()) {
      assertThat(reason).as(option).isNull();
    } else {
      assertThat(reason).as(option).contains(entry.get("refusedBecause").asText());
    }
  }
}
