package io.kafkaload.operator.render;

import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSink;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a files sink's {@code path} names: a folder, or (with {@code coalesce: 1}) the file itself.
 * The worker's {@code SinkFilePath} writes the same rule again (the two modules share no model of
 * the spec), and the corpus examples/contract/file-paths.yaml pins both (docs/worker-config.md,
 * "File or folder"): the path's last segment, compared case-insensitively, is a non-empty name
 * followed by a data file extension ({@code .parquet}, {@code .jsonl}, {@code .json}, {@code .csv},
 * {@code .avro}) and optionally by a compression suffix ({@code .gz}, {@code .zst}). The worker pod
 * mounts the folder that holds the files.
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

  /** The compression suffixes a file name may add after its extension. */
  static final List<String> SUFFIXES = List.of(".gz", ".zst");

  /** The extensions a file path of each format may end with, for messages. */
  public static final Map<FileFormat, List<String>> EXTENSIONS_OF =
      Map.of(
          FileFormat.Parquet, List.of(".parquet"),
          FileFormat.Json, List.of(".jsonl", ".json"),
          FileFormat.Csv, List.of(".csv"),
          FileFormat.Avro, List.of(".avro"));

  /**
   * The end of a file name: its data extension and compression suffix, lower case with their dots.
   *
   * @param extension e.g. {@code .csv}
   * @param suffix {@code .gz}, {@code .zst}, or empty
   */
  public record FileName(String extension, String suffix) {

    /** The format the extension stands for. */
    public FileFormat format() {
      return EXTENSIONS.get(extension);
    }
  }

  private SinkPaths() {}

  /** The file name's extension and suffix when {@code path} names a data file, else empty. */
  public static Optional<FileName> fileName(String path) {
    if (path == null) {
      return Optional.empty();
    }
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String suffix = SUFFIXES.stream().filter(name::endsWith).findFirst().orElse("");
    String rest = name.substring(0, name.length() - suffix.length());
    return EXTENSIONS.keySet().stream()
        .filter(ext -> rest.endsWith(ext) && rest.length() > ext.length())
        .findFirst()
        .map(ext -> new FileName(ext, suffix));
  }

  /**
   * The suffix a file of {@code format} written with {@code compression} (null: the format's
   * default) ends with: {@code .gz} or {@code .zst} for compressed Json and Csv, else none (Parquet
   * and Avro compress inside the file).
   */
  public static String suffixOf(FileFormat format, Compression compression) {
    if (format != FileFormat.Json && format != FileFormat.Csv || compression == null) {
      return "";
    }
    return switch (compression) {
      case Gzip -> ".gz";
      case Zstd -> ".zst";
      default -> "";
    };
  }

  /**
   * The folder the pod mounts for the sink: {@code path} itself, or its parent when it names a file
   * (a volume mounted at the file's path would be a folder of that name).
   */
  public static String folder(FilesSink files) {
    String path = files.getPath();
    if (fileName(path).isEmpty()) {
      return path;
    }
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
