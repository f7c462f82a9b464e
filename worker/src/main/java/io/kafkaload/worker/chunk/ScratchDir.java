package io.kafkaload.worker.chunk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink instance's private working folder, {@code <path>/.kafkaload-tmp/<id>/}: the rows being
 * spooled, the files being written before their rename, DuckDB's spill files. It lives under the
 * sink's path so that it is writable in a pod with a read-only root file system and on the same
 * file system as the final files (so the final rename is atomic).
 *
 * <p>Several workers may share one path (a shared volume, or replicas of a Streaming load starting
 * together), so an instance never clears another's folder while it lives. Each folder {@code <id>}
 * has a sibling lock file {@code <id>.lock}, locked for the instance's life; at start an instance
 * removes only the folders whose lock it can take (their owner is gone: the OS drops the lock of a
 * process that dies, even by {@code kill -9}). The owner takes the lock <em>before</em> it creates
 * the folder, so a folder is never visible without a held lock: a sweep running at the same moment
 * in another worker cannot mistake a folder being created for an abandoned one (with the lock file
 * inside the folder, a sweep between the lock file's creation and its lock removed a live folder).
 *
 * <p>Within one JVM, closing any channel on a file drops every lock the process holds on it
 * (POSIX), so a sweep never opens the lock file of a folder this JVM holds ({@link #HELD}).
 */
final class ScratchDir implements Closeable {

  /** The hidden folder under the sink path (hidden, so readers of the path ignore it). */
  static final String ROOT = ".kafkaload-tmp";

  private static final Logger LOG = LoggerFactory.getLogger(ScratchDir.class);
  private static final String LOCK_SUFFIX = ".lock";

  /** The lock files this JVM holds (absolute, normalized). */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  /** A crash between mkdir and lock in the old layout (lock inside): how old such a folder is. */
  private static final long UNLOCKED_GRACE_MS = 10 * 60_000L;

  private final Path dir;
  private final Path lockFile;
  private final FileChannel lockChannel;

  private ScratchDir(Path dir, Path lockFile, FileChannel lockChannel) {
    this.dir = dir;
    this.lockFile = lockFile;
    this.lockChannel = lockChannel;
  }

  /** Creates this instance's folder under {@code sinkPath}, after clearing dead instances' ones. */
  static ScratchDir create(Path sinkPath) throws IOException {
    return create(sinkPath, () -> {});
  }

  /**
   * {@link #create(Path)}, running {@code beforeLock} between the lock file's creation and lock.
   */
  static ScratchDir create(Path sinkPath, Runnable beforeLock) throws IOException {
    Path root = sinkPath.resolve(ROOT).toAbsolutePath().normalize();
    Files.createDirectories(root);
    sweep(root);
    String id = UUID.randomUUID().toString();
    Path lockFile = root.resolve(id + LOCK_SUFFIX);
    Path dir = root.resolve(id);
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      beforeLock.run();
      if (channel.tryLock() == null) {
        throw new IOException("cannot lock the new scratch folder's lock file " + lockFile);
      }
      HELD.add(lockFile);
      Files.createDirectory(dir);
    } catch (IOException | RuntimeException e) {
      HELD.remove(lockFile);
      channel.close();
      Files.deleteIfExists(lockFile);
      throw e;
    }
    return new ScratchDir(dir, lockFile, channel);
  }

  Path path() {
    return dir;
  }

  /** Removes the folders of instances that are gone (their lock is free). */
  static void sweep(Path root) throws IOException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(root)) {
      entries = list.toList();
    }
    List<Path> folders = entries.stream().filter(Files::isDirectory).toList();
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (name.endsWith(LOCK_SUFFIX)
          && name.length() > LOCK_SUFFIX.length()
          && !Files.exists(root.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())))
          && !HELD.contains(entry.toAbsolutePath().normalize())
          && olderThanGrace(entry)) {
        // a lock file without its folder: its owner died between the two, or after removing the
        // folder on close; taken like a folder's, so a live owner's is never removed
        sweepLocked(root.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())), entry);
      }
    }
    for (Path folder : folders) {
      Path lockFile = root.resolve(folder.getFileName() + LOCK_SUFFIX).toAbsolutePath().normalize();
      if (HELD.contains(lockFile)) {
        continue;
      }
      if (Files.exists(lockFile)) {
        sweepLocked(folder, lockFile);
      } else if (isAbandonedOldLayout(folder)) {
        remove(folder);
      }
    }
  }

  /** Removes {@code folder} while holding its lock, when no live instance holds it. */
  private static void sweepLocked(Path folder, Path lockFile) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return; // another sweep removed it just now
    }
    try (channel) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return; // another process holds it
      }
      // holding the lock: no one else can take this folder while it goes
      if (Files.exists(folder)) {
        remove(folder);
      }
      Files.deleteIfExists(lockFile);
    } catch (OverlappingFileLockException e) {
      // another sweep in this JVM holds it right now
    }
  }

  /**
   * A folder of the previous layout (its {@code .lock} inside): abandoned when that lock is free,
   * or, without a lock file, when it is older than a crash between mkdir and lock could explain.
   */
  private static boolean isAbandonedOldLayout(Path folder) throws IOException {
    Path inner = folder.resolve(LOCK_SUFFIX);
    try {
      if (!Files.exists(inner)) {
        return olderThanGrace(folder);
      }
      try (FileChannel channel = FileChannel.open(inner, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          return false; // another process holds it
        }
        lock.release();
        return true;
      } catch (OverlappingFileLockException e) {
        return false;
      }
    } catch (NoSuchFileException e) {
      return false; // removed meanwhile
    }
  }

  private static boolean olderThanGrace(Path path) throws IOException {
    try {
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(path).toMillis();
      return age > UNLOCKED_GRACE_MS;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void remove(Path folder) throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(folder)) {
      names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.equals(LOCK_SUFFIX))
              .sorted()
              .toList();
    } catch (NoSuchFileException e) {
      return;
    }
    LOG.info(
        "removing the scratch folder {} of a sink that stopped; it held {}",
        folder.getFileName(),
        names.isEmpty()
            ? "nothing"
            : names.size() <= 5
                ? names
                : names.subList(0, 5) + " and " + (names.size() - 5) + " more");
    DurableFiles.deleteTree(folder);
  }

  /** Deletes the folder and everything in it, then its lock file, then releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      DurableFiles.deleteTree(dir);
      Files.deleteIfExists(lockFile);
    } finally {
      HELD.remove(lockFile);
      lockChannel.close();
    }
  }
}
