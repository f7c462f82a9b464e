package io.kafkaload.worker.transform;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens DuckDB error messages for logs and reasons. DuckDB quotes the data it failed on (an
 * object, a key, a string); payloads must not reach logs (RELIABILITY.md R5), so only the error
 * class and the text before any quoted data are kept, plus the line number when there is one.
 */
public final class DuckDbErrors {

  private static final Pattern LINE = Pattern.compile("in line (\\d+)");
  private static final int MAX = 300;
  // quoted data: 'x', "x" (the value DuckDB failed on), replaced by <value>
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

  private DuckDbErrors() {}

  public static String summary(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String first = message.lines().findFirst().orElse("").strip();
    // the words around quoted data say what failed ("Could not convert string <value> to INT32"):
    // keep them, and only the data out
    first = QUOTED.matcher(first).replaceAll("<value>");
    int cut = first.length();
    for (String stop : new String[] {"\"", "{", "[", "'", "\n"}) {
      int at = first.indexOf(stop);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    String kept = first.substring(0, cut).strip();
    if (kept.endsWith(":")) {
      kept = kept.substring(0, kept.length() - 1);
    }
    Matcher line = LINE.matcher(first);
    if (line.find() && !kept.contains(line.group())) {
      kept += " (" + line.group() + " of a segment)";
    }
    return kept.length() > MAX ? kept.substring(0, MAX) + "..." : kept;
  }
}
