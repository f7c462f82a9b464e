package io.kafkaload.operator.validation;

import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.operator.api.CsvOptions;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSource;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkloadNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A files source ({@code source.files}), as the worker's rules judge it: a path {@link
 * SourceFilePaths} accepts, a format (given, or named by the path's extension, never both
 * disagreeing), CSV options only for CSV, Batch only, no consumer group store, and no overlap with
 * the load's own files sink. The operator adds what only the pod shows: the base folder, where a
 * claim is mounted, is none of the worker's own folders.
 */
final class FilesSourceRules {

  private static final String FIELD = "spec.source.files.";

  private FilesSourceRules() {}

  static void check(KafkaLoadSpec spec, FilesSource files, List<String> problems) {
    String path = files.getPath();
    String pathProblem = SourceFilePaths.problem(path);
    if (pathProblem != null) {
      problems.add(FIELD + "path: " + pathProblem);
    }
    Optional<FileFormat> format = checkFormat(files, problems);
    if (files.getCsv() != null) {
      format
          .filter(f -> f != FileFormat.Csv)
          .ifPresent(
              f ->
                  problems.add(
                      (FIELD
                              + "csv: only with format Csv, and the files are %s; remove csv, or"
                              + " set format Csv")
                          .formatted(f)));
      checkCsv(files.getCsv(), problems);
    }
    if (LoadDefaults.mode(spec) == LoadMode.Streaming) {
      problems.add(
          "spec.mode: Streaming with spec.source.files; a files source runs in mode Batch for now:"
              + " set mode Batch, with schedule for a recurring run (a folder watch comes later)");
    }
    if (spec.getOffsets() != null && spec.getOffsets().getStore() == OffsetStoreType.Group) {
      problems.add(
          "spec.offsets.store: Group keeps consumer group offsets, which spec.source.files has"
              + " none of; use Sink with sink.kafka or a table sink, or Topic or File, or remove"
              + " store");
    }
    if (pathProblem == null) {
      checkFolders(spec, files, problems);
    }
  }

  /** The format in effect, when one is; adds the problem when there is none or two disagree. */
  private static Optional<FileFormat> checkFormat(FilesSource files, List<String> problems) {
    String path = files.getPath();
    Optional<String> named = path == null ? Optional.empty() : SourceFilePaths.formatOf(path);
    FileFormat given = files.getFormat();
    if (given == null && named.isEmpty()) {
      if (path != null && !path.isBlank()) {
        problems.add(
            (FIELD
                    + "format: missing, and path '%s' names no file extension; set format Parquet,"
                    + " Json, Csv or Avro")
                .formatted(path));
      }
      return Optional.empty();
    }
    if (given != null && named.isPresent() && !named.get().equals(given.name())) {
      problems.add(
          (FIELD
                  + "format: %s, but path '%s' names %s files; set format %s, or remove format (the"
                  + " extension says it)")
              .formatted(given, path, named.get(), named.get()));
    }
    return Optional.of(given != null ? given : FileFormat.valueOf(named.get()));
  }

  private static void checkCsv(CsvOptions csv, List<String> problems) {
    String delimiter = csv.getDelimiter();
    if (delimiter != null && delimiter.codePointCount(0, delimiter.length()) != 1) {
      problems.add(
          (FIELD
                  + "csv.delimiter: '%s' is %d characters; use exactly one, e.g. ';' or '|'"
                  + " (default ,)")
              .formatted(delimiter, delimiter.codePointCount(0, delimiter.length())));
    }
  }

  /**
   * The base folder (what the pod mounts) must not be the worker's own folders, nor the files
   * sink's folder or one inside or around it: the load would read its own output.
   */
  private static void checkFolders(KafkaLoadSpec spec, FilesSource files, List<String> problems) {
    String base = SourceFilePaths.baseFolder(files.getPath());
    // The scratch folder too: a Kafka or table sink's emptyDir is mounted there.
    List<String> reservedPaths = new ArrayList<>(LoadSpecValidator.RESERVED_PATHS);
    reservedPaths.add(WorkloadNames.SCRATCH_DIR);
    for (String reserved : reservedPaths) {
      if (base.equals("/") || LoadSpecValidator.overlaps(base, reserved)) {
        problems.add(
            (FIELD
                    + "path: its folder %s overlaps the worker's own folder %s (its config,"
                    + " secrets, offsets or scratch); choose another folder, e.g. /data/events")
                .formatted(base, reserved));
        return;
      }
    }
    var sink = spec.getSink() == null ? null : spec.getSink().getFiles();
    if (sink == null || sink.getPath() == null || !sink.getPath().startsWith("/")) {
      return;
    }
    String output = SinkFilePaths.folder(sink.getPath()).replaceAll("(?<=.)/+$", "");
    if (SourceFilePaths.readsOutput(files.getPath(), sink.getPath())) {
      problems.add(
          ("spec.source.files.path: its folder %s and the folder of spec.sink.files.path, %s, are"
                  + " %s: the load would read its own output; use folders apart")
              .formatted(
                  base, output, base.equalsIgnoreCase(output) ? "the same" : "inside one another"));
    }
  }
}
