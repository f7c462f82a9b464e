package io.kafkaload.worker.output.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.SpecValidator;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.config.WorkerConfigContractTest;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's side of examples/contract/file-paths.yaml: for each case, a Batch load's files sink
 * is refused by the validator (invalid), or written as exactly that file (file) or into that folder
 * (folder), as the operator judges the same case when it mounts the sink's folder.
 */
class FilePathsContractTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  static List<JsonNode> cases() throws IOException {
    JsonNode corpus =
        new YAMLMapper().readTree(EXAMPLES.resolve("contract").resolve("file-paths.yaml").toFile());
    List<JsonNode> cases = new ArrayList<>();
    corpus.get("cases").forEach(cases::add);
    assertThat(cases).hasSizeGreaterThan(10);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theWorkerJudgesEachPathAsTheCorpusSays(JsonNode entry) throws IOException {
    ObjectNode document =
        (ObjectNode)
            ConfigLoader.json()
                .readTree(
                    WorkerConfigContractTest.renderedDocument(
                        EXAMPLES.resolve("rendered").resolve("kafkaload-batch-parquet.json")));
    ObjectNode files = (ObjectNode) document.at("/spec/sink/files");
    files.put("path", entry.get("path").asText());
    files.put("format", entry.get("format").asText());
    files.put("writeMode", "Overwrite");
    files.remove(List.of("compression", "coalesce", "partitionBy"));
    if (entry.has("compression")) {
      files.put("compression", entry.get("compression").asText());
    }
    if (entry.has("coalesce")) {
      files.put("coalesce", entry.get("coalesce").asInt());
    }
    WorkerConfig config =
        ConfigLoader.parseRendered(ConfigLoader.json().writeValueAsString(document));

    List<String> problems = SpecValidator.problems(config);
    String verdict;
    if (!problems.isEmpty()) {
      assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("spec.sink.files"));
      verdict = "invalid";
    } else {
      var sink = config.spec().sink().files();
      FilesLayout layout =
          FilesLayout.of(sink, RowsPlan.plain(sink.formatOrDefault(), sink.compressionOrDefault()));
      verdict = layout.exactFile() == null ? "folder" : "file";
      if (layout.exactFile() != null) {
        // the file itself, with the compression's suffix added when its name has none
        Path named = Path.of(entry.get("path").asText()).toAbsolutePath();
        assertThat(layout.exactFile().getParent()).isEqualTo(named.getParent());
        assertThat(layout.exactFile().getFileName().toString())
            .startsWith(named.getFileName().toString());
      }
    }
    assertThat(verdict).as("%s -> %s", entry, problems).isEqualTo(entry.get("names").asText());
  }
}
