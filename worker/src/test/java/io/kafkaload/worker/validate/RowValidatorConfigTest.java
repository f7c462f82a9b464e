package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.schema;
import static io.kafkaload.worker.validate.F.script;
import static io.kafkaload.worker.validate.F.time;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.Privacy;
import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config problems, all reported at once with the field's path and the fix; columns and scripts. */
class RowValidatorConfigTest {

  private static List<String> problems(LoadSpec.Schema schema) {
    try {
      RowValidator.of(schema, null);
    } catch (ConfigException e) {
      return Arrays.asList(e.getMessage().split("; (?=spec\\.schema)"));
    }
    throw new AssertionError("no ConfigException");
  }

  @Test
  void everyProblemIsListedWithItsFieldPath() {
    List<String> p =
        problems(
            schema(
                UnknownFields.Keep,
                f("a", "strin"),
                f("b", "decimal(40,2)"),
                f("c", "decimal(5,6)"),
                f("d", "decimal"),
                F.pattern("e", "string", "[unclosed"),
                time("f", "date", "dd/MM/yyyy HH:mm", null),
                time("g", "timestamp", "yyyy-MM-dd qqqq bogus", null),
                time("h", "timestamp", null, "Mars/Olympus"),
                time("i", "long", "epochMillis", null),
                time("j", "string", null, "UTC"),
                F.privacy("k", "string", Privacy.Mask, -1),
                F.field("name", "l", "type", "string", "maskKeepLast", 3),
                f("", "string"),
                f("m..n", "string"),
                f("o", "long"),
                f("O", "long"),
                f("user", "long"),
                f("user.id", "long"),
                time("p", "timestamp", "hh:mm dd/MM/yyyy", null)));
    assertThat(p)
        .containsExactly(
            "spec.schema.fields[0].type: unknown type \"strin\"; use one of string, long, int,"
                + " double, decimal(p,s), boolean, date, timestamp, json",
            "spec.schema.fields[1].type: \"decimal(40,2)\": the precision must be 1 to 38 and the"
                + " scale 0 to the precision, e.g. decimal(18,2)",
            "spec.schema.fields[2].type: \"decimal(5,6)\": the precision must be 1 to 38 and the"
                + " scale 0 to the precision, e.g. decimal(18,2)",
            "spec.schema.fields[3].type: \"decimal\" is not decimal(p,s); write e.g."
                + " decimal(18,2)",
            "spec.schema.fields[4].pattern: not a valid RE2 regular expression (missing closing ]:"
                + " `[unclosed`); patterns use RE2 syntax, which runs in linear time and has no"
                + " backreferences (\\1), lookahead or lookbehind ((?=, (?!, (?<=, (?<!),"
                + " possessive quantifiers (*+, ++) or atomic groups ((?>); rewrite the expression"
                + " without them",
            p.get(5),
            p.get(6),
            "spec.schema.fields[7].timeZone: unknown zone \"Mars/Olympus\"; use an IANA name like"
                + " Europe/Paris, or UTC",
            "spec.schema.fields[8].format: only date and timestamp fields take a format; remove it"
                + " or set type: date or timestamp",
            "spec.schema.fields[9].timeZone: only date and timestamp fields take a timeZone;"
                + " remove it or set type: timestamp",
            "spec.schema.fields[10].maskKeepLast: -1 is negative; use 0 or more",
            "spec.schema.fields[11].maskKeepLast: applies to privacy Mask only; set privacy: Mask"
                + " or remove it",
            "spec.schema.fields[12].name: is missing; give a top-level name or a dotted path like"
                + " user.address.city",
            "spec.schema.fields[13].name: \"m..n\" has an empty part; write a dotted path like"
                + " user.address.city",
            "spec.schema.fields[15].name: \"O\" is already spec.schema.fields[14] (column names"
                + " ignore case); name each field once",
            "spec.schema.fields[18].format: \"hh:mm dd/MM/yyyy\" cannot read a timestamp: its time"
                + " of day cannot be read back (hh needs a; use HH for 0-23); use a java.time"
                + " pattern like dd/MM/yyyy HH:mm, or epochMillis or epochSeconds (no format:"
                + " ISO-8601)",
            p.get(16));
    assertThat(p.get(5))
        .startsWith("spec.schema.fields[5].format: \"dd/MM/yyyy HH:mm\" cannot read a date: ")
        .contains("a date format holds only date fields");
    assertThat(p.get(6)).startsWith("spec.schema.fields[6].format: \"yyyy-MM-dd qqqq bogus\"");
    assertThat(p.get(16))
        .isEqualTo(
            "spec.schema.fields[17].name: \"user.id\" is inside \"user\", which"
                + " spec.schema.fields[16] declares as a value; a name is either a field or a"
                + " parent object: rename one of them");
  }

  @Test
  void scriptFieldsTakeNoInputSettings() {
    List<String> p =
        problems(
            schema(
                null,
                f("a", "long"),
                F.field(
                    "name",
                    "s",
                    "type",
                    "double",
                    "required",
                    true,
                    "pattern",
                    "x",
                    "format",
                    "epochMillis",
                    "privacy",
                    Privacy.Hide,
                    "script",
                    "a*2"),
                script("t.u", null, "1"),
                script("v", null, " ")));
    assertThat(p)
        .containsExactly(
            "spec.schema.fields[1].required: is not allowed on a script field (it is computed,"
                + " not read); remove it",
            "spec.schema.fields[1].pattern: is not allowed on a script field (it is computed, not"
                + " read); remove it",
            "spec.schema.fields[1].privacy: is not allowed on a script field (it is computed, not"
                + " read); remove it",
            "spec.schema.fields[1].format: is not allowed on a script field (it is computed, not"
                + " read); remove it",
            "spec.schema.fields[2].name: \"t.u\" is a script field, which is a top-level column;"
                + " use a name without dots",
            "spec.schema.fields[3].script: is empty; give a SQL expression like amount * 0.92, or"
                + " remove it");
  }

  @Test
  void anIgnoreSchemaNeedsFields() {
    assertThat(problems(schema(null)))
        .containsExactly(
            "spec.schema.fields: no field to keep: with unknownFields Ignore every row would be"
                + " empty; add fields, or set unknownFields: Keep");
    assertThatThrownBy(() -> RowValidator.of(null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("spec.schema: is missing");
    RowValidator passThrough = RowValidator.of(schema(UnknownFields.Keep), null);
    assertThat(F.run(passThrough, "{\"a\": [1, 2]}")).isEqualTo("{\"a\":[1,2]}");
  }

  @Test
  void columnsAndComputed() {
    RowValidator v =
        RowValidator.of(
            schema(
                null,
                f("id", "long"),
                f("user.name", null),
                f("n", "INT"),
                script("eur", "decimal(10, 2)", "amount * 0.92"),
                f("user.address.zip \"x\"", "decimal(10, 2)"),
                f("ok", "boolean"),
                f("d", "date"),
                f("t", "timestamp"),
                f("j", "json"),
                f("x", "double"),
                script("label", null, "upper(name)")),
            null);
    assertThat(v.columns())
        .containsExactly(
            entry("id", "BIGINT"),
            entry(
                "user",
                "STRUCT(\"name\" VARCHAR, \"address\" STRUCT(\"zip \"\"x\"\"\" DECIMAL(10,2)))"),
            entry("n", "INTEGER"),
            entry("ok", "BOOLEAN"),
            entry("d", "DATE"),
            entry("t", "TIMESTAMPTZ"),
            entry("j", "JSON"),
            entry("x", "DOUBLE"));
    assertThat(v.computed())
        .containsExactly(
            new RowValidator.Computed("eur", "amount * 0.92", "DECIMAL(10,2)"),
            new RowValidator.Computed("label", "upper(name)", null));
    assertThat(v.keepsUnknown()).isFalse();
  }
}
