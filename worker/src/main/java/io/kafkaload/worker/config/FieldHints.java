package io.kafkaload.worker.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helps with a mistyped field name: the known name it is closest to, and where it is in the file
 * (the YAML is bound from a tree, which keeps no positions, so the key is looked up in the text).
 */
final class FieldHints {
  private FieldHints() {}

  /** The known name within a small edit distance of {@code unknown} (case aside), if one is. */
  static Optional<String> closest(String unknown, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(unknown.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    int allowed = Math.max(2, unknown.length() / 3);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** "line L, column C" of the first key {@code name:} in {@code file}, if found. */
  static Optional<String> locate(Path file, String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    Pattern key = Pattern.compile("^(\\s*(?:-\\s+)?)[\"']?" + Pattern.quote(name) + "[\"']?\\s*:");
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = key.matcher(lines.get(i));
      if (m.find()) {
        return Optional.of("line " + (i + 1) + ", column " + (m.group(1).length() + 1));
      }
    }
    return Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
