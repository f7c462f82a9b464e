package io.kafkaload.worker.sink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink instance's private working folder, {@code <path>/.kafkaload-tmp/<id>/}: the rows being
 * spooled, the files being written before their rename, DuckDB's spill files. It lives under the
 * sink's path so that it is writable in a pod with a read-only root file system and on the same
 * file system as the final files (so the final rename is atomic).
 *
 * <p>Several workers may share one path (a shared volume), so an instance never clears another's
 * folder while it lives: each folder holds a {@code .lock} file locked for the instance's life, and
 * at start an instance removes only the folders whose lock it can take (their owner is gone: the OS
 * drops the lock of a process that dies, even by {@code kill -9}).
 */
final class ScratchDir implements Closeable {

  /** The hidden folder under the sink path (hidden, so readers of the path ignore it). */
  static final String ROOT = ".kafkaload-tmp";

  private static final Logger LOG = LoggerFactory.getLogger(ScratchDir.class);
  private static final String LOCK = ".lock";

  private final Path dir;
  private final FileChannel lockChannel;

  private ScratchDir(Path dir, FileChannel lockChannel) {
    this.dir = dir;
    this.lockChannel = lockChannel;
  }

  /** Creates this instance's folder under {@code sinkPath}, after clearing dead instances' ones. */
  static ScratchDir create(Path sinkPath) throws IOException {
    Path root = sinkPath.resolve(ROOT);
    Files.createDirectories(root);
    sweep(root);
    Path dir = root.resolve(UUID.randomUUID().toString());
    Files.createDirectory(dir);
    FileChannel channel =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() == null) {
        throw new IOException("cannot lock the new scratch folder " + dir);
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new ScratchDir(dir, channel);
  }

  Path path() {
    return dir;
  }

  /** Removes the folders of instances that are gone (their lock is free). */
  static void sweep(Path root) throws IOException {
    List<Path> folders;
    try (Stream<Path> list = Files.list(root)) {
      folders = list.filter(Files::isDirectory).toList();
    }
    for (Path folder : folders) {
      if (isAbandoned(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          List<String> names =
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> !n.equals(LOCK))
                  .sorted()
                  .toList();
          LOG.info(
              "removing the scratch folder {} of a sink that stopped; it held {}",
              folder.getFileName(),
              names.isEmpty()
                  ? "nothing"
                  : names.size() <= 5
                      ? names
                      : names.subList(0, 5) + " and " + (names.size() - 5) + " more");
        }
        DurableFiles.deleteTree(folder);
      }
    }
  }

  private static boolean isAbandoned(Path folder) throws IOException {
    Path lockFile = folder.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      // Either being created right now, or left by a crash between mkdir and lock: only the
      // second is old.
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(folder).toMillis();
      return age > 10 * 60_000L;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false; // another process holds it
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // another sink in this JVM holds it
    }
  }

  /** Deletes the folder and everything in it, then releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      DurableFiles.deleteTree(dir);
    } finally {
      lockChannel.close();
    }
  }
}
