package io.kafkaload.worker.source.files;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * One file of a files source, as listed at the start of a run.
 *
 * @param path where it is read
 * @param relative its path under the source's base folder, with {@code /}: its name in positions,
 *     reports and rejected records (a claim mounted elsewhere keeps the load's positions)
 * @param size its size in bytes when listed
 * @param modified its modification time when listed, in milliseconds
 * @param folderColumns the {@code key=value} folders of {@code relative} (hive partitioning), in
 *     order, empty without hive partitioning
 */
public record SourceFile(
    Path path, String relative, long size, long modified, List<FolderColumn> folderColumns) {

  /** A column that a {@code key=value} folder adds to every row of the files under it. */
  public record FolderColumn(String name, String value) {
    /** The value as a JSON literal: an integer as a number, anything else as a string. */
    public String json() {
      if (value.matches("-?(0|[1-9][0-9]{0,17})")) {
        return value;
      }
      return Json.quote(value);
    }
  }

  /**
   * The source partition of this file: its relative path, and a fingerprint of its size and
   * modification time as the partition number, so a file that changed is a new partition, sent
   * again whole, while an unchanged one keeps its position (the number of its rows sent).
   */
  public TopicPartition partition() {
    return new TopicPartition(name(relative), fingerprint(size, modified));
  }

  /**
   * The name of a relative path where a topic's name goes (positions, chunk and output file names,
   * reports, rejected records): the path with every character outside {@code [A-Za-z0-9._=-]}
   * written as {@code %XX} per UTF-8 byte ({@code /} as {@code %2F}), so it holds no {@code /} or
   * {@code +} and two paths never get one name.
   */
  public static String name(String relative) {
    StringBuilder b = new StringBuilder(relative.length() + 8);
    for (byte c : relative.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '.'
          || c == '_'
          || c == '='
          || c == '-') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  /** A non-negative 31-bit fingerprint of a file's size and modification time. */
  static int fingerprint(long size, long modified) {
    long h = size * 0x9E3779B97F4A7C15L ^ modified;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) (h & 0x7fffffff);
  }
}
