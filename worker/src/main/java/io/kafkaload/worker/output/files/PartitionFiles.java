package io.kafkaload.worker.output.files;

import io.kafkaload.worker.chunk.DurableFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes what a run that did not commit left for one partition: data and rejected files
 * whose range starts at or after the committed position (of either format: a re-run may use the
 * other one), and hidden temp files. Logs file names only, never content.
 */
public final class PartitionFiles {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionFiles.class);

  private final Path root;
  private final Path rejectedDir;

  private final boolean hiveFolders;

  public PartitionFiles(Path root) {
    this(root, false);
  }

  /** With {@code hiveFolders}, data files are looked for in every folder under the root. */
  public PartitionFiles(Path root, boolean hiveFolders) {
    this.root = root;
    this.hiveFolders = hiveFolders;
    this.rejectedDir = root.resolve(FileNames.REJECTED_DIR);
  }

  /** Removes the partition's files at or after {@code committedPosition}; returns their names. */
  public List<String> removeUncommitted(TopicPartition tp, long committedPosition)
      throws IOException {
    List<Path> remove = new ArrayList<>();
    for (Path dir : dataFolders()) {
      collect(dir, tp, committedPosition, FileNames.DATA_EXTENSIONS, remove);
    }
    collect(rejectedDir, tp, committedPosition, List.of(FileNames.JSONL), remove);
    List<String> names = new ArrayList<>();
    for (Path file : remove) {
      Files.deleteIfExists(file);
      names.add(root.relativize(file).toString());
    }
    if (!remove.isEmpty()) {
      // A deleted file that came back after a power loss would be a duplicate.
      DurableFiles.fsyncFolders(remove.stream().map(Path::getParent).toList());
      LOG.info(
          "{}: removed {} file(s) not covered by the committed position {}: {}",
          tp,
          names.size(),
          committedPosition,
          names);
    }
    return names;
  }

  /**
   * For each partition that has data or rejected files here, the position after the last offset
   * they cover: the sink's own record of what was written, for a load whose offset store lost its
   * positions (or a load renamed). Partitions without files are left out.
   */
  public Map<TopicPartition, Long> writtenUpTo(Collection<TopicPartition> tps) throws IOException {
    Map<TopicPartition, Long> next = new HashMap<>();
    List<Path> dirs = new ArrayList<>(dataFolders());
    dirs.add(rejectedDir);
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> list = Files.list(dir)) {
        for (Path file : list.toList()) {
          String name = file.getFileName().toString();
          for (TopicPartition tp : tps) {
            for (String ext : FileNames.DATA_EXTENSIONS) {
              if (FileNames.firstOffset(name, tp, ext) >= 0) {
                next.merge(tp, FileNames.lastOffset(name, tp) + 1, Math::max);
              }
            }
          }
        }
      }
    }
    return next;
  }

  /** The files in {@code _rejected/} (hidden ones aside), in name order. */
  public List<Path> rejectedFiles() throws IOException {
    if (!Files.isDirectory(rejectedDir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(rejectedDir)) {
      return list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  /** The root, and with hive folders every folder under it but hidden ones and _rejected. */
  private List<Path> dataFolders() throws IOException {
    return hiveFolders ? allFolders() : List.of(root);
  }

  /**
   * Every data file of any format under the root, hive folders included (hidden files and folders
   * and {@code _rejected} aside), in name order.
   */
  public List<Path> allDataFiles() throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path dir : allFolders()) {
      try (Stream<Path> list = Files.list(dir)) {
        for (Path file : list.toList()) {
          String name = file.getFileName().toString();
          if (!name.startsWith(".")
              && Files.isRegularFile(file)
              && FileNames.DATA_EXTENSIONS.stream().anyMatch(e -> name.endsWith("." + e))) {
            found.add(file);
          }
        }
      }
    }
    found.sort(null);
    return found;
  }

  /** The root and every folder under it but hidden ones and _rejected. */
  private List<Path> allFolders() throws IOException {
    List<Path> folders = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            if (!dir.equals(root)
                && (name.startsWith(".") || name.equals(FileNames.REJECTED_DIR))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            folders.add(dir);
            return FileVisitResult.CONTINUE;
          }
        });
    return folders;
  }

  private static void collect(
      Path dir, TopicPartition tp, long committed, List<String> extensions, List<Path> remove)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.toList()) {
        String name = file.getFileName().toString();
        if (FileNames.isTemp(name, tp)) {
          remove.add(file);
          continue;
        }
        for (String ext : extensions) {
          long first = FileNames.firstOffset(name, tp, ext);
          if (first < 0) {
            continue;
          }
          if (first >= committed) {
            remove.add(file);
          } else if (FileNames.lastOffset(name, tp) >= committed) {
            // Committed positions fall on chunk boundaries; this one does not. Keep the file
            // (its first rows are committed) but say so: its later rows will be written again.
            LOG.warn(
                "{}: committed position {} falls inside {}; its rows from {} on will be loaded"
                    + " again",
                tp,
                committed,
                name,
                committed);
          }
        }
      }
    }
  }
}
