package io.kafkaload.worker.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a files sink's {@code path} names a file or a folder: the one rule of the worker, used by
 * {@link SpecValidator} and the files sink, and shared with the operator (which mounts the folder
 * holding the file) through the corpus examples/contract/file-paths.yaml (docs/worker-config.md,
 * "File or folder"). The path's last segment (after the last {@code /}: a trailing slash names a
 * folder), compared case-insensitively, is a non-empty name, a data file extension and optionally a
 * compression suffix ({@code .gz}, {@code .zst}).
 */
public final class SinkFilePath {

  /** The extensions that make a path name a file, and the format each one is written in. */
  static final Map<String, LoadSpec.FileFormat> EXTENSIONS =
      Map.of(
          ".parquet", LoadSpec.FileFormat.Parquet,
          ".jsonl", LoadSpec.FileFormat.Json,
          ".json", LoadSpec.FileFormat.Json,
          ".csv", LoadSpec.FileFormat.Csv,
          ".avro", LoadSpec.FileFormat.Avro);

  /** The compression suffixes a file name may add after its extension. */
  static final List<String> SUFFIXES = List.of(".gz", ".zst");

  /**
   * The end of a file name, lower case with its dots.
   *
   * @param extension e.g. {@code .csv}
   * @param suffix {@code .gz}, {@code .zst}, or empty
   */
  public record Name(String extension, String suffix) {

    /** The format the extension stands for. */
    public LoadSpec.FileFormat format() {
      return EXTENSIONS.get(extension);
    }
  }

  private SinkFilePath() {}

  /** The extension and suffix when {@code path} names a data file, else empty (a folder). */
  public static Optional<Name> of(String path) {
    if (path == null) {
      return Optional.empty();
    }
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String suffix = SUFFIXES.stream().filter(name::endsWith).findFirst().orElse("");
    String rest = name.substring(0, name.length() - suffix.length());
    return EXTENSIONS.keySet().stream()
        .filter(ext -> rest.endsWith(ext) && rest.length() > ext.length())
        .findFirst()
        .map(ext -> new Name(ext, suffix));
  }

  /**
   * The suffix a file of {@code format} with {@code compression} ends with: {@code .gz} or {@code
   * .zst} for compressed Json and Csv; none for Parquet and Avro, which compress inside the file.
   */
  public static String suffixOf(LoadSpec.FileFormat format, LoadSpec.Compression compression) {
    if (format != LoadSpec.FileFormat.Json && format != LoadSpec.FileFormat.Csv) {
      return "";
    }
    return switch (compression) {
      case Gzip -> ".gz";
      case Zstd -> ".zst";
      default -> "";
    };
  }
}
