package io.kafkaload.worker.config;

import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.contract.SourceFilePaths;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a files source ({@code source.files}), as the CRD's rules and the operator's
 * validators, held to them by the corpus examples/invalid/: the path ({@link SourceFilePaths}), the
 * format it names, the CSV options, and what a files source cannot do (keep its positions in a
 * consumer group, run as a Streaming load, read the load's own output).
 */
final class FilesSourceRules {

  private FilesSourceRules() {}

  static List<String> problems(LoadSpec spec) {
    LoadSpec.FilesSource files = spec.source().files();
    List<String> p = new ArrayList<>();
    String pathProblem = SourceFilePaths.problem(files.path());
    if (pathProblem != null) {
      p.add("spec.source.files.path " + pathProblem);
      return p;
    }
    String byExtension = SourceFilePaths.formatOf(files.path()).orElse(null);
    if (files.format() == null && byExtension == null) {
      p.add(
          "spec.source.files.format is missing: the path '"
              + files.path()
              + "' does not end in .parquet, .json, .jsonl, .csv or .avro; set format: Parquet,"
              + " Json, Csv or Avro");
    } else if (files.format() != null
        && byExtension != null
        && !files.format().name().equals(byExtension)) {
      p.add(
          "spec.source.files.format "
              + files.format()
              + " contradicts the path '"
              + files.path()
              + "', whose extension names "
              + byExtension
              + "; set format: "
              + byExtension
              + " or fix the path");
    }
    LoadSpec.FileFormat format = files.formatOrDefault();
    if (files.csv() != null && format != null && format != LoadSpec.FileFormat.Csv) {
      p.add(
          "spec.source.files.csv: only with format Csv (the files are " + format + "); remove csv");
    }
    String delimiter = files.csv() == null ? null : files.csv().delimiter();
    if (delimiter != null && delimiter.codePointCount(0, delimiter.length()) != 1) {
      p.add(
          "spec.source.files.csv.delimiter '"
              + delimiter
              + "' must be exactly one character, e.g. ',' or ';'");
    }
    if (spec.offsets() != null && spec.offsets().store() == LoadSpec.OffsetStoreKind.Group) {
      p.add(
          "spec.offsets.store: Group keeps positions in a Kafka consumer group, which a files source"
              + " has not; use Sink (with a Kafka or table sink), Topic or File");
    }
    if (spec.modeOrDefault() == LoadSpec.Mode.Streaming) {
      p.add(
          "spec.mode: Streaming is not supported with source.files yet; use mode Batch (with"
              + " schedule for a recurring run: each run sends the files not sent before)");
    }
    LoadSpec.FilesSink sink = spec.sink() == null ? null : spec.sink().files();
    if (sink != null
        && !SpecValidator.isBlank(sink.path())
        && SourceFilePaths.readsOutput(files.path(), sink.path())) {
      String source = SourceFilePaths.baseFolder(files.path());
      String output = SinkFilePaths.folder(sink.path());
      p.add(
          "spec.source.files.path '"
              + files.path()
              + "' and spec.sink.files.path '"
              + sink.path()
              + "' share the folder "
              + (source.length() >= output.length() ? output : source)
              + ": a load must not read its own output; use separate folders");
    }
    return p;
  }
}
