package io.kafkaload.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.WriteMode;
import io.kafkaload.operator.testing.Examples;
import io.kafkaload.operator.validation.LoadSpecValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's side of examples/contract/file-paths.yaml: for each case, a Batch load's files
 * sink is refused (invalid), or its pod mounts the path's folder (file) or the path itself
 * (folder), as the worker judges the same case when it writes.
 */
class FilePathsContractTest {

  static List<JsonNode> cases() throws IOException {
    JsonNode corpus =
        new YAMLMapper()
            .readTree(
                Examples.repoRoot()
                    .resolve("examples")
                    .resolve("contract")
                    .resolve("file-paths.yaml")
                    .toFile());
    List<JsonNode> cases = new ArrayList<>();
    corpus.get("cases").forEach(cases::add);
    assertThat(cases).hasSizeGreaterThan(10);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOperatorJudgesEachPathAsTheCorpusSays(JsonNode entry) {
    KafkaLoad load =
        Examples.load(
            Path.of(Examples.repoRoot().toString(), "examples", "kafkaload-batch-parquet.yaml"));
    load.getMetadata().setNamespace("ns");
    FilesSink files = load.getSpec().getSink().getFiles();
    String path = entry.get("path").asText();
    files.setPath(path);
    files.setFormat(FileFormat.valueOf(entry.get("format").asText()));
    files.setWriteMode(WriteMode.Overwrite);
    files.setPartitionBy(null);
    files.setCompression(
        entry.has("compression") ? Compression.valueOf(entry.get("compression").asText()) : null);
    files.setCoalesce(entry.has("coalesce") ? entry.get("coalesce").asInt() : null);

    List<String> problems = LoadSpecValidator.validate(load);
    String verdict;
    if (!problems.isEmpty()) {
      assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("spec.sink.files"));
      verdict = "invalid";
    } else {
      String mounted = SinkFilePaths.folder(files.getPath());
      verdict = mounted.equals(path) ? "folder" : "file";
      if (verdict.equals("file")) {
        assertThat(mounted + "/" + path.substring(path.lastIndexOf('/') + 1)).isEqualTo(path);
      }
    }
    assertThat(verdict).as("%s -> %s", entry, problems).isEqualTo(entry.get("names").asText());
  }
}
