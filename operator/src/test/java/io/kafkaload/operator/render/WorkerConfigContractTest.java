package io.kafkaload.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.operator.testing.Examples;
import io.kafkaload.operator.testing.JsonDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator side of the contract: each examples/*.yaml renders (namespace default) to exactly
 * examples/rendered/<name>.json, compared as JSON trees. The golden files are the contract; when
 * this fails, fix the renderer (or, if the contract itself must change, change
 * docs/worker-config.md and the golden files together with the worker side).
 *
 * <p>Each golden file also holds an {@code effective} block (not part of the rendered document,
 * removed before the comparison): the values both sides derive from the spec (offset store, group
 * id, flush and limits defaults, file or folder). The operator's computation of it ({@link
 * EffectiveFacts}) must equal the block; the worker's EffectiveContractTest holds its own to the
 * same block.
 *
 * <p>A new example's golden file is written by the renderer itself: run this test with {@code
 * -Dkafkaload.golden.write=true}; it writes only missing golden files, never overwrites one.
 */
class WorkerConfigContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The golden file's block of derived values, beside the rendered document. */
  static final String EFFECTIVE = "effective";

  static Stream<Path> examples() {
    return Examples.files().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void rendersTheGoldenWorkerConfig(Path example) throws IOException {
    Path golden =
        Examples.repoRoot()
            .resolve("examples/rendered")
            .resolve(Examples.baseName(example) + ".json");
    ObjectNode rendered =
        WorkerConfigRenderer.render(
            Examples.load(example), Examples.connection(example), "default");
    if (Boolean.getBoolean("kafkaload.golden.write") && !Files.exists(golden)) {
      ObjectNode withEffective = rendered.deepCopy();
      withEffective.set(EFFECTIVE, EffectiveFacts.of(Examples.load(example)));
      Files.writeString(golden, WorkerConfigRenderer.toJson(withEffective));
    }
    assertThat(golden)
        .as(
            "golden file for %s; write it with -Dkafkaload.golden.write=true",
            example.getFileName())
        .exists();
    ObjectNode expected = (ObjectNode) JSON.readTree(Files.readString(golden));
    expected.remove(EFFECTIVE);

    List<String> differences = JsonDiff.differences(expected, rendered);
    assertThat(differences)
        .as(
            "worker config rendered from %s differs from %s:%n  %s%n"
                + "The golden file is the contract with the worker: fix the renderer. Only if the"
                + " contract itself changed (docs/worker-config.md, agreed with the worker side),"
                + " regenerate it by writing the rendered document below to %s:%n%s",
            example.getFileName(),
            golden,
            String.join("\n  ", differences),
            Examples.repoRoot().relativize(golden),
            WorkerConfigRenderer.toJson(rendered))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void derivesTheGoldenEffectiveValues(Path example) throws IOException {
    Path golden =
        Examples.repoRoot()
            .resolve("examples/rendered")
            .resolve(Examples.baseName(example) + ".json");
    JsonNode expected = JSON.readTree(Files.readString(golden)).get(EFFECTIVE);
    ObjectNode derived = EffectiveFacts.of(Examples.load(example));
    assertThat(expected)
        .as("%s has an effective block; the operator derives:%n%s", golden, derived)
        .isNotNull();
    List<String> differences = JsonDiff.differences(expected, derived);
    assertThat(differences)
        .as(
            "the operator derives other values for %s than the effective block of %s:%n  %s%n"
                + "The block is the contract with the worker (its EffectiveContractTest): fix the"
                + " operator's default, or change the block, the docs and the worker together.",
            example.getFileName(), golden, String.join("\n  ", differences))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void neverWritesJsonNull(Path example) {
    String json =
        WorkerConfigRenderer.toJson(
            WorkerConfigRenderer.render(
                Examples.load(example), Examples.connection(example), "default"));
    assertThat(json).doesNotContain("null");
  }
}
