package io.kafkaload.worker.output.files.avro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Avro names ({@code [A-Za-z_][A-Za-z0-9_]*}, ASCII only) from arbitrary column, field and topic
 * names.
 */
final class AvroNames {

  private AvroNames() {}

  static boolean isValid(String name) {
    if (name == null || name.isEmpty() || !isStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every char outside {@code [A-Za-z0-9_]} becomes '_' (a surrogate pair: one '_'); a leading
   * digit gets a '_' in front; empty becomes {@code "_"}.
   */
  static String sanitize(String name) {
    if (name == null || name.isEmpty()) {
      return "_";
    }
    StringBuilder s = new StringBuilder(name.length() + 1);
    name.codePoints().forEach(c -> s.append(c < 128 && isPart((char) c) ? (char) c : '_'));
    if (!isStart(s.charAt(0))) {
      s.insert(0, '_');
    }
    return s.toString();
  }

  /**
   * Field names for one record, in order: names already valid keep their spelling (the first of
   * duplicates wins), the others are sanitised; a clash gets the first free suffix {@code _2},
   * {@code _3}, ...
   */
  static List<String> fieldNames(List<String> originals) {
    Set<String> taken = new HashSet<>();
    String[] out = new String[originals.size()];
    for (int i = 0; i < out.length; i++) {
      String original = originals.get(i);
      if (isValid(original) && taken.add(original)) {
        out[i] = original;
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        out[i] = unique(sanitize(originals.get(i)), taken);
      }
    }
    return new ArrayList<>(List.of(out));
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ... whichever is not taken yet; claims it. */
  static String unique(String base, Set<String> taken) {
    if (taken.add(base)) {
      return base;
    }
    for (int n = 2; ; n++) {
      String candidate = base + "_" + n;
      if (taken.add(candidate)) {
        return candidate;
      }
    }
  }

  private static boolean isStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  private static boolean isPart(char c) {
    return isStart(c) || (c >= '0' && c <= '9');
  }
}
