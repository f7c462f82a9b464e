package io.kafkaload.worker.output.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Hive-style folders ({@code col=value/}): gives the files DuckDB's partitioned COPY wrote (named
 * {@code <base>_<i>.<its extension>}) the chunk's names, {@code <base>.<ext>} in each folder (and
 * {@code <base>-<k>.<ext>} when DuckDB wrote several into one folder), and builds folder names for
 * the writers that are not DuckDB's, escaped as DuckDB does.
 */
public final class HiveFolders {

  /** The folder name of a null value, as Hive and DuckDB write it. */
  static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

  private HiveFolders() {}

  public static void rename(Path dir, String base, String extension) throws IOException {
    Map<Path, List<Path>> byFolder = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (!file.getFileName().toString().startsWith(base + "_")) {
          throw new IOException("unexpected file from a partitioned write: " + file.getFileName());
        }
        byFolder.computeIfAbsent(file.getParent(), k -> new ArrayList<>()).add(file);
      }
    }
    for (Map.Entry<Path, List<Path>> e : byFolder.entrySet()) {
      List<Path> files = e.getValue();
      for (int k = 0; k < files.size(); k++) {
        String name = files.size() == 1 ? base : base + "-" + k;
        Files.move(files.get(k), e.getKey().resolve(name + "." + extension));
      }
    }
  }

  /** The longest file or folder name most file systems take (bytes; Linux NAME_MAX). */
  public static final int MAX_NAME_BYTES = 255;

  /**
   * {@code col=value}, both escaped as DuckDB 2.0 escapes hive folder names: every UTF-8 byte but
   * {@code A-Z a-z 0-9 - . _ ~} as {@code %XX} (null: the Hive default).
   */
  static String folder(String column, String value) {
    StringBuilder b = new StringBuilder();
    escape(column, b);
    b.append('=');
    if (value == null) {
      return b.append(NULL_VALUE).toString();
    }
    escape(value, b);
    return b.toString();
  }

  /** The length in bytes of {@link #folder}'s name for {@code value}'s text. */
  static long folderBytes(String column, String value) {
    return escapedBytes(column) + 1 + (value == null ? NULL_VALUE.length() : escapedBytes(value));
  }

  private static long escapedBytes(String text) {
    long n = 0;
    for (byte c : text.getBytes(StandardCharsets.UTF_8)) {
      n += kept(c) ? 1 : 3;
    }
    return n;
  }

  private static void escape(String text, StringBuilder b) {
    for (byte c : text.getBytes(StandardCharsets.UTF_8)) {
      if (kept(c)) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static boolean kept(byte c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
