package io.kafkaload.operator.validation;

import io.kafkaload.contract.UserRegex;
import io.kafkaload.operator.api.Privacy;
import io.kafkaload.operator.api.SchemaField;
import io.kafkaload.operator.api.SchemaSpec;
import io.kafkaload.operator.api.UnknownFields;
import io.kafkaload.operator.render.LoadDefaults;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema of a load: field names, types, patterns, formats, time zones, privacy rules and
 * computed columns (parsed by DuckDB, see {@link DuckDbSql}). Each problem names the field by its
 * index and name.
 */
final class SchemaRules {

  private static final Pattern TYPE = Pattern.compile(SchemaField.TYPE_PATTERN);

  private static final Pattern DECIMAL = Pattern.compile("^decimal\\((\\d+),\\s*(\\d+)\\)$");

  /** DuckDB's widest DECIMAL. */
  static final int MAX_DECIMAL_PRECISION = 38;

  private static final Set<String> EPOCH_FORMATS = Set.of("epochMillis", "epochSeconds");

  private SchemaRules() {}

  static void check(SchemaSpec schema, List<String> problems) {
    if (schema.getSalt() != null) {
      if (blank(schema.getSalt().getName()) || blank(schema.getSalt().getKey())) {
        problems.add(
            "spec.schema.salt: needs name and key; name the Secret and its key holding the salt");
      }
    }
    List<SchemaField> fields = schema.getFields();
    boolean keepsNothing =
        LoadDefaults.unknownFields(schema) == UnknownFields.Ignore
            && (fields == null
                || fields.stream().allMatch(f -> f == null || f.getScript() != null));
    if (keepsNothing) {
      // The worker refuses it too (docs/validation.md, "Config errors").
      problems.add(
          "spec.schema.fields: no field to keep: with unknownFields Ignore every row would be"
              + " empty; add fields, or set unknownFields: Keep");
    }
    if (fields == null) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      SchemaField field = fields.get(i);
      if (field == null || blank(field.getName())) {
        problems.add(
            "spec.schema.fields[%d].name: missing; name the field (a dotted path reaches into"
                    .formatted(i)
                + " nested objects: user.address.city)");
        continue;
      }
      Where where = new Where(i, field.getName());
      checkName(where, field.getName(), problems);
      Integer first = seen.putIfAbsent(field.getName().toLowerCase(Locale.ROOT), i);
      if (first != null) {
        problems.add(
            ("%s: repeats fields[%d].name %s (column names ignore case); keep one entry per"
                    + " field")
                .formatted(where.at("name"), first, fields.get(first).getName()));
      }
      checkField(where, field, problems);
    }
  }

  private static void checkName(Where where, String name, List<String> problems) {
    for (String segment : name.split("\\.", -1)) {
      if (segment.isBlank()) {
        problems.add(
            "%s: has an empty part; write a dotted path like user.address.city"
                .formatted(where.at("name")));
        return;
      }
    }
  }

  private static void checkField(Where where, SchemaField field, List<String> problems) {
    String type = field.getType();
    if (type != null) {
      Matcher decimal = DECIMAL.matcher(type);
      if (!TYPE.matcher(type).matches()) {
        problems.add(
            ("%s: '%s' is not a type; use string, long, int, double, decimal(p,s), boolean,"
                    + " date, timestamp or json")
                .formatted(where.at("type"), type));
      } else if (decimal.matches()) {
        int precision = Integer.parseInt(decimal.group(1));
        int scale = Integer.parseInt(decimal.group(2));
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
          problems.add(
              "%s: '%s' needs a precision of 1 to %d and a scale of at most the precision"
                  .formatted(where.at("type"), type, MAX_DECIMAL_PRECISION));
        }
      }
    }
    if (field.getScript() != null) {
      checkScript(where, field, problems);
      return;
    }
    if (field.getPattern() != null) {
      String problem = UserRegex.problem(field.getPattern());
      if (problem != null) {
        problems.add(where.at("pattern") + ": " + problem);
      }
    }
    if (field.getFormat() != null) {
      checkFormat(where, field, problems);
    }
    if (field.getTimeZone() != null) {
      try {
        ZoneId.of(field.getTimeZone());
      } catch (DateTimeException e) {
        problems.add(
            "%s: '%s' is not an IANA time zone; use e.g. Europe/Paris or UTC"
                .formatted(where.at("timeZone"), field.getTimeZone()));
      }
    }
    Integer keep = field.getMaskKeepLast();
    if (keep != null && keep < 0) {
      problems.add("%s: %d is below 0; use 0 or more".formatted(where.at("maskKeepLast"), keep));
    }
    if (keep != null && field.getPrivacy() != Privacy.Mask) {
      problems.add(
          "%s: applies to privacy Mask only; set privacy: Mask or remove maskKeepLast"
              .formatted(where.at("maskKeepLast")));
    }
  }

  private static void checkFormat(Where where, SchemaField field, List<String> problems) {
    String type = field.getType();
    if (!"date".equals(type) && !"timestamp".equals(type)) {
      problems.add(
          "%s: applies to type date or timestamp only; set that type or remove format"
              .formatted(where.at("format")));
      return;
    }
    if (EPOCH_FORMATS.contains(field.getFormat())) {
      return;
    }
    try {
      DateTimeFormatter.ofPattern(field.getFormat());
    } catch (IllegalArgumentException e) {
      problems.add(
          ("%s: '%s' is not a java.time pattern (%s); use e.g. dd/MM/yyyy HH:mm,"
                  + " epochMillis or epochSeconds")
              .formatted(where.at("format"), field.getFormat(), e.getMessage()));
    }
  }

  private static void checkScript(Where where, SchemaField field, List<String> problems) {
    if (field.getName().contains(".")) {
      problems.add(
          "%s: a script field is a top-level column; use a name without dots"
              .formatted(where.at("name")));
    }
    if (Boolean.TRUE.equals(field.getRequired())
        || field.getPattern() != null
        || field.getFormat() != null
        || field.getPrivacy() != null) {
      problems.add(
          ("%s: a computed column has no required, pattern, format or privacy; remove them or"
                  + " the script")
              .formatted(where.at("script")));
    }
    if (field.getScript().isBlank()) {
      problems.add(
          "%s: blank; write a DuckDB SQL expression, e.g. amount * 0.92"
              .formatted(where.at("script")));
      return;
    }
    DuckDbSql.checkExpression(field.getScript())
        .ifPresent(problem -> problems.add("%s: %s".formatted(where.at("script"), problem)));
  }

  /** A field of the schema, for messages: its path in the spec and its name. */
  private record Where(int index, String name) {
    String at(String attribute) {
      return "spec.schema.fields[%d].%s (%s)".formatted(index, attribute, name);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
