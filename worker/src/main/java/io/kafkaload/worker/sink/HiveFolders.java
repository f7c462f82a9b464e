package io.kafkaload.worker.sink;

import java.io.IOException;
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
final class HiveFolders {

  /** The folder name of a null value, as Hive and DuckDB write it. */
  static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

  private HiveFolders() {}

  static void rename(Path dir, String base, String extension) throws IOException {
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

  /** {@code col=value}, the value escaped like DuckDB escapes it (null: the Hive default). */
  static String folder(String column, String value) {
    if (value == null) {
      return column + "=" + NULL_VALUE;
    }
    StringBuilder b = new StringBuilder(column).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '/' || c == '\\' || c == '=' || c == '%' || c == ':' || c == 0x7f) {
        b.append('%').append(String.format("%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
