package io.kafkaload.worker.output.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.config.WorkerConfigContractTest;
import io.kafkaload.worker.source.kafka.plan.RunMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's side of the {@code effective} block of each golden file in examples/rendered/: the
 * values the worker derives from the rendered document (offset store, group id, flush and limits
 * defaults, file or folder, ...) are the block's, which the operator's WorkerConfigContractTest
 * holds its own derivation to (docs/worker-config.md, "Effective values").
 */
class EffectiveContractTest {

  static List<Path> goldenFiles() throws IOException {
    return WorkerConfigContractTest.goldenFiles();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void theWorkerDerivesTheGoldenEffectiveValues(Path golden) throws IOException {
    JsonNode expected =
        ConfigLoader.json()
            .readTree(Files.readString(golden))
            .get(WorkerConfigContractTest.EFFECTIVE);
    assertThat(expected).as("%s has an effective block", golden).isNotNull();
    WorkerConfig config =
        ConfigLoader.parseRendered(WorkerConfigContractTest.renderedDocument(golden));
    JsonNode derived = normalized(effective(config));
    assertThat(derived)
        .as(
            "the worker derives other values for %s than its effective block (the contract with"
                + " the operator): fix the worker's default, or change the block, the docs and the"
                + " operator together",
            golden)
        .isEqualTo(normalized(expected));
  }

  /** The block as the worker derives it, with the worker's own code. */
  static ObjectNode effective(WorkerConfig config) {
    LoadSpec spec = config.spec();
    ObjectNode effective = ConfigLoader.json().createObjectNode();
    effective.put("mode", spec.modeOrDefault().name());
    if (spec.modeOrDefault() == LoadSpec.Mode.Streaming) {
      effective.put("trigger", spec.triggerOrDefault().name());
    }
    effective.put("bounded", RunMode.of(spec).bounded());
    effective.put("groupId", spec.groupIdOrDefault(config.load()));
    LoadSpec.KafkaSource kafkaSource = spec.source().kafka();
    if (kafkaSource != null) {
      effective.put("valueFormat", kafkaSource.formatOrDefault().name());
    }
    LoadSpec.FilesSource filesSource = spec.source().files();
    if (filesSource != null) {
      // what the worker lists (SourceFiles) and names files relative to, and how it reads them
      ObjectNode sourceNode = effective.putObject("filesSource");
      sourceNode.put(
          "names", SourceFilePaths.kind(filesSource.path()).name().toLowerCase(Locale.ROOT));
      sourceNode.put("baseFolder", SourceFilePaths.baseFolder(filesSource.path()));
      sourceNode.put("format", filesSource.formatOrDefault().name());
      sourceNode.put("hivePartitioning", filesSource.hivePartitioningOrDefault());
    }
    ObjectNode offsets = effective.putObject("offsets");
    offsets.put("store", spec.offsetStoreOrDefault().name());
    if (spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Topic
        || (spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Sink
            && spec.sink().kafka() != null)) {
      offsets.put("topic", spec.offsetsTopicOrDefault());
    }
    LoadSpec.Flush flush = spec.sink().flushOrDefault();
    ObjectNode flushNode = effective.putObject("flush");
    flushNode.put("maxRecords", flush.maxRecordsOrDefault());
    flushNode.put("maxBytes", flush.maxBytesOrDefault());
    flushNode.put("intervalSeconds", flush.intervalSecondsOrDefault());
    var limits = spec.limitsOrDefault();
    ObjectNode limitsNode = effective.putObject("limits");
    limitsNode.put("sqlTimeoutSeconds", limits.sqlTimeoutSecondsOrDefault());
    limitsNode.put("maxChunkOutputBytes", limits.maxChunkOutputBytesOrDefault());
    limitsNode.put("maxTempBytes", limits.maxTempBytesOrDefault());
    limitsNode.put("maxRowsPerInputRow", limits.maxRowsPerInputRowOrDefault());
    limitsNode.put("maxValueBytes", limits.maxValueBytesOrDefault());
    if (spec.schema() != null) {
      effective
          .putObject("schema")
          .put("unknownFields", spec.schema().unknownFieldsOrDefault().name());
    }
    LoadSpec.KafkaSink kafka = spec.sink().kafka();
    if (kafka != null) {
      ObjectNode kafkaNode = effective.putObject("kafka");
      kafkaNode.put("format", kafka.formatOrDefault().name());
      kafkaNode.put("compression", kafka.compressionOrDefault().name());
    }
    LoadSpec.FilesSink files = spec.sink().files();
    if (files != null) {
      ObjectNode filesNode = effective.putObject("files");
      Path exact = FilesLayout.of(files).exactFile();
      filesNode.put("names", exact == null ? "folder" : "file");
      filesNode.put(
          "folder",
          exact == null ? Path.of(files.path()).toString() : exact.getParent().toString());
      filesNode.put("format", files.formatOrDefault().name());
      filesNode.put("writeMode", files.writeModeOrDefault().name());
    }
    return effective;
  }

  /** Serialised and read back, so numbers compare by value, not by Java type. */
  private static JsonNode normalized(JsonNode node) throws IOException {
    return ConfigLoader.json().readTree(ConfigLoader.json().writeValueAsString(node));
  }
}
