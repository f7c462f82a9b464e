package io.kafkaload.worker.source.files;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Opens the rows of a files source's files: JSON lines read as they are, Avro container files by
 * their blocks ({@link AvroFileRows}), Parquet and CSV through one locked-down DuckDB that may read
 * the source's base folder and write only its own scratch folder (opened on first use, closed with
 * the reader).
 */
public final class SourceFileReader implements AutoCloseable {

  private final LoadSpec.FilesSource source;
  private final LoadSpec.FileFormat format;
  private final Path base;
  private final Path scratchRoot;
  private Path scratch;
  private Connection db;

  public SourceFileReader(LoadSpec.FilesSource source, Path base, Path scratchRoot) {
    this.source = source;
    this.format = source.formatOrDefault();
    this.base = base;
    this.scratchRoot = scratchRoot;
  }

  /** The rows of {@code file}. */
  public FileRows rows(SourceFile file) throws IOException {
    return switch (format) {
      case Json -> new JsonLinesRows(file);
      case Parquet, Csv -> new DuckDbFileRows(db(), file, format, source.csvOrDefault());
      case Avro -> new AvroFileRows(file);
    };
  }

  /**
   * The column types the files of {@code source} hold (Parquet and CSV; empty for JSON lines, whose
   * types are inferred from their rows as a Kafka source's are), merged by name across the files;
   * only the types whose JSON rendering DuckDB reads back as the same value (numbers, text,
   * booleans, dates and timestamps, and lists and structs of them); empty when the files cannot be
   * described together.
   */
  public static java.util.Map<String, String> columns(LoadSpec.FilesSource source, Path scratchRoot)
      throws IOException {
    LoadSpec.FileFormat format = source.formatOrDefault();
    if (format != LoadSpec.FileFormat.Parquet && format != LoadSpec.FileFormat.Csv) {
      return java.util.Map.of();
    }
    java.util.List<SourceFile> files;
    try {
      files = SourceFiles.list(source);
    } catch (io.kafkaload.worker.config.ConfigException e) {
      return java.util.Map.of(); // the run says it
    }
    if (files.isEmpty()) {
      return java.util.Map.of();
    }
    Path base = Path.of(io.kafkaload.contract.SourceFilePaths.baseFolder(source.path()));
    try (SourceFileReader reader = new SourceFileReader(source, base, scratchRoot)) {
      return DuckDbFileRows.describe(reader.db(), files, format, source.csvOrDefault());
    }
  }

  private Connection db() throws IOException {
    if (db == null) {
      try {
        Files.createDirectories(scratchRoot);
        scratch = Files.createTempDirectory(scratchRoot, "source-").toRealPath();
        db = LockedDownDuckDb.openReading(scratch, base.toRealPath(), 2, "512MB");
      } catch (SQLException e) {
        throw new IOException("cannot open DuckDB to read the source files: " + e.getMessage(), e);
      }
    }
    return db;
  }

  @Override
  public void close() throws IOException {
    try {
      if (db != null) {
        db.close();
      }
    } catch (SQLException e) {
      throw new IOException("cannot close the source files' DuckDB: " + e.getMessage(), e);
    } finally {
      if (scratch != null) {
        try (Stream<Path> walk = Files.walk(scratch)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }
}
