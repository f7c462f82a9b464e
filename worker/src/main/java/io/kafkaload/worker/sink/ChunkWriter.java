package io.kafkaload.worker.sink;

import io.kafkaload.worker.config.LoadSpec.FileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes sealed chunks on the sink's writer threads: converts the spooled rows (Parquet) or
 * takes them as they are (JSON lines), fsyncs data and rejected files, waits for its turn (the
 * earlier chunks of its partition), renames them atomically to their final names and fsyncs the
 * folders. Returns only once everything is durable. Chunks of different partitions, and the
 * conversions of chunks of one partition, may run in parallel; the renames of a partition happen in
 * order.
 */
final class ChunkWriter {

  /**
   * What a chunk hands to the writer once sealed: its range, counts, scratch files and (Parquet)
   * the shapes of its rows and its witness rows: copies of the rows that brought a path or a kind
   * of value that the rows before them did not, as JSON lines (null when there were too many).
   */
  record Sealed(
      TopicPartition partition,
      long startPosition,
      long nextPosition,
      long rows,
      long rejected,
      List<Path> rowFiles,
      int longestRow,
      RowShapes shapes,
      byte[] witnesses,
      Path rejectedFile) {

    /** Every scratch file of the chunk. */
    List<Path> scratchFiles() {
      List<Path> files = new ArrayList<>(rowFiles);
      if (rejectedFile != null) {
        files.add(rejectedFile);
      }
      return files;
    }
  }

  private final Path root;
  private final Path rejectedDir;
  private final Path scratch;
  private final FileFormat format;
  private final ParquetConverter converter;

  ChunkWriter(Path root, Path scratch, FileFormat format, ParquetConverter converter) {
    this.root = root;
    this.rejectedDir = root.resolve(FileNames.REJECTED_DIR);
    this.scratch = scratch;
    this.format = format;
    this.converter = converter;
  }

  /** Waits until the earlier chunks of the partition are published; throws if one failed. */
  interface Turn {
    void await() throws IOException;
  }

  ChunkResult publish(Sealed c, Turn turn) throws IOException {
    String base = FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1);
    List<Path> temps = new ArrayList<>();
    List<Path> finals = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Path> rejectedFiles = new ArrayList<>();
    try {
      if (c.rows() > 0) {
        boolean parquet = format == FileFormat.Parquet;
        String name = base + "." + (parquet ? FileNames.PARQUET : FileNames.JSONL);
        // JSON lines: the single spooled segment already is the file.
        Path temp = parquet ? scratch.resolve(FileNames.temp(name)) : c.rowFiles().get(0);
        temps.add(temp);
        finals.add(root.resolve(name));
        files.add(root.resolve(name));
        if (parquet) {
          converter.convert(c, temp);
        }
        DurableFiles.fsync(temp);
      }
      if (c.rejected() > 0) {
        Path target = rejectedDir.resolve(base + "." + FileNames.JSONL);
        temps.add(c.rejectedFile());
        finals.add(target);
        rejectedFiles.add(target);
        DurableFiles.fsync(c.rejectedFile());
      }
      turn.await();
      List<Path> folders = new ArrayList<>(finals.stream().map(Path::getParent).toList());
      if (!rejectedFiles.isEmpty() && !Files.isDirectory(rejectedDir)) {
        Files.createDirectories(rejectedDir); // on first use, so a clean load has no such folder
        folders.add(root);
      }
      for (int i = 0; i < temps.size(); i++) {
        DurableFiles.rename(temps.get(i), finals.get(i));
      }
      DurableFiles.fsyncFolders(folders);
    } finally {
      // Rows converted to Parquet, or a failure: the scratch copies are no longer needed.
      DurableFiles.deleteQuietly(temps);
      DurableFiles.deleteQuietly(c.scratchFiles());
    }
    return new ChunkResult(
        c.partition(),
        c.startPosition(),
        c.nextPosition(),
        c.rows(),
        c.rejected(),
        List.copyOf(files),
        List.copyOf(rejectedFiles));
  }
}
