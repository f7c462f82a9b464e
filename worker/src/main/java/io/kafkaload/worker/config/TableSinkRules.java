package io.kafkaload.worker.config;

import java.util.List;

/**
 * The checks of a table sink ({@code sink.jdbc} or {@code sink.iceberg}), as the CRD's rules and
 * the operator's {@code TableSinkRules}; the corpus examples/invalid/ holds both sides to them.
 */
final class TableSinkRules {

  private TableSinkRules() {}

  static void check(LoadSpec spec, List<String> p) {
    LoadSpec.Sink sink = spec.sink();
    if (sink.jdbc() != null) {
      if (sink.jdbc().secretRef() == null || isBlank(sink.jdbc().secretRef().name())) {
        p.add(
            "spec.sink.jdbc.secretRef.name is missing; name the Secret with keys url, user and"
                + " password");
      }
      if (isBlank(sink.jdbc().table())) {
        p.add("spec.sink.jdbc.table is missing; name the table (or schema.table) to load");
      }
    }
    if (sink.iceberg() != null) {
      LoadSpec.WriteMode icebergMode = sink.iceberg().writeModeOrDefault();
      if (icebergMode != LoadSpec.WriteMode.Append && icebergMode != LoadSpec.WriteMode.Overwrite) {
        p.add(
            "spec.sink.iceberg.writeMode "
                + icebergMode
                + ": an Iceberg sink writes Append or Overwrite only");
      }
      if (sink.iceberg().catalog() == null || sink.iceberg().catalog().type() == null) {
        p.add("spec.sink.iceberg.catalog.type is missing; set Rest, Jdbc or Hadoop");
      }
      if (isBlank(sink.iceberg().namespace()) || isBlank(sink.iceberg().table())) {
        p.add("spec.sink.iceberg.namespace and table are required; name the table to load");
      }
    }
    if (spec.offsetStoreOrDefault() != LoadSpec.OffsetStoreKind.Sink) {
      p.add(
          "spec.offsets.store "
              + spec.offsetStoreOrDefault()
              + " with a table sink: the table keeps the positions with its rows (exactly-once);"
              + " use offsets.store Sink (the default for table sinks)");
    }
    if (spec.rejected() == null || isBlank(spec.rejected().topic())) {
      p.add(
          "a table sink sends its rejected records to a topic: set spec.rejected.topic (the"
              + " records are produced, acknowledged, before each commit)");
    }
    if (spec.modeOrDefault() == LoadSpec.Mode.Streaming) {
      LoadSpec.WriteMode tableMode =
          sink.jdbc() != null
              ? sink.jdbc().writeModeOrDefault()
              : sink.iceberg().writeModeOrDefault();
      if (tableMode != LoadSpec.WriteMode.Append) {
        p.add(
            "spec.sink."
                + (sink.jdbc() != null ? "jdbc" : "iceberg")
                + ".writeMode "
                + tableMode
                + ": a Streaming load appends (trigger Once included); set writeMode: Append,"
                + " or mode: Batch");
      }
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
