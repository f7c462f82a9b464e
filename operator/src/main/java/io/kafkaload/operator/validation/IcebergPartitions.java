package io.kafkaload.operator.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code sink.iceberg.partitionBy}: Iceberg transforms as docs/worker-config.md lists them
 * ({@code day(ts)}, {@code hour(ts)}, {@code month(ts)}, {@code year(ts)}, {@code bucket(16, id)},
 * {@code truncate(4, name)}, {@code identity(region)}) or a bare column (identity). A column may be
 * a dotted path into a nested field.
 */
final class IcebergPartitions {

  private static final String COLUMN = "([^\\s(),]+)";

  private static final Pattern BARE = Pattern.compile("^" + COLUMN + "$");

  private static final Pattern UNARY =
      Pattern.compile("^([A-Za-z_]+)\\(\\s*" + COLUMN + "\\s*\\)$");

  private static final Pattern WITH_WIDTH =
      Pattern.compile("^([A-Za-z_]+)\\(\\s*(\\d+)\\s*,\\s*" + COLUMN + "\\s*\\)$");

  private static final Pattern WIDTH_LAST =
      Pattern.compile("^(bucket|truncate)\\(\\s*" + COLUMN + "\\s*,\\s*(\\d+)\\s*\\)$");

  private static final Set<String> TIME = Set.of("year", "month", "day", "hour");

  private static final Map<String, String> PLURALS =
      Map.of("years", "year", "months", "month", "days", "day", "hours", "hour");

  private static final String FORMS =
      "use day(ts), hour(ts), month(ts), year(ts), bucket(16, id), truncate(4, name),"
          + " identity(region) or a column name";

  /** One parsed partition field: its transform ({@code identity} for a bare column). */
  record Field(String transform, Integer width, String column) {}

  private IcebergPartitions() {}

  /** The partition field {@code text} stands for, or the problem (without the field's path). */
  static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      return Parsed.problem("blank; " + FORMS);
    }
    if (text.chars().filter(c -> c == '(').count() != text.chars().filter(c -> c == ')').count()) {
      return Parsed.problem(
          ("'%s' has unbalanced parentheses; in a YAML list written [a, b] the comma inside"
                  + " bucket(16, id) splits the item: quote it, [\"day(ts)\", \"bucket(16, id)\"],"
                  + " or write one item per line")
              .formatted(text));
    }
    Matcher bare = BARE.matcher(text);
    if (bare.matches()) {
      return Parsed.of(new Field("identity", null, bare.group(1)));
    }
    Matcher swapped = WIDTH_LAST.matcher(text);
    if (swapped.matches()) {
      return Parsed.problem(
          "'%s' puts the number last; write %s(%s, %s)"
              .formatted(text, swapped.group(1), swapped.group(3), swapped.group(2)));
    }
    Matcher unary = UNARY.matcher(text);
    if (unary.matches()) {
      String name = unary.group(1);
      if (TIME.contains(name) || name.equals("identity")) {
        return Parsed.of(new Field(name, null, unary.group(2)));
      }
      String singular = PLURALS.get(name.toLowerCase(Locale.ROOT));
      if (singular != null) {
        return Parsed.problem(
            "'%s' is Spark's spelling; write %s(%s)".formatted(text, singular, unary.group(2)));
      }
      if (name.equals("bucket") || name.equals("truncate")) {
        return Parsed.problem(
            "'%s' needs a number; write %s(N, %s) with N at least 1"
                .formatted(text, name, unary.group(2)));
      }
      return Parsed.problem("'%s' is not an Iceberg transform; %s".formatted(text, FORMS));
    }
    Matcher width = WITH_WIDTH.matcher(text);
    if (width.matches()) {
      String name = width.group(1);
      if (!name.equals("bucket") && !name.equals("truncate")) {
        return Parsed.problem(
            "'%s': only bucket and truncate take a number; %s".formatted(text, FORMS));
      }
      Optional<Integer> n = positiveInt(width.group(2));
      if (n.isEmpty()) {
        return Parsed.problem(
            "'%s': %s needs a number from 1 to %d".formatted(text, name, Integer.MAX_VALUE));
      }
      return Parsed.of(new Field(name, n.get(), width.group(3)));
    }
    return Parsed.problem("'%s' is not an Iceberg transform; %s".formatted(text, FORMS));
  }

  /**
   * Problems of the list as a whole, each with its index: a field given twice, or two time
   * transforms of one column (Iceberg refuses such redundant partitions).
   */
  static void checkTogether(List<Field> fields, List<Integer> indexes, Problems problems) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> timeOf = new HashMap<>();
    for (int k = 0; k < fields.size(); k++) {
      Field field = fields.get(k);
      String column = field.column().toLowerCase(Locale.ROOT);
      String key = field.transform() + "|" + field.width() + "|" + column;
      Integer first = seen.putIfAbsent(key, indexes.get(k));
      if (first != null) {
        problems.add(indexes.get(k), "repeats partitionBy[%d]; list each once".formatted(first));
        continue;
      }
      if (TIME.contains(field.transform())) {
        Integer other = timeOf.putIfAbsent(column, indexes.get(k));
        if (other != null) {
          problems.add(
              indexes.get(k),
              ("partitionBy[%d] already partitions %s by time, and Iceberg allows one of year,"
                      + " month, day and hour per column; keep one")
                  .formatted(other, field.column()));
        }
      }
    }
  }

  /** Where the list's problems go. */
  interface Problems {
    void add(int index, String problem);
  }

  private static Optional<Integer> positiveInt(String digits) {
    try {
      int n = Integer.parseInt(digits);
      return n >= 1 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A parsed field, or why it is not one. */
  record Parsed(Field field, String problem) {
    static Parsed of(Field field) {
      return new Parsed(field, null);
    }

    static Parsed problem(String problem) {
      return new Parsed(null, problem);
    }
  }
}
