package io.kafkaload.operator.render;

import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSink;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a files sink's {@code path} names: a folder, or (with {@code coalesce: 1}) the file itself,
 * recognised by a data file extension. The worker pod mounts the folder that holds the files.
 */
public final class SinkPaths {

  /** The extensions that make a path name a file, and the format each one is written in. */
  static final Map<String, FileFormat> EXTENSIONS =
      Map.of(
          ".parquet", FileFormat.Parquet,
          ".jsonl", FileFormat.Json,
          ".json", FileFormat.Json,
          ".csv", FileFormat.Csv,
          ".avro", FileFormat.Avro);

  /** The extensions a file path of each format may end with, for messages. */
  public static final Map<FileFormat, List<String>> EXTENSIONS_OF =
      Map.of(
          FileFormat.Parquet, List.of(".parquet"),
          FileFormat.Json, List.of(".jsonl", ".json"),
          FileFormat.Csv, List.of(".csv"),
          FileFormat.Avro, List.of(".avro"));

  private SinkPaths() {}

  /** The extension (with its dot) when {@code path} names a data file, else empty. */
  public static Optional<String> fileExtension(String path) {
    if (path == null) {
      return Optional.empty();
    }
    String lower = path.toLowerCase(Locale.ROOT);
    return EXTENSIONS.keySet().stream()
        .filter(ext -> lower.endsWith(ext) && lower.length() > ext.length() + 1)
        .filter(ext -> lower.charAt(lower.length() - ext.length() - 1) != '/')
        .findFirst();
  }

  /** The format a file extension stands for. */
  public static FileFormat formatOf(String extension) {
    return EXTENSIONS.get(extension);
  }

  /**
   * The folder the pod mounts for the sink: {@code path} itself, or its parent when it names a file
   * (a volume mounted at the file's path would be a folder of that name).
   */
  public static String folder(FilesSink files) {
    String path = files.getPath();
    if (fileExtension(path).isEmpty()) {
      return path;
    }
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
