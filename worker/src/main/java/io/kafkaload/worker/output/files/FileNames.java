package io.kafkaload.worker.output.files;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The names of a chunk's files: {@code <topic>+<partition>+<first>+<last>.<ext>}, offsets
 * zero-padded to 20 digits (so names sort in offset order) and the last offset inclusive. The name
 * depends only on the partition and the range, so a run that repeats a range rewrites the same
 * files instead of adding duplicates. Kafka topic names cannot contain {@code +}, so names parse
 * back without ambiguity.
 */
public final class FileNames {

  /** The folder, under the sink's path, that holds rejected records. */
  public static final String REJECTED_DIR = "_rejected";

  public static final String PARQUET = "parquet";
  public static final String JSONL = "jsonl";
  public static final String CSV = "csv";
  public static final String AVRO = "avro";

  /** Every extension a data file of any format and compression can have. */
  static final List<String> DATA_EXTENSIONS =
      List.of(PARQUET, JSONL, JSONL + ".gz", JSONL + ".zst", CSV, CSV + ".gz", CSV + ".zst", AVRO);

  private static final int DIGITS = 20;

  private FileNames() {}

  /** {@code <topic>+<partition>+<first>+<last>}, without extension. */
  public static String base(TopicPartition tp, long first, long last) {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad offset range " + first + ".." + last);
    }
    return prefix(tp) + pad(first) + "+" + pad(last);
  }

  /** {@code <topic>+<partition>+}: every file of the partition starts with it. */
  public static String prefix(TopicPartition tp) {
    return tp.topic() + "+" + tp.partition() + "+";
  }

  public static String pad(long offset) {
    String digits = Long.toString(offset);
    return "0".repeat(DIGITS - digits.length()) + digits;
  }

  /**
   * The first offset of {@code name} when it is a file of {@code tp} with extension {@code ext}
   * ({@code <prefix><first>+<last>.<ext>}), else -1.
   */
  static long firstOffset(String name, TopicPartition tp, String ext) {
    String prefix = prefix(tp);
    int expected = prefix.length() + DIGITS + 1 + DIGITS + 1 + ext.length();
    if (name.length() > expected && name.endsWith("." + ext)) {
      // <base>-<k>.<ext>: one of several files a partitioned write put in one folder
      String suffix = name.substring(expected - ext.length() - 1, name.length() - ext.length() - 1);
      if (suffix.length() > 1
          && suffix.charAt(0) == '-'
          && suffix.substring(1).chars().allMatch(Character::isDigit)) {
        name = name.substring(0, expected - ext.length() - 1) + "." + ext;
      }
    }
    if (name.length() != expected
        || !name.startsWith(prefix)
        || !name.endsWith("." + ext)
        || name.charAt(prefix.length() + DIGITS) != '+') {
      return -1;
    }
    String first = name.substring(prefix.length(), prefix.length() + DIGITS);
    String last = name.substring(prefix.length() + DIGITS + 1, prefix.length() + 2 * DIGITS + 1);
    if (!first.chars().allMatch(Character::isDigit) || !last.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(first);
  }

  /** The last offset of a name that {@link #firstOffset} accepted. */
  static long lastOffset(String name, TopicPartition tp) {
    int from = prefix(tp).length() + DIGITS + 1;
    return Long.parseLong(name.substring(from, from + DIGITS));
  }

  /** The hidden name a file is written under before it is renamed: {@code .<name>.tmp}. */
  static String temp(String name) {
    return "." + name + ".tmp";
  }

  /** True for a temp file of {@code tp}, as left behind by a run that stopped while writing. */
  static boolean isTemp(String name, TopicPartition tp) {
    return name.startsWith("." + prefix(tp)) && name.endsWith(".tmp");
  }
}
