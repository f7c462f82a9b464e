package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.Field;
import io.kafkaload.worker.config.LoadSpec.Privacy;
import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import io.kafkaload.worker.config.TestLoads;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: schema fields in one line, and rows as text. */
final class F {

  private F() {}

  static Field f(String name, String type) {
    return field("name", name, "type", type);
  }

  static Field required(String name, String type) {
    return field("name", name, "type", type, "required", true);
  }

  static Field pattern(String name, String type, String pattern) {
    return field("name", name, "type", type, "pattern", pattern);
  }

  static Field time(String name, String type, String format, String zone) {
    return field("name", name, "type", type, "format", format, "timeZone", zone);
  }

  static Field privacy(String name, String type, Privacy privacy, Integer keepLast) {
    return field("name", name, "type", type, "privacy", privacy, "maskKeepLast", keepLast);
  }

  static Field script(String name, String type, String sql) {
    return field("name", name, "type", type, "script", sql);
  }

  /**
   * A field of {@code spec.schema.fields} with the members given as name, value pairs (a null value
   * left out), bound from a load's document ({@link TestLoads}): a new member of {@link Field}
   * needs no edit here.
   */
  static Field field(Object... members) {
    Map<String, Object> field = new LinkedHashMap<>();
    for (int i = 0; i < members.length; i += 2) {
      if (members[i + 1] != null) {
        field.put((String) members[i], members[i + 1]);
      }
    }
    return TestLoads.empty()
        .set("spec.schema.fields", List.of(field))
        .spec()
        .schema()
        .fields()
        .get(0);
  }

  static LoadSpec.Schema schema(UnknownFields unknown, Field... fields) {
    return TestLoads.empty()
        .set("spec.schema.unknownFields", unknown)
        .set("spec.schema.fields", List.of(fields))
        .spec()
        .schema();
  }

  static RowValidator validator(Field... fields) {
    return RowValidator.of(schema(null, fields), null);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The row when accepted, else "REJECT: reason". */
  static String run(RowValidator v, String json) {
    return run(v, utf8(json));
  }

  static String run(RowValidator v, byte[] json) {
    String reason = v.check(json);
    return reason == null ? new String(v.row(), StandardCharsets.UTF_8) : "REJECT: " + reason;
  }

  /** The output of one field of a one-field schema. */
  static String one(Field field, String jsonValue) {
    String out = run(validator(field), "{\"" + field.name() + "\":" + jsonValue + "}");
    if (out.startsWith("REJECT: ")) {
      return out;
    }
    String prefix = "{\"" + field.name() + "\":";
    return out.substring(prefix.length(), out.length() - 1);
  }
}
