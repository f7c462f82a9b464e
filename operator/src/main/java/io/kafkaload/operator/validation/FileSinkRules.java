package io.kafkaload.operator.validation;

import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.WriteMode;
import io.kafkaload.operator.render.LoadDefaults;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file options of a files sink: compression per format, file paths, coalesce, write modes and
 * partition columns (docs/worker-config.md, "Write modes and coalesce").
 */
final class FileSinkRules {

  /** The compressions each format can write, in the order messages list them. */
  static final Map<FileFormat, List<Compression>> COMPRESSIONS =
      Map.of(
          FileFormat.Parquet,
          List.of(
              Compression.Zstd,
              Compression.Snappy,
              Compression.Gzip,
              Compression.Lz4,
              Compression.None),
          FileFormat.Json,
          List.of(Compression.Gzip, Compression.Zstd, Compression.None),
          FileFormat.Csv,
          List.of(Compression.Gzip, Compression.Zstd, Compression.None),
          FileFormat.Avro,
          List.of(Compression.Snappy, Compression.Deflate, Compression.Zstd, Compression.None));

  private FileSinkRules() {}

  static void check(KafkaLoadSpec spec, FilesSink files, List<String> problems) {
    FileFormat format = LoadDefaults.format(files);
    Compression compression = files.getCompression();
    if (compression != null && !COMPRESSIONS.get(format).contains(compression)) {
      problems.add(
          "spec.sink.files.compression: %s is not available for format %s; use one of %s"
              .formatted(compression, format, names(COMPRESSIONS.get(format))));
    }
    boolean streaming = LoadDefaults.mode(spec) == LoadMode.Streaming;
    WriteMode writeMode = files.getWriteMode();
    if (streaming && writeMode != null && writeMode != WriteMode.Append) {
      problems.add(
          "spec.sink.files.writeMode: %s with mode Streaming; Streaming allows Append only:"
                  .formatted(writeMode)
              + " remove writeMode or set Append");
    }
    Integer coalesce = files.getCoalesce();
    if (coalesce != null && coalesce < 1) {
      problems.add("spec.sink.files.coalesce: %d is below 1; use at least 1".formatted(coalesce));
    }
    if (coalesce != null && streaming) {
      problems.add(
          "spec.sink.files.coalesce: only with mode Batch; remove coalesce or set mode Batch");
    }
    checkFilePath(files, format, problems);
    checkPartitionBy(files, problems);
  }

  private static void checkFilePath(FilesSink files, FileFormat format, List<String> problems) {
    Optional<SinkFilePaths.FileName> fileName = SinkFilePaths.fileName(files.getPath());
    if (fileName.isEmpty()) {
      return;
    }
    String path = files.getPath();
    String extension = fileName.get().extension();
    String named = fileName.get().format();
    if (!named.equals(format.name())) {
      problems.add(
          "spec.sink.files.path: '%s' names a %s file but format is %s; name it %s, or set format %s"
              .formatted(
                  path,
                  extension,
                  format,
                  String.join(" or ", SinkFilePaths.extensionsOf(format.name())),
                  named));
    } else {
      Compression compression = files.getCompression();
      String expected =
          SinkFilePaths.suffixOf(format.name(), compression == null ? null : compression.name());
      String suffix = fileName.get().suffix();
      if (!suffix.isEmpty() && !suffix.equals(expected)) {
        problems.add(
            ("spec.sink.files.path: '%s' ends with '%s%s', but format %s with compression %s"
                    + " writes a '%s%s' file; %s")
                .formatted(
                    path,
                    extension,
                    suffix,
                    format,
                    files.getCompression() == null ? "None" : files.getCompression(),
                    extension,
                    expected,
                    // Json and Csv files are compressed whole; Parquet and Avro inside.
                    !SinkFilePaths.suffixOf(format.name(), Compression.Gzip.name()).isEmpty()
                        ? "rename the file, or set compression "
                            + (suffix.equals(".gz")
                                ? "Gzip"
                                : suffix.equals(".zst") ? "Zstd" : "None")
                        : "rename the file (%s compresses inside the file)".formatted(format)));
      }
    }
    if (files.getCoalesce() == null || files.getCoalesce() != 1) {
      problems.add(
          ("spec.sink.files.path: '%s' names a file, which needs coalesce 1 (one file per run);"
                  + " set coalesce: 1, or make path a folder")
              .formatted(path));
    }
    WriteMode writeMode = LoadDefaults.writeMode(files);
    if (writeMode != WriteMode.Overwrite && writeMode != WriteMode.ErrorIfExists) {
      problems.add(
          ("spec.sink.files.writeMode: %s cannot write to the file path '%s'; set Overwrite or"
                  + " ErrorIfExists, or make path a folder")
              .formatted(writeMode, path));
    }
    if (files.getPartitionBy() != null && !files.getPartitionBy().isEmpty()) {
      problems.add(
          ("spec.sink.files.partitionBy: writes folders, and path '%s' names a file; remove"
                  + " partitionBy or make path a folder")
              .formatted(path));
    }
  }

  private static void checkPartitionBy(FilesSink files, List<String> problems) {
    if (files.getPartitionBy() == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < files.getPartitionBy().size(); i++) {
      String column = files.getPartitionBy().get(i);
      if (column == null || column.isBlank()) {
        problems.add(
            "spec.sink.files.partitionBy[%d]: blank; name a column of the rows written"
                .formatted(i));
      } else if (column.contains("/") || column.contains("=")) {
        problems.add(
            "spec.sink.files.partitionBy[%d]: '%s' holds / or =, which make folder names"
                    .formatted(i, column)
                + " ambiguous; name a column without them");
      } else if (!seen.add(column.toLowerCase(java.util.Locale.ROOT))) {
        problems.add(
            "spec.sink.files.partitionBy[%d]: '%s' is listed twice; list each column once"
                .formatted(i, column));
      }
    }
  }

  private static String names(List<Compression> compressions) {
    return String.join(", ", compressions.stream().map(Enum::name).toList());
  }
}
