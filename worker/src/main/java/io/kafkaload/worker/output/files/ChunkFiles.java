package io.kafkaload.worker.output.files;

import io.kafkaload.worker.chunk.ChunkOutput;
import io.kafkaload.worker.chunk.ChunkResult;
import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.chunk.SealedChunk;
import io.kafkaload.worker.rejects.LateRejects;
import io.kafkaload.worker.rejects.RejectedDestination;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One chunk's files, in two steps split by a value: {@link #write} converts the spooled rows
 * (Parquet, CSV, Avro: DuckDB) or takes them as they are (JSON lines) and fsyncs data and rejected
 * files under temp names, giving a {@link Written}; {@link #commit} waits for the chunk's turn (the
 * earlier chunks of its partition), renames the files atomically to their final names and fsyncs
 * the folders. Conversions of several chunks run in parallel; the renames of a partition happen in
 * order. Rejected records go to {@code _rejected/} beside the data, or to a topic.
 */
final class ChunkFiles {

  /** A chunk's files written under temp names: {@code temps[i]} becomes {@code finals[i]}. */
  record Written(
      SealedChunk chunk,
      List<Path> temps,
      List<Path> finals,
      List<Path> data,
      List<Path> rejectedFiles,
      long written,
      long lateRejected,
      long filtered) {}

  private final Path root;
  private final Path rejectedDir;
  private final Path scratch;
  private final RowsPlan plan;
  private final RowsConverter converter;
  private final RejectedDestination rejectedDestination;
  // where data files are renamed to: the root, or the run's staging folder when files are merged
  private volatile Path dataRoot;

  ChunkFiles(
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

  /** Writes, then commits the chunk; its scratch files are gone afterwards either way. */
  ChunkResult publish(SealedChunk c, ChunkOutput.Turn turn) throws IOException {
    Written w = null;
    try {
      w = write(c);
      return commit(w, turn);
    } finally {
      // Rows converted, or a failure: the scratch copies are no longer needed.
      if (w != null) {
        DurableFiles.deleteQuietly(w.temps());
      }
      DurableFiles.deleteQuietly(c.scratchFiles());
      DurableFiles.deleteQuietly(List.of(lateRejectedFile(c)));
      DurableFiles.deleteTree(outDir(c));
    }
  }

  private Written write(SealedChunk c) throws IOException {
    String base = base(c);
    List<Path> temps = new ArrayList<>();
    List<Path> finals = new ArrayList<>();
    List<Path> rejectedFiles = new ArrayList<>();
    long written = 0;
    long lateRejected = 0;
    long filtered = 0;
    if (c.rows() > 0 && plan.spoolIsFile()) {
      // JSON lines as they came: the single spooled segment already is the file.
      Path temp = c.rowFiles().get(0);
      temps.add(temp);
      finals.add(dataRoot.resolve(base + "." + FileNames.JSONL));
      DurableFiles.fsync(temp);
      written = c.rows();
    } else if (c.rows() > 0) {
      Path outDir = outDir(c);
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
        lateRejected = rejectAll(c, failure.getMessage());
      }
    }
    List<Path> data = List.copyOf(finals);
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
    return new Written(c, temps, finals, data, rejectedFiles, written, lateRejected, filtered);
  }

  private ChunkResult commit(Written w, ChunkOutput.Turn turn) throws IOException {
    turn.await();
    // folders made on first use (so a clean load has no _rejected folder; hive folders as values
    // come), each fsynced up to the sink's root so the new names survive a power loss
    Set<Path> folders = new LinkedHashSet<>();
    for (Path target : w.finals()) {
      Files.createDirectories(target.getParent());
      for (Path f = target.getParent(); f != null && f.startsWith(root); f = f.getParent()) {
        folders.add(f);
      }
    }
    for (int i = 0; i < w.temps().size(); i++) {
      DurableFiles.rename(w.temps().get(i), w.finals().get(i));
    }
    DurableFiles.fsyncFolders(new ArrayList<>(folders));
    SealedChunk c = w.chunk();
    return new ChunkResult(
        c.partition(),
        c.startPosition(),
        c.nextPosition(),
        w.written(),
        c.rejected() + w.lateRejected(),
        w.data(),
        List.copyOf(w.rejectedFiles()),
        w.lateRejected(),
        w.filtered());
  }

  /** Adds every accepted record of the chunk, as it came, to its rejected records. */
  private long rejectAll(SealedChunk c, String reason) throws IOException {
    Path file = c.rejectedFile() != null ? c.rejectedFile() : lateRejectedFile(c);
    long n =
        LateRejects.write(
            c.originalsFile(), c.partition(), c.startPosition(), file, null, "transform", reason);
    if (n != c.rows()) {
      throw new IOException(
          "kept " + n + " original records of " + c.partition() + " for " + c.rows() + " rows");
    }
    return n;
  }

  private static String base(SealedChunk c) {
    return FileNames.base(c.partition(), c.startPosition(), c.nextPosition() - 1);
  }

  private Path outDir(SealedChunk c) {
    return scratch.resolve("." + base(c) + ".out");
  }

  /** Where a chunk without early rejects keeps the ones its SQL rejected. */
  private Path lateRejectedFile(SealedChunk c) {
    return scratch.resolve("." + base(c) + ".late.jsonl");
  }
}
