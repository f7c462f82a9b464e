package io.kafkaload.contract;

import java.util.Optional;

/**
 * What a files source's {@code path} names, judged alike by the operator (which mounts {@link
 * #baseFolder} read-only from {@code source.files.claimName}) and the worker (which lists the files
 * under it and names each by its path relative to it, so a claim mounted elsewhere keeps the load's
 * positions). A path is one of:
 *
 * <ul>
 *   <li>a glob: a segment holds {@code *}, {@code ?}, {@code [} or <code>{</code> ({@code
 *       /data/events/*.parquet}, {@code /data/events/**}); its base folder is the segments before
 *       the first such segment;
 *   <li>a file: the last segment ends with a data file extension, as {@link SinkFilePaths#fileName}
 *       judges it; its base folder is its parent;
 *   <li>a folder, every file under it (recursively): its base folder is itself.
 * </ul>
 *
 * Files and folders whose name starts with {@code .} or {@code _} are never read (hidden files,
 * {@code _SUCCESS}, {@code _temporary}: what Spark and Hadoop skip too).
 */
public final class SourceFilePaths {

  private SourceFilePaths() {}

  /** The kind of thing a path names. */
  public enum Kind {
    GLOB,
    FILE,
    FOLDER
  }

  /** What {@code path} names. */
  public static Kind kind(String path) {
    if (firstGlobSegment(path) >= 0) {
      return Kind.GLOB;
    }
    return SinkFilePaths.fileName(path).isPresent() ? Kind.FILE : Kind.FOLDER;
  }

  /** The folder the files are under, without a trailing slash ({@code /} for the root). */
  public static String baseFolder(String path) {
    String trimmed = trim(path);
    int glob = firstGlobSegment(trimmed);
    String folder;
    if (glob >= 0) {
      int slash = trimmed.lastIndexOf('/', glob);
      folder = slash <= 0 ? "/" : trimmed.substring(0, slash);
    } else if (SinkFilePaths.fileName(trimmed).isPresent()) {
      int slash = trimmed.lastIndexOf('/');
      folder = slash <= 0 ? "/" : trimmed.substring(0, slash);
    } else {
      folder = trimmed;
    }
    return folder.isEmpty() ? "/" : folder;
  }

  /**
   * The glob relative to the base folder ({@code *.parquet}, {@code **}, {@code dt=* /*.csv}), or
   * empty when the path is not a glob.
   */
  public static Optional<String> glob(String path) {
    String trimmed = trim(path);
    int glob = firstGlobSegment(trimmed);
    if (glob < 0) {
      return Optional.empty();
    }
    int slash = trimmed.lastIndexOf('/', glob);
    return Optional.of(trimmed.substring(slash + 1));
  }

  /**
   * The format the path's last segment names by its extension ({@code Parquet}, {@code Json},
   * {@code Csv}, {@code Avro}), or empty (a folder, {@code **}, an unknown extension).
   */
  public static Optional<String> formatOf(String path) {
    return SinkFilePaths.fileName(trim(path)).map(SinkFilePaths.FileName::format);
  }

  /**
   * Whether a path relative to the base folder is skipped: one of its segments starts with {@code
   * .} or {@code _}.
   */
  public static boolean hidden(String relativePath) {
    for (String segment : relativePath.split("/", -1)) {
      if (segment.startsWith(".") || segment.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** The problem with {@code path} as a files source's path, or null when it has none. */
  public static String problem(String path) {
    if (path == null || path.isBlank()) {
      return "is required: a file, a folder or a glob, e.g. /data/events or /data/events/*.parquet";
    }
    if (!path.startsWith("/")) {
      return "must be an absolute path (it is '" + path + "'), e.g. /data/events";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "must not hold '.' or '..' segments (it is '" + path + "'): name the folder itself";
      }
    }
    if (path.indexOf('\0') >= 0 || path.indexOf('\n') >= 0) {
      return "must not hold a NUL or a line break";
    }
    String trimmed = trim(path);
    if (kind(trimmed) == Kind.FILE && hidden(trimmed.substring(trimmed.lastIndexOf('/') + 1))) {
      return "names a hidden file (its name starts with '.' or '_', which a files source never"
          + " reads): rename it";
    }
    return null;
  }

  /**
   * Whether a files source's base folder and a files sink's folder are the same, or one is inside
   * the other (compared ignoring case: a local run may be on a case-insensitive file system; the
   * root holds everything): the load would read its own output.
   */
  public static boolean readsOutput(String sourcePath, String sinkPath) {
    String source = baseFolder(sourcePath).toLowerCase(java.util.Locale.ROOT);
    String output = trim(SinkFilePaths.folder(sinkPath)).toLowerCase(java.util.Locale.ROOT);
    return source.equals(output)
        || source.equals("/")
        || output.equals("/")
        || source.startsWith(output + "/")
        || output.startsWith(source + "/");
  }

  private static String trim(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The index of the first character of the first segment holding a glob character, or -1. */
  private static int firstGlobSegment(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        int slash = path.lastIndexOf('/', i);
        return slash + 1;
      }
    }
    return -1;
  }
}
