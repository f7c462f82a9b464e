package io.kafkaload.operator.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.operator.api.FilesSource;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import java.util.Locale;

/**
 * The facts the operator derives from a load, in the shape of the {@code effective} block of the
 * golden files in examples/rendered/ (docs/worker-config.md, "Effective values"). Each value is
 * computed by the operator's own code ({@link LoadDefaults}, {@link SinkFilePaths}, {@link
 * SourceFilePaths}); the worker's EffectiveContractTest computes the same block with the worker's
 * code.
 */
final class EffectiveFacts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EffectiveFacts() {}

  /** The block of {@code load} as rendered into namespace {@code default} (the golden files'). */
  static ObjectNode of(KafkaLoad load) {
    if (load.getMetadata().getNamespace() == null) {
      load.getMetadata().setNamespace("default");
    }
    KafkaLoadSpec spec = load.getSpec();
    ObjectNode effective = JSON.createObjectNode();
    effective.put("mode", LoadDefaults.mode(spec).name());
    if (LoadDefaults.mode(spec) == LoadMode.Streaming) {
      effective.put("trigger", LoadDefaults.trigger(spec).name());
    }
    effective.put("bounded", LoadDefaults.bounded(spec));
    effective.put("groupId", LoadDefaults.groupId(load));
    var kafkaSource = spec.getSource().getKafka();
    if (kafkaSource != null) {
      effective.put("valueFormat", LoadDefaults.valueFormat(kafkaSource).name());
    }
    FilesSource filesSource = spec.getSource().getFiles();
    if (filesSource != null) {
      ObjectNode sourceNode = effective.putObject("filesSource");
      sourceNode.put(
          "names", SourceFilePaths.kind(filesSource.getPath()).name().toLowerCase(Locale.ROOT));
      sourceNode.put("baseFolder", SourceFilePaths.baseFolder(filesSource.getPath()));
      sourceNode.put("format", LoadDefaults.format(filesSource).orElseThrow().name());
      sourceNode.put("hivePartitioning", LoadDefaults.hivePartitioning(filesSource));
    }
    ObjectNode offsets = effective.putObject("offsets");
    OffsetStoreType store = LoadDefaults.offsetStore(spec);
    offsets.put("store", store.name());
    if (store == OffsetStoreType.Topic
        || (store == OffsetStoreType.Sink && LoadDefaults.kafkaSink(spec))) {
      offsets.put("topic", LoadDefaults.offsetsTopic(spec));
    }
    LoadDefaults.Flush flush = LoadDefaults.flush(spec);
    ObjectNode flushNode = effective.putObject("flush");
    flushNode.put("maxRecords", flush.maxRecords());
    flushNode.put("maxBytes", flush.maxBytes());
    flushNode.put("intervalSeconds", flush.intervalSeconds());
    LoadDefaults.Limits limits = LoadDefaults.limits(spec);
    ObjectNode limitsNode = effective.putObject("limits");
    limitsNode.put("sqlTimeoutSeconds", limits.sqlTimeoutSeconds());
    limitsNode.put("maxChunkOutputBytes", limits.maxChunkOutputBytes());
    limitsNode.put("maxTempBytes", limits.maxTempBytes());
    limitsNode.put("maxRowsPerInputRow", limits.maxRowsPerInputRow());
    limitsNode.put("maxValueBytes", limits.maxValueBytes());
    if (spec.getSchema() != null) {
      effective
          .putObject("schema")
          .put("unknownFields", LoadDefaults.unknownFields(spec.getSchema()).name());
    }
    var kafka = spec.getSink().getKafka();
    if (kafka != null) {
      ObjectNode kafkaNode = effective.putObject("kafka");
      kafkaNode.put("format", LoadDefaults.format(kafka).name());
      kafkaNode.put("compression", LoadDefaults.compression(kafka).name());
    }
    var files = spec.getSink().getFiles();
    if (files != null) {
      ObjectNode filesNode = effective.putObject("files");
      String folder = SinkFilePaths.folder(files.getPath());
      filesNode.put(
          "names", SinkFilePaths.fileName(files.getPath()).isPresent() ? "file" : "folder");
      filesNode.put("folder", folder);
      filesNode.put("format", LoadDefaults.format(files).name());
      filesNode.put("writeMode", LoadDefaults.writeMode(files).name());
    }
    return effective;
  }
}
