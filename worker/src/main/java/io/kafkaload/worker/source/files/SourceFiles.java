package io.kafkaload.worker.source.files;

import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the files of a files source at the start of a run: the file the path names, every file
 * under the folder it names, or every file under the glob's base folder whose relative path matches
 * the glob; never a hidden one ({@link SourceFilePaths#hidden}), a symbolic link or anything that
 * is not a regular file. In the order of their relative paths, so runs send files in the same
 * order.
 */
public final class SourceFiles {

  private SourceFiles() {}

  /** The files of {@code source}; throws a {@link ConfigException} when its path is missing. */
  public static List<SourceFile> list(LoadSpec.FilesSource source) throws IOException {
    String path = source.path();
    Path base = Path.of(SourceFilePaths.baseFolder(path));
    SourceFilePaths.Kind kind = SourceFilePaths.kind(path);
    if (kind == SourceFilePaths.Kind.FILE) {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new ConfigException(
            "spec.source.files.path "
                + path
                + (Files.exists(file) ? " is not a regular file" : " does not exist")
                + "; name an existing file, a folder or a glob (is its claimName mounted?)");
      }
      return List.of(describe(file, base, source.hivePartitioningOrDefault()));
    }
    if (!Files.isDirectory(base)) {
      throw new ConfigException(
          "spec.source.files.path "
              + path
              + ": the folder "
              + base
              + " does not exist; create it or fix the path (is its claimName mounted?)");
    }
    PathMatcher glob =
        SourceFilePaths.glob(path)
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
            .orElse(null);
    List<SourceFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(base)) {
      walk.filter(p -> !p.equals(base))
          .forEach(
              p -> {
                String relative = relative(base, p);
                if (SourceFilePaths.hidden(relative)
                    || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    || glob != null && !glob.matches(Path.of(relative))) {
                  return;
                }
                try {
                  files.add(describe(p, base, source.hivePartitioningOrDefault()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    files.sort(Comparator.comparing(SourceFile::relative));
    return files;
  }

  private static SourceFile describe(Path file, Path base, boolean hive) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String relative = relative(base, file);
    return new SourceFile(
        file,
        relative,
        attributes.size(),
        attributes.lastModifiedTime().toMillis(),
        hive ? folderColumns(relative) : List.of());
  }

  /** The {@code key=value} folders of a relative path, the first of a key winning. */
  static List<SourceFile.FolderColumn> folderColumns(String relative) {
    List<SourceFile.FolderColumn> columns = new ArrayList<>();
    String[] segments = relative.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      int eq = segments[i].indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = segments[i].substring(0, eq);
      if (columns.stream().noneMatch(c -> c.name().equals(name))) {
        columns.add(new SourceFile.FolderColumn(name, segments[i].substring(eq + 1)));
      }
    }
    return columns;
  }

  private static String relative(Path base, Path file) {
    StringBuilder b = new StringBuilder();
    for (Path segment : base.relativize(file)) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(segment);
    }
    return b.toString();
  }
}
