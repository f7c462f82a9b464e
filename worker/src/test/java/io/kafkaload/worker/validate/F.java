package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.Field;
import io.kafkaload.worker.config.LoadSpec.Privacy;
import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: schema fields in one line, and rows as text. */
final class F {

  private F() {}

  static Field f(String name, String type) {
    return new Field(name, type, null, null, null, null, null, null, null);
  }

  static Field required(String name, String type) {
    return new Field(name, type, true, null, null, null, null, null, null);
  }

  static Field pattern(String name, String type, String pattern) {
    return new Field(name, type, null, pattern, null, null, null, null, null);
  }

  static Field time(String name, String type, String format, String zone) {
    return new Field(name, type, null, null, format, zone, null, null, null);
  }

  static Field privacy(String name, String type, Privacy privacy, Integer keepLast) {
    return new Field(name, type, null, null, null, null, privacy, keepLast, null);
  }

  static Field script(String name, String type, String sql) {
    return new Field(name, type, null, null, null, null, null, null, sql);
  }

  static LoadSpec.Schema schema(UnknownFields unknown, Field... fields) {
    return new LoadSpec.Schema(unknown, null, List.of(fields));
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
