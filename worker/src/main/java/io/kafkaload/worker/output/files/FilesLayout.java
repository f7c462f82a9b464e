package io.kafkaload.worker.output.files;

import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.transform.RowsPlan;
import java.nio.file.Path;

/**
 * The write mode, the number of files a run is merged into ({@code coalesce}, null: one per chunk),
 * and the file a run writes when {@code path} names one.
 */
public record FilesLayout(LoadSpec.WriteMode writeMode, Integer coalesce, Path exactFile) {
  public static final FilesLayout APPEND = new FilesLayout(LoadSpec.WriteMode.Append, null, null);

  /**
   * The layout of a validated spec: {@code path} is the file itself when it names one ({@link
   * SinkFilePaths}; the validator refused a name that does not match the format and compression)
   * and {@code coalesce} is 1.
   */
  public static FilesLayout of(LoadSpec.FilesSink spec) {
    Path exact =
        spec.coalesce() != null
                && spec.coalesce() == 1
                && SinkFilePaths.fileName(spec.path()).isPresent()
            ? Path.of(spec.path()).toAbsolutePath()
            : null;
    return new FilesLayout(spec.writeModeOrDefault(), spec.coalesce(), exact);
  }

  /** The layout of {@code spec} written as {@code plan} says: its file named with its suffix. */
  public static FilesLayout of(LoadSpec.FilesSink spec, RowsPlan plan) {
    return of(spec).withCompressionSuffix(plan.extension());
  }

  /** This layout with its file named with the compression's suffix, when the name has none. */
  FilesLayout withCompressionSuffix(String extension) {
    return exactFile == null
        ? this
        : new FilesLayout(writeMode, coalesce, withSuffix(exactFile, extension));
  }

  /**
   * {@code file} with the compression's suffix when its name ends with the format's extension only
   * ({@code payments.csv} of a gzip CSV is written as {@code payments.csv.gz}): a file's name
   * always says how to read it.
   */
  static Path withSuffix(Path file, String extension) {
    String named =
        SinkFilePaths.fileName(file.toString()).map(SinkFilePaths.FileName::suffix).orElse("");
    int dot = extension.indexOf('.');
    if (dot < 0 || !named.isEmpty()) {
      return file; // no suffix to add, or the name has one (the validator checked it)
    }
    return file.resolveSibling(file.getFileName() + extension.substring(dot)); // .gz of csv.gz
  }
}
