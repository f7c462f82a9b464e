package io.kafkaload.worker.validate;

import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import io.kafkaload.worker.validate.SchemaPlan.TimeFormat;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a schema field's {@code type} ({@code string}, ..., {@code decimal(p,s)}) and the {@code
 * format} of a date or timestamp field (epochMillis, epochSeconds, or a java.time pattern that must
 * write and read back what the type holds) into its {@link Leaf}, or adds the problem, naming the
 * field and the fix. Part of {@link FieldCompiler}.
 */
final class FieldTypes {

  private static final String TYPES =
      "string, long, int, double, decimal(p,s), boolean, date, timestamp, json";

  private FieldTypes() {}

  static boolean parseType(String type, Leaf leaf, String at, List<String> problems) {
    if (type == null) {
      leaf.kind = Kind.STRING;
      leaf.typeText = "a string";
      return true;
    }
    String t = type.strip().toLowerCase(Locale.ROOT);
    switch (t) {
      case "string" -> leaf.kind = Kind.STRING;
      case "long" -> leaf.kind = Kind.LONG;
      case "int" -> leaf.kind = Kind.INT;
      case "double" -> leaf.kind = Kind.DOUBLE;
      case "boolean" -> leaf.kind = Kind.BOOLEAN;
      case "date" -> leaf.kind = Kind.DATE;
      case "timestamp" -> leaf.kind = Kind.TIMESTAMP;
      case "json" -> leaf.kind = Kind.JSON;
      default -> {
        Matcher m =
            Pattern.compile("decimal\\s*\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)").matcher(t);
        if (m.matches()) {
          int p = Integer.parseInt(m.group(1));
          int s = Integer.parseInt(m.group(2));
          if (p < 1 || p > 38 || s > p) {
            problems.add(
                at
                    + ".type: \""
                    + type
                    + "\": the precision must be 1 to 38 and the scale 0 to the precision,"
                    + " e.g. decimal(18,2)");
            return false;
          }
          leaf.kind = Kind.DECIMAL;
          leaf.precision = p;
          leaf.scale = s;
          leaf.typeText = "a decimal(" + p + "," + s + ")";
          return true;
        }
        if (t.startsWith("decimal")) {
          problems.add(
              at + ".type: \"" + type + "\" is not decimal(p,s); write e.g. decimal(18,2)");
        } else {
          problems.add(at + ".type: unknown type \"" + type + "\"; use one of " + TYPES);
        }
        return false;
      }
    }
    leaf.typeText = (t.equals("int") ? "an " : "a ") + t;
    return true;
  }

  static void parseFormat(String format, Leaf leaf, String at, List<String> problems) {
    leaf.formatText = format;
    if (format.equals("epochMillis")) {
      leaf.timeFormat = TimeFormat.EPOCH_MILLIS;
      return;
    }
    if (format.equals("epochSeconds")) {
      leaf.timeFormat = TimeFormat.EPOCH_SECONDS;
      return;
    }
    String fix =
        "; use a java.time pattern like dd/MM/yyyy HH:mm, or epochMillis or epochSeconds (no"
            + " format: ISO-8601)";
    DateTimeFormatter f;
    try {
      f =
          new DateTimeFormatterBuilder()
              .appendPattern(format)
              .parseDefaulting(ChronoField.ERA, 1)
              .toFormatter(Locale.ROOT)
              .withResolverStyle(ResolverStyle.STRICT);
    } catch (IllegalArgumentException e) {
      problems.add(
          at
              + ".format: \""
              + format
              + "\" is not a date-time pattern ("
              + e.getMessage()
              + ")"
              + fix);
      return;
    }
    // The pattern must write and read back what the type holds.
    ZonedDateTime sample = ZonedDateTime.of(2026, 11, 25, 10, 30, 45, 123_456_000, leaf.zone);
    try {
      if (leaf.kind == Kind.DATE) {
        String text = f.format(LocalDate.of(2026, 11, 25));
        LocalDate back = f.parse(text).query(TemporalQueries.localDate());
        if (back == null) {
          throw new DateTimeException("it does not hold a year, a month and a day");
        }
      } else {
        String text = f.format(sample);
        TemporalAccessor back = f.parse(text);
        if (back.query(TemporalQueries.localDate()) == null) {
          throw new DateTimeException("it does not hold a year, a month and a day");
        }
        if (back.query(TemporalQueries.localTime()) == null
            && !text.equals(f.format(sample.toLocalDate().atStartOfDay(leaf.zone)))) {
          throw new DateTimeException(
              "its time of day cannot be read back (hh needs a; use HH for 0-23)");
        }
      }
    } catch (DateTimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      problems.add(
          at
              + ".format: \""
              + format
              + "\" cannot read a "
              + (leaf.kind == Kind.DATE ? "date" : "timestamp")
              + ": "
              + why.lines().findFirst().orElse("")
              + (leaf.kind == Kind.DATE
                  ? " (a date format holds only date fields; for a time of day use type timestamp)"
                  : "")
              + fix);
      return;
    }
    leaf.timeFormat = TimeFormat.PATTERN;
    leaf.formatter = f;
  }
}
