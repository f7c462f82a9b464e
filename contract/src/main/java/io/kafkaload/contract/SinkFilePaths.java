package io.kafkaload.contract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a files sink's {@code path} names: a folder, or (with {@code coalesce: 1}) the file itself.
 * The operator mounts the folder that holds the file; the worker writes exactly that file; both
 * judge the path with this rule, and the corpus examples/contract/file-paths.yaml pins how each
 * side applies it (docs/worker-config.md, "File or folder"). The path names a file when its last
 * segment (after the last {@code /}: a trailing slash names a folder), compared case-insensitively,
 * is a non-empty name, a data file extension ({@code .parquet}, {@code .jsonl}, {@code .json},
 * {@code .csv}, {@code .avro}) and optionally a compression suffix ({@code .gz}, {@code .zst}).
 *
 * <p>Formats and compressions are the spec's values, as spelt there ({@code Parquet}, {@code Json},
 * {@code Csv}, {@code Avro}; {@code Gzip}, {@code Zstd}, ...): each side passes its enum's name.
 */
public final class SinkFilePaths {

  /** The extensions that make a path name a file, and the format each one is written in. */
  static final Map<String, String> EXTENSIONS =
      Map.of(
          ".parquet", "Parquet",
          ".jsonl", "Json",
          ".json", "Json",
          ".csv", "Csv",
          ".avro", "Avro");

  /** The compression suffixes a file name may add after its extension. */
  static final List<String> SUFFIXES = List.of(".gz", ".zst");

  /** The extensions a file path of each format may end with, in the order messages name them. */
  static final Map<String, List<String>> EXTENSIONS_OF =
      Map.of(
          "Parquet", List.of(".parquet"),
          "Json", List.of(".jsonl", ".json"),
          "Csv", List.of(".csv"),
          "Avro", List.of(".avro"));

  /**
   * The end of a file name: its data extension and compression suffix, lower case with their dots.
   *
   * @param extension e.g. {@code .csv}
   * @param suffix {@code .gz}, {@code .zst}, or empty
   */
  public record FileName(String extension, String suffix) {

    /**
     * The format the extension stands for: {@code Parquet}, {@code Json}, {@code Csv}, {@code
     * Avro}.
     */
    public String format() {
      return EXTENSIONS.get(extension);
    }
  }

  private SinkFilePaths() {}

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

  /** The extensions a file of {@code format} may be named with ({@code .jsonl}, {@code .json}). */
  public static List<String> extensionsOf(String format) {
    return EXTENSIONS_OF.getOrDefault(format, List.of());
  }

  /**
   * The suffix a file of {@code format} written with {@code compression} ends with: {@code .gz} or
   * {@code .zst} for Gzip or Zstd Json and Csv, else none (Parquet and Avro compress inside the
   * file). A null compression is the format's default, which for Json and Csv is None.
   */
  public static String suffixOf(String format, String compression) {
    if (!"Json".equals(format) && !"Csv".equals(format) || compression == null) {
      return "";
    }
    return switch (compression) {
      case "Gzip" -> ".gz";
      case "Zstd" -> ".zst";
      default -> "";
    };
  }

  /**
   * The folder that holds the sink's files: {@code path} itself, or its parent when it names a file
   * (what the worker pod mounts: a volume mounted at the file's path would be a folder of that
   * name).
   */
  public static String folder(String path) {
    if (fileName(path).isEmpty()) {
      return path;
    }
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
