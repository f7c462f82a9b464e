package io.kafkaload.worker.config;

import io.kafkaload.contract.SinkFilePaths;
import java.util.List;
import java.util.Optional;

/**
 * The checks of a files sink ({@code sink.files}): its path, the compressions each format takes,
 * what Streaming allows, a path that names one file; as the CRD's rules and the operator's
 * validators, held to them by the corpus examples/invalid/. The flush and the offsets store are
 * checked with the other sinks' by {@link SpecValidator}.
 */
final class FilesSinkRules {

  private FilesSinkRules() {}

  static void check(LoadSpec spec, List<String> p) {
    LoadSpec.FilesSink files = spec.sink().files();
    if (SpecValidator.isBlank(files.path())) {
      p.add("spec.sink.files.path is missing; give the folder to write files to");
    }
    checkCompression(files, p);
    // as the CRD's rules: mode Streaming, whatever its trigger (Once too), appends and does not
    // coalesce
    checkWriteMode(files, spec.modeOrDefault() == LoadSpec.Mode.Streaming, p);
    checkFileOrFolder(files, p);
    for (int i = 0; i < files.partitionByOrDefault().size(); i++) {
      if (SpecValidator.isBlank(files.partitionByOrDefault().get(i))) {
        p.add("spec.sink.files.partitionBy[" + i + "] is empty; give a column name");
      }
    }
  }

  /** The compressions each file format takes. */
  private static void checkCompression(LoadSpec.FilesSink files, List<String> p) {
    LoadSpec.FileFormat format = files.formatOrDefault();
    LoadSpec.Compression compression = files.compressionOrDefault();
    List<LoadSpec.Compression> allowed =
        switch (format) {
          case Parquet ->
              List.of(
                  LoadSpec.Compression.Zstd,
                  LoadSpec.Compression.Snappy,
                  LoadSpec.Compression.Gzip,
                  LoadSpec.Compression.Lz4,
                  LoadSpec.Compression.None);
          case Json, Csv ->
              List.of(
                  LoadSpec.Compression.Gzip, LoadSpec.Compression.Zstd, LoadSpec.Compression.None);
          case Avro ->
              List.of(
                  LoadSpec.Compression.Snappy,
                  LoadSpec.Compression.Deflate,
                  LoadSpec.Compression.Zstd,
                  LoadSpec.Compression.None);
        };
    if (!allowed.contains(compression)) {
      p.add(
          "spec.sink.files.compression "
              + compression
              + " does not apply to format "
              + format
              + "; use one of "
              + allowed);
    }
  }

  /** Streaming loads append and do not coalesce. */
  private static void checkWriteMode(LoadSpec.FilesSink files, boolean streaming, List<String> p) {
    LoadSpec.WriteMode mode = files.writeModeOrDefault();
    if (streaming && mode != LoadSpec.WriteMode.Append) {
      p.add(
          "spec.sink.files.writeMode "
              + mode
              + ": a Streaming load appends (trigger Once included); set writeMode: Append, or"
              + " mode: Batch");
    }
    if (files.coalesce() != null) {
      if (files.coalesce() < 1) {
        p.add("spec.sink.files.coalesce must be at least 1 (is " + files.coalesce() + ")");
      }
      if (streaming) {
        p.add(
            "spec.sink.files.coalesce applies to mode Batch only (trigger Once included); remove"
                + " it for a Streaming load");
      }
    }
  }

  /** A path that names one file ({@link SinkFilePaths}) fits the format and is written whole. */
  private static void checkFileOrFolder(LoadSpec.FilesSink files, List<String> p) {
    LoadSpec.FileFormat format = files.formatOrDefault();
    LoadSpec.Compression compression = files.compressionOrDefault();
    Optional<SinkFilePaths.FileName> fileName = SinkFilePaths.fileName(files.path());
    String written = SinkFilePaths.suffixOf(format.name(), compression.name());
    boolean namesFile = fileName.isPresent();
    if (namesFile && !fileName.get().format().equals(format.name())) {
      p.add(
          "spec.sink.files.path "
              + files.path()
              + " names a "
              + fileName.get().extension()
              + " file but format is "
              + format
              + "; name the file after the format, or set format "
              + fileName.get().format());
    } else if (namesFile
        && !fileName.get().suffix().isEmpty()
        && !fileName.get().suffix().equals(written)) {
      p.add(
          "spec.sink.files.path "
              + files.path()
              + " ends with '"
              + fileName.get().extension()
              + fileName.get().suffix()
              + "', but format "
              + format
              + " with compression "
              + compression
              + " writes a '"
              + fileName.get().extension()
              + written
              + "' file; rename the file or change the compression");
    }
    if (namesFile && (files.coalesce() == null || files.coalesce() != 1)) {
      p.add(
          "spec.sink.files.path "
              + files.path()
              + " names a file: set coalesce: 1 to write exactly that file, or give a folder");
    }
    if (namesFile && files.coalesce() != null && files.coalesce() == 1) {
      if (files.writeModeOrDefault() == LoadSpec.WriteMode.Append) {
        p.add(
            "spec.sink.files.writeMode Append: spec.sink.files.path names one file, which a run"
                + " replaces: set writeMode Overwrite or ErrorIfExists (Append needs a folder)");
      }
      if (!files.partitionByOrDefault().isEmpty()) {
        p.add("spec.sink.files.partitionBy needs a folder, not the file " + files.path());
      }
    }
  }
}
