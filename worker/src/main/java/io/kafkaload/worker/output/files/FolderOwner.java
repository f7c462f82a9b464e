package io.kafkaload.worker.output.files;

import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a files sink's folder to the load that writes it: the file {@code .kafkaload-owner} beside
 * the data holds the load's {@code namespace/name}, written before the load's first file. A load
 * never takes another load's files for its own (resuming after them, removing them as uncommitted,
 * replacing them): it refuses a folder another load owns, and a folder that holds data files
 * without a marker (written by an earlier version, or by another tool) unless the load has stored
 * positions already (it ran there before this version) or is told to adopt the folder.
 */
public final class FolderOwner {
  private static final Logger LOG = LoggerFactory.getLogger(FolderOwner.class);

  /** The marker's file name, in the sink's folder. */
  public static final String MARKER = ".kafkaload-owner";

  private FolderOwner() {}

  /**
   * Claims {@code root} for {@code owner}. {@code existingData} lists the data and rejected files
   * already there; {@code loadHasRun} tells whether the load has stored positions; {@code adopt}
   * takes the folder over whoever wrote it. The marker is written in {@code scratch} (a hidden
   * folder under the root), then renamed into place, so no half-written file ever shows.
   *
   * @throws ConfigException when another load owns the folder, or unmarked data is there
   */
  public static void claim(
      Path root,
      Path scratch,
      String owner,
      List<Path> existingData,
      boolean loadHasRun,
      boolean adopt)
      throws IOException {
    Path marker = root.resolve(MARKER);
    String current = read(marker);
    if (owner.equals(current)) {
      return;
    }
    if (current != null && !adopt) {
      throw new ConfigException(
          "sink.files.path "
              + root
              + " belongs to the load "
              + current
              + " (its "
              + MARKER
              + " file), not to "
              + owner
              + ": give each load its own sink.files.path, or, to hand the folder and its files"
              + " to "
              + owner
              + ", run it once with --adopt-folder (or write \""
              + owner
              + "\" into "
              + marker
              + ")");
    }
    if (current == null && !existingData.isEmpty() && !loadHasRun && !adopt) {
      throw new ConfigException(
          "sink.files.path "
              + root
              + " already holds "
              + existingData.size()
              + " data file(s) (e.g. "
              + root.relativize(existingData.get(0))
              + ") and no "
              + MARKER
              + " file saying which load wrote them, and "
              + owner
              + " has no stored positions: give this load an empty sink.files.path, or, if the"
              + " files are this load's, run it once with --adopt-folder (or write \""
              + owner
              + "\" into "
              + marker
              + ")");
    }
    if (current != null) {
      LOG.warn("{}: adopting {} from the load {} (--adopt-folder)", owner, root, current);
    } else if (!existingData.isEmpty()) {
      LOG.info(
          "{}: taking {} and its {} unmarked file(s) as this load's ({})",
          owner,
          root,
          existingData.size(),
          adopt ? "--adopt-folder" : "the load has stored positions");
    }
    write(scratch.resolve(MARKER), marker, owner);
  }

  /** The load that owns {@code folder} (its marker's text), or null when none does. */
  public static String of(Path folder) throws IOException {
    return read(folder.resolve(MARKER));
  }

  /** The owner named by the marker, or null when there is none. */
  static String read(Path marker) throws IOException {
    if (!Files.isRegularFile(marker)) {
      return null;
    }
    String text = Files.readString(marker, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? null : text;
  }

  private static void write(Path temp, Path marker, String owner) throws IOException {
    Files.writeString(temp, owner + "\n", StandardCharsets.UTF_8);
    DurableFiles.fsync(temp);
    DurableFiles.rename(temp, marker);
    DurableFiles.fsyncFolders(List.of(marker.getParent()));
  }
}
