package io.kafkaload.worker.output.files;

import static io.kafkaload.worker.transform.LockedDownDuckDb.literal;

import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.transform.ColumnInference;
import io.kafkaload.worker.transform.ColumnType;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A query's rows written as files by DuckDB, in the plan's format and folders: COPY for Parquet,
 * JSON lines and CSV, {@link AvroOutput} for Avro; one file per chunk, or one per hive folder
 * ({@code partitionBy}, renamed to the chunk's names by {@link HiveFolders}). Also merges a run's
 * staged Parquet files into {@code coalesce} files.
 */
final class DuckDbFiles {

  private DuckDbFiles() {}

  /** The files output of a chunk's rows, for the {@link RowsConverter}. */
  static RowsConverter.Output writer(RowsPlan plan) {
    return (db, query, dir, base) -> write(db, query, dir, base, plan);
  }

  /**
   * Writes the query's rows in {@code plan}'s format and folders as {@code <dir>/<base>.<ext>} or
   * {@code <dir>/<col>=<value>/.../<base>.<ext>}; returns how many.
   */
  static long write(Connection db, String query, Path dir, String base, RowsPlan plan)
      throws SQLException, IOException {
    List<String> partitionBy = plan.partitionBy();
    if (plan.format() == LoadSpec.FileFormat.Avro) {
      return AvroOutput.write(db, query, dir, base, plan);
    }
    if (partitionBy.isEmpty()) {
      return LockedDownDuckDb.run(
          db,
          "COPY ("
              + query
              + ") TO "
              + literal(dir.resolve(base + "." + plan.extension()).toString())
              + " ("
              + plan.copyOptions()
              + ")");
    }
    long written;
    try {
      written =
          LockedDownDuckDb.run(
              db,
              "COPY ("
                  + query
                  + ") TO "
                  + literal(dir.toString())
                  + " ("
                  + plan.copyOptions()
                  + ", PARTITION_BY ("
                  + partitionBy.stream()
                      .map(ColumnType::quoteName)
                      .collect(Collectors.joining(", "))
                  + "), FILENAME_PATTERN "
                  + literal(base + "_{i}")
                  + ")");
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("File name too long")) {
        // DuckDB's message holds the folder name, i.e. the value: never pass it on (R5)
        throw new RowsConverter.UnwritableRows(
            "a partitionBy value makes a folder name longer than the "
                + HiveFolders.MAX_NAME_BYTES
                + " bytes a file system takes after escaping",
            e);
      }
      throw e;
    }
    HiveFolders.rename(dir, base, plan.extension());
    return written;
  }

  /** A run's rows merged: the files, relative to the output folder, and the row count. */
  record Merged(List<Path> files, long rows) {}

  /**
   * Merges the run's staged Parquet files into at most {@code parts} files of {@code plan}'s format
   * under {@code outDir}, named {@code part-<i>-<digest>} (with hive folders when the plan has
   * them), rows in the staged files' order, split evenly.
   */
  static Merged merge(
      Connection db, List<Path> staged, int parts, Path outDir, String digest, RowsPlan plan)
      throws SQLException, IOException {
    DurableFiles.deleteTree(outDir);
    Files.createDirectories(outDir);
    if (staged.isEmpty()) {
      return new Merged(List.of(), 0);
    }
    String read = "SELECT * FROM read_parquet(" + ColumnInference.list(staged) + ")";
    long total;
    try (java.sql.Statement st = db.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + read + ")")) {
      rs.next();
      total = rs.getLong(1);
    }
    int n = (int) Math.min(parts, total);
    List<Path> files = new ArrayList<>();
    long written = 0;
    for (int i = 0; i < n; i++) {
      long from = i * total / n;
      long to = (i + 1) * total / n;
      Path partDir = outDir.resolve("part-" + i);
      Files.createDirectories(partDir);
      String base = "part-" + i + "-" + digest;
      written += write(db, read + " LIMIT " + (to - from) + " OFFSET " + from, partDir, base, plan);
      try (Stream<Path> walk = Files.walk(partDir)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          Path relative = partDir.relativize(f);
          Path target = outDir.resolve(relative);
          Files.createDirectories(target.getParent());
          Files.move(f, target);
          files.add(relative);
        }
      }
      DurableFiles.deleteTree(partDir);
    }
    if (written != total) {
      throw new IOException("merged " + written + " rows of the run, expected " + total);
    }
    files.sort(null);
    return new Merged(files, written);
  }
}
