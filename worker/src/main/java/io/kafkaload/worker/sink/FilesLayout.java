package io.kafkaload.worker.sink;

import io.kafkaload.worker.config.LoadSpec;
import java.nio.file.Path;

/**
 * The write mode, the number of files a run is merged into ({@code coalesce}, null: one per chunk),
 * and the file a run writes when {@code path} names one.
 */
record FilesLayout(LoadSpec.WriteMode writeMode, Integer coalesce, Path exactFile) {
  static final FilesLayout APPEND = new FilesLayout(LoadSpec.WriteMode.Append, null, null);

  static FilesLayout of(LoadSpec.FilesSink spec, RowsPlan plan) {
    Path path = Path.of(spec.path());
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    String base = plan.extension().split("\\.")[0]; // csv of csv.gz
    boolean namesFile =
        name.endsWith("." + plan.extension())
            || name.endsWith("." + base)
            || (base.equals(FileNames.JSONL) && name.endsWith(".json"));
    Path exact =
        spec.coalesce() != null && spec.coalesce() == 1 && namesFile
            ? withSuffix(path.toAbsolutePath(), plan.extension())
            : null;
    return new FilesLayout(spec.writeModeOrDefault(), spec.coalesce(), exact);
  }

  /**
   * {@code file} with the compression's suffix when its name ends with the format's extension only
   * ({@code payments.csv} of a gzip CSV is written as {@code payments.csv.gz}): a file's name
   * always says how to read it.
   */
  static Path withSuffix(Path file, String extension) {
    String name = file.getFileName().toString();
    int dot = extension.indexOf('.');
    if (dot < 0 || name.endsWith("." + extension)) {
      return file;
    }
    String suffix = extension.substring(dot); // .gz of csv.gz
    return file.resolveSibling(name + suffix);
  }
}
