package io.kafkaload.worker.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes sealed chunks on the sink's writer threads: converts the spooled rows (Parquet) or
 * takes them as they are (JSON lines), fsyncs data and rejected files, waits for its turn (the
 * earlier chunks of its partition), renames them atomically to their final names and fsyncs the
 * folders. Returns only once everything is durable. Chunks of different partitions, and the
 * conversions of chunks of one partition, may run in parallel; the renames of a partition happen in
 * order.
 */
public final class ChunkWriter {

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
      Path rejectedFile,
      Path originalsFile) {

    Sealed(
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
      this(
          partition,
          startPosition,
          nextPosition,
          rows,
          rejected,
          rowFiles,
          longestRow,
          shapes,
          witnesses,
          rejectedFile,
          null);
    }

    /** Every scratch file of the chunk. */
    List<Path> scratchFiles() {
      List<Path> files = new ArrayList<>(rowFiles);
      if (rejectedFile != null) {
        files.add(rejectedFile);
      }
      if (originalsFile != null) {
        files.add(originalsFile);
      }
      return files;
    }
  }

  /**
   * Sends a chunk's rejected records somewhere other than {@code _rejected/} (a topic); returns
   * only once they are acknowledged.
   */
  public interface RejectedDestination extends AutoCloseable {
    long publish(Path rejectedFile) throws IOException;

    /** Called when the sink closes, after the last chunk. */
    @Override
    default void close() {}
  }

  private final Path root;
  // where data files are renamed to: the root, or the run's staging folder when files are merged
  private volatile Path dataRoot;
  private final Path rejectedDir;
  private final Path scratch;
  private final RowsPlan plan;
  private final RowsConverter converter;
  private final RejectedDestination rejectedDestination;

  ChunkWriter(
      Path root,
      Path scratch,
      RowsPlan plan,
      RowsConverter converter,
      RejectedDestination rejectedDestination) {
    this.root = root;
    this.dataRoot = root;
    this.rejectedDir = root.resolve(FileNames.REJECTED_DIR);
    this.scratch = scratch;
    this.plan = plan;
    this.converter = converter;
    this.rejectedDestination = rejectedDestination;
  }

  /** Data files of chunks published from now on go to {@code folder} (under the root). */
  void publishDataTo(Path folder) {
    this.dataRoot = folder;
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
    Path outDir = scratch.resolve("." + base + ".out");
    long written = 0;
    long lateRejected = 0;
    long filtered = 0;
    try {
      if (c.rows() > 0 && plan.spoolIsFile()) {
        // JSON lines as they came: the single spooled segment already is the file.
        String name = base + "." + FileNames.JSONL;
        Path temp = c.rowFiles().get(0);
        temps.add(temp);
        finals.add(dataRoot.resolve(name));
        DurableFiles.fsync(temp);
        written = c.rows();
      } else if (c.rows() > 0) {
        try {
          RowsConverter.Outcome outcome = converter.convert(c, outDir, base);
          for (Path relative : outcome.files()) {
            Path temp = outDir.resolve(relative);
            DurableFiles.fsync(temp);
            temps.add(temp);
            finals.add(dataRoot.resolve(relative));
          }
          written = outcome.rows();
          filtered = Math.max(0, outcome.rowsIn() - outcome.rows());
        } catch (RowsConverter.TransformFailure failure) {
          // the user's SQL failed on these rows: every one is rejected as it came
          lateRejected = rejectOriginals(c, "transform", failure.getMessage());
        }
      }
      files.addAll(finals);
      Path rejectedFile = c.rejectedFile() != null ? c.rejectedFile() : lateRejectedFile(c);
      if (c.rejected() + lateRejected > 0) {
        DurableFiles.fsync(rejectedFile);
        if (rejectedDestination != null) {
          // acknowledged by the topic before the positions can be committed
          rejectedDestination.publish(rejectedFile);
        } else {
          Path target = rejectedDir.resolve(base + "." + FileNames.JSONL);
          temps.add(rejectedFile);
          finals.add(target);
          rejectedFiles.add(target);
        }
      }
      turn.await();
      // folders made on first use (so a clean load has no _rejected folder; hive folders as values
      // come), each fsynced up to the sink's root so the new names survive a power loss
      Set<Path> folders = new LinkedHashSet<>();
      for (Path target : finals) {
        Files.createDirectories(target.getParent());
        for (Path f = target.getParent(); f != null && f.startsWith(root); f = f.getParent()) {
          folders.add(f);
        }
      }
      for (int i = 0; i < temps.size(); i++) {
        DurableFiles.rename(temps.get(i), finals.get(i));
      }
      DurableFiles.fsyncFolders(new ArrayList<>(folders));
    } finally {
      // Rows converted, or a failure: the scratch copies are no longer needed.
      DurableFiles.deleteQuietly(temps);
      DurableFiles.deleteQuietly(c.scratchFiles());
      DurableFiles.deleteQuietly(List.of(lateRejectedFile(c)));
      DurableFiles.deleteTree(outDir);
    }
    return new ChunkResult(
        c.partition(),
        c.startPosition(),
        c.nextPosition(),
        written,
        c.rejected() + lateRejected,
        List.copyOf(files),
        List.copyOf(rejectedFiles),
        lateRejected,
        filtered);
  }

  /** Where a chunk without early rejects keeps the ones its SQL rejected. */
  private Path lateRejectedFile(Sealed c) {
    return scratch.resolve(
        "."
            + FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1)
            + ".late.jsonl");
  }

  /** Adds every accepted record of the chunk, as it came, to its rejected records. */
  private long rejectOriginals(Sealed c, String stage, String reason) throws IOException {
    if (c.originalsFile() == null) {
      throw new IOException(
          "the rows of "
              + c.partition()
              + " from "
              + c.startPosition()
              + " failed the SQL ("
              + reason
              + ") and their original records were not kept");
    }
    Path file = c.rejectedFile() != null ? c.rejectedFile() : lateRejectedFile(c);
    long[] n = {0};
    try (RejectedRecordWriter writer = new RejectedRecordWriter(file, true)) {
      OriginalsSpool.read(
          c.originalsFile(),
          c.partition().topic(),
          c.partition().partition(),
          record -> {
            writer.write(record, stage, reason);
            n[0]++;
          });
    }
    if (n[0] != c.rows()) {
      throw new IOException(
          "kept " + n[0] + " original records of " + c.partition() + " for " + c.rows() + " rows");
    }
    return n[0];
  }
}
