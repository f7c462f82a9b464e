package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Positions in a JSON file per load, {@code <offsetsDir>/<namespace>.<load>.json} (on a PVC in
 * Kubernetes). A commit merges the new positions into the file's (partitions absent from the commit
 * keep theirs), writes the result to a temp file in the same folder, fsyncs it, renames it over the
 * file atomically and fsyncs the folder: a crash at any point leaves either the old or the new
 * file, never a torn one. A file that cannot be parsed is an error naming the file, never read as
 * "no positions".
 */
public final class FileOffsetStore implements OffsetStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileOffsetStore.class);

  private final Path file;
  private final String tempPrefix;
  private final Runnable beforeRename;

  /** The store of {@code load} in {@code offsetsDir}; the folder is created when missing. */
  public FileOffsetStore(Path offsetsDir, WorkerConfig.LoadRef load) {
    this(offsetsDir, load, () -> {});
  }

  /** With a hook run between the fsync of the temp file and the rename, to inject crashes. */
  FileOffsetStore(Path offsetsDir, WorkerConfig.LoadRef load, Runnable beforeRename) {
    String name = load.namespace() + "." + load.name() + ".json";
    this.file = offsetsDir.resolve(name);
    this.tempPrefix = "." + name + ".";
    this.beforeRename = beforeRename;
    try {
      Files.createDirectories(offsetsDir);
    } catch (IOException e) {
      throw new OffsetStoreException("could not create the offsets folder " + offsetsDir, e);
    }
    removeLeftoverTempFiles();
  }

  /** The file this store reads and writes. */
  public Path file() {
    return file;
  }

  @Override
  public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> stored = readFile();
    Map<TopicPartition, Long> result = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long position = stored.get(partition);
      if (position != null) {
        result.put(partition, position);
      }
    }
    return result;
  }

  @Override
  public void commit(Map<TopicPartition, Long> positions) {
    Map<TopicPartition, Long> stored = readFile();
    PositionGuard.warnIfBackwards(describe(), stored, positions);
    Map<TopicPartition, Long> merged = new HashMap<>(stored);
    merged.putAll(positions);
    write(PositionsFile.render(merged));
  }

  private Map<TopicPartition, Long> readFile() {
    try {
      return PositionsFile.parse(Files.readAllBytes(file), file);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new OffsetStoreException("could not read the offsets file " + file + ": " + e, e);
    }
  }

  private void write(byte[] content) {
    Path dir = file.getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, tempPrefix, ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      beforeRename.run();
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      fsyncDirectory(dir);
    } catch (IOException e) {
      throw new OffsetStoreException(
          "could not write the offsets file " + file + ": " + e + "; is the volume full?", e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  /** Makes the rename durable: without it a power loss can bring the old file back. */
  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot open a folder as a channel; Linux, where pods run, can
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }

  /** Temp files of a run killed before its rename: never read, removed so they do not pile up. */
  private void removeLeftoverTempFiles() {
    try (DirectoryStream<Path> temps =
        Files.newDirectoryStream(file.getParent(), tempPrefix + "*.tmp")) {
      for (Path temp : temps) {
        LOG.info("removing {}, left by a run that stopped while committing", temp);
        deleteQuietly(temp);
      }
    } catch (IOException e) {
      throw new OffsetStoreException("could not list the offsets folder " + file.getParent(), e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.toString());
    }
  }

  @Override
  public String describe() {
    return "file " + file;
  }

  @Override
  public void close() {
    // nothing held open between commits
  }
}
