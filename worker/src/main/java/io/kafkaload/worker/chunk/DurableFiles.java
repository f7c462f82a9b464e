package io.kafkaload.worker.chunk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Makes files durable the POSIX way: fsync the file, rename it atomically over its final name, then
 * fsync the folder so the rename itself survives a power loss. A reader sees either no file or the
 * whole file under the final name, never a partial one.
 */
public final class DurableFiles {

  private DurableFiles() {}

  /** Flushes a file's content and metadata to the device. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Flushes a folder's entries (names created, renamed or deleted in it) to the device. */
  static void fsyncFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Renames an already fsynced {@code temp} over {@code target} atomically (replacing a file a
   * previous run left under that name). The caller fsyncs the target's folder afterwards.
   */
  public static void rename(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename "
              + temp.getFileName()
              + " to "
              + target
              + " atomically: the sink path must be one file system",
          e);
    }
  }

  /** Fsyncs each folder once. */
  public static void fsyncFolders(Collection<Path> folders) throws IOException {
    for (Path folder : folders.stream().distinct().toList()) {
      fsyncFolder(folder);
    }
  }

  /** Deletes a file or a folder tree; missing entries are fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Deletes files, ignoring failures: used to clean up after an error already being reported. */
  public static void deleteQuietly(Collection<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // the scratch folder is cleared on close and on the next start anyway
      }
    }
  }
}
