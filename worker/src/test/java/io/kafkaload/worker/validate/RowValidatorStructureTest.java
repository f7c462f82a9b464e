package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.pattern;
import static io.kafkaload.worker.validate.F.required;
import static io.kafkaload.worker.validate.F.run;
import static io.kafkaload.worker.validate.F.schema;
import static io.kafkaload.worker.validate.F.script;
import static io.kafkaload.worker.validate.F.utf8;
import static io.kafkaload.worker.validate.F.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Names, nesting, unknown fields, required, patterns, duplicates and hostile input. */
class RowValidatorStructureTest {

  @Test
  void ignoreWritesEverySchemaFieldInSchemaOrderAndDropsTheRest() {
    RowValidator v = validator(f("b", "long"), f("a", "string"), f("c", "boolean"));
    assertThat(run(v, "{\"a\":\"x\",\"extra\":{\"deep\":[1,2]},\"b\":1}"))
        .isEqualTo("{\"b\":1,\"a\":\"x\",\"c\":null}");
    assertThat(run(v, "{}")).isEqualTo("{\"b\":null,\"a\":null,\"c\":null}");
    assertThat(run(v, " {\"a\" : null ,\n\"b\":\t2 } \n"))
        .isEqualTo("{\"b\":2,\"a\":null,\"c\":null}");
  }

  @Test
  void dottedNamesBuildOneNestedObject() {
    RowValidator v =
        validator(
            f("user.id", "long"),
            f("event", "string"),
            f("user.address.city", "string"),
            f("user.name", "string"));
    assertThat(
            run(
                v,
                "{\"user\":{\"name\":\"Ann\",\"address\":{\"city\":\"Paris\",\"zip\":\"75001\"},"
                    + "\"id\":\"7\"},\"event\":\"click\"}"))
        .isEqualTo(
            "{\"user\":{\"id\":7,\"address\":{\"city\":\"Paris\"},\"name\":\"Ann\"},"
                + "\"event\":\"click\"}");
    assertThat(run(v, "{\"event\":\"e\"}"))
        .isEqualTo(
            "{\"user\":{\"id\":null,\"address\":{\"city\":null},\"name\":null},\"event\":\"e\"}");
    assertThat(run(v, "{\"user\":null}")).startsWith("{\"user\":{\"id\":null,");
    assertThat(run(v, "{\"user\":5}"))
        .isEqualTo("REJECT: field user: 5 is not an object (the schema has fields inside it)");
    assertThat(run(v, "{\"user\":{\"address\":[]}}"))
        .isEqualTo(
            "REJECT: field user.address: [] is not an object (the schema has fields inside it)");
    // A member named "user.id" is not the path user.id.
    assertThat(run(v, "{\"user.id\":1}")).startsWith("{\"user\":{\"id\":null,");
  }

  @Test
  void membersAreMatchedByTheirDecodedNames() {
    RowValidator v = validator(f("naïve", "long"), f("a\"b", "long"));
    assertThat(run(v, "{\"na\\u00efve\":1,\"a\\\"b\":2}")).isEqualTo("{\"naïve\":1,\"a\\\"b\":2}");
    assertThat(run(v, "{\"Naïve\":1}")).isEqualTo("{\"naïve\":null,\"a\\\"b\":null}");
  }

  @Test
  void keepCopiesUnknownMembersAtEveryLevel() {
    RowValidator v =
        RowValidator.of(schema(UnknownFields.Keep, f("id", "long"), f("user.id", "long")), null);
    assertThat(v.keepsUnknown()).isTrue();
    assertThat(
            run(
                v,
                "{\"x\" : [1, {\"y\": \"a b\"}],\"id\":\"1\",\"user\":{\"nick\":\"n\",\"id\":2},"
                    + "\"z\":null}"))
        .isEqualTo(
            "{\"id\":1,\"user\":{\"id\":2,\"nick\":\"n\"},\"x\":[1,{\"y\":\"a b\"}],\"z\":null}");
    assertThat(run(v, "{\"k\":\"a\\u0000\"}"))
        .isEqualTo("REJECT: field k: contains a NUL character (\\u0000)");
  }

  @Test
  void rejectNamesTheFullPathOfTheFirstUnknownMember() {
    RowValidator v =
        RowValidator.of(schema(UnknownFields.Reject, f("id", "long"), f("user.id", "long")), null);
    assertThat(v.keepsUnknown()).isFalse();
    assertThat(run(v, "{\"id\":1,\"user\":{\"id\":2}}"))
        .isEqualTo("{\"id\":1,\"user\":{\"id\":2}}");
    assertThat(run(v, "{\"id\":1,\"extra\":2}"))
        .isEqualTo("REJECT: field extra: not in the schema (unknownFields: Reject)");
    assertThat(run(v, "{\"user\":{\"id\":2,\"nick\":\"n\"}}"))
        .isEqualTo("REJECT: field user.nick: not in the schema (unknownFields: Reject)");
  }

  @Test
  void scriptFieldsAreNotReadFromTheInput() {
    RowValidator v =
        RowValidator.of(
            schema(
                UnknownFields.Reject,
                f("amount", "double"),
                script("eur", "double", "amount * 0.92")),
            null);
    assertThat(run(v, "{\"amount\":10,\"eur\":\"forged\"}")).isEqualTo("{\"amount\":10}");
    RowValidator keep =
        RowValidator.of(schema(UnknownFields.Keep, script("eur", null, "1"), f("a", "int")), null);
    assertThat(run(keep, "{\"eur\":1,\"b\":2}")).isEqualTo("{\"a\":null,\"b\":2}");
  }

  @Test
  void requiredFieldsMustBePresentAndNotNull() {
    RowValidator v = validator(required("user.id", "long"), f("note", "string"));
    assertThat(run(v, "{\"note\":\"x\"}")).isEqualTo("REJECT: field user.id: required but missing");
    assertThat(run(v, "{\"user\":{}}")).isEqualTo("REJECT: field user.id: required but missing");
    assertThat(run(v, "{\"user\":null}")).isEqualTo("REJECT: field user.id: required but missing");
    assertThat(run(v, "{\"user\":{\"id\":null}}"))
        .isEqualTo("REJECT: field user.id: required but null");
    assertThat(run(v, "{\"user\":{\"id\":0}}")).isEqualTo("{\"user\":{\"id\":0},\"note\":null}");
  }

  @Test
  void patternsMatchTheWholeTextOfTheValue() {
    RowValidator email = validator(pattern("email", "string", "^[^@]+@[^@]+$"));
    assertThat(run(email, "{\"email\":\"a@b.c\"}")).isEqualTo("{\"email\":\"a@b.c\"}");
    assertThat(run(email, "{\"email\":\"x\"}"))
        .isEqualTo("REJECT: field email: \"x\" does not match ^[^@]+@[^@]+$");
    assertThat(run(email, "{\"email\":null}")).isEqualTo("{\"email\":null}");
    RowValidator code = validator(pattern("code", "long", "\\d{3}"));
    assertThat(run(code, "{\"code\":123}")).isEqualTo("{\"code\":123}");
    assertThat(run(code, "{\"code\":\"123\"}")).isEqualTo("{\"code\":123}");
    assertThat(run(code, "{\"code\":1234}"))
        .isEqualTo("REJECT: field code: 1234 does not match \\d{3}");
    // whole text, not a find; escapes decoded; non-ASCII text
    RowValidator name = validator(pattern("n", "string", "é+"));
    assertThat(run(name, "{\"n\":\"\\u00e9é\"}")).isEqualTo("{\"n\":\"\\u00e9é\"}");
    assertThat(run(name, "{\"n\":\"éa\"}")).isEqualTo("REJECT: field n: \"éa\" does not match é+");
    RowValidator js = validator(pattern("j", "json", "\\{.*\\}"));
    assertThat(run(js, "{\"j\":{ \"a\": 1 }}")).isEqualTo("{\"j\":{\"a\":1}}");
    assertThat(run(js, "{\"j\":[1]}")).isEqualTo("REJECT: field j: [1] does not match \\{.*\\}");
  }

  @Test
  void reasonsQuoteAtMost64CharactersOnOneLine() {
    RowValidator v = validator(f("n", "long"), f("j", "long"));
    String longText = "x".repeat(10_000);
    String reason = v.check(utf8("{\"n\":\"" + longText + "\"}"));
    assertThat(reason).isEqualTo("field n: \"" + "x".repeat(63) + "… is not a long");
    reason = v.check(utf8("{\"j\":{\n\"a\":\n1}}"));
    assertThat(reason).isEqualTo("field j: { \"a\": 1} is not a long");
    assertThat(reason).doesNotContain("\n");
  }

  @Test
  void duplicateSchemaMembersAreRejected() {
    RowValidator v = validator(f("x", "long"), f("user.id", "long"));
    assertThat(run(v, "{\"x\":1,\"x\":1}")).isEqualTo("REJECT: field x: appears twice");
    assertThat(run(v, "{\"x\":1,\"\\u0078\":2}")).isEqualTo("REJECT: field x: appears twice");
    assertThat(run(v, "{\"user\":{\"id\":1},\"user\":{}}"))
        .isEqualTo("REJECT: field user: appears twice");
    assertThat(run(v, "{\"user\":{\"id\":1,\"id\":2}}"))
        .isEqualTo("REJECT: field user.id: appears twice");
    // unknown members are not the schema's business
    assertThat(run(v, "{\"y\":1,\"y\":2}")).isEqualTo("{\"x\":null,\"user\":{\"id\":null}}");
  }

  @Test
  void invalidBytesGetAReasonNeverAnException() {
    RowValidator v = validator(f("a", "string"), f("j", "json"));
    assertThat(v.check(null)).isEqualTo("null value (tombstone)");
    assertThat(v.check(new byte[0])).isEqualTo("empty value");
    assertThat(v.check(utf8("[1]"))).isEqualTo("not a JSON object (starts with [)");
    assertThat(v.check(utf8("{\"a\":\"x\"} x")))
        .isEqualTo("invalid JSON at byte 10: trailing bytes after the object");
    assertThat(v.check(utf8("{\"a\":\"x\""))).isEqualTo("invalid JSON at byte 8: truncated JSON");
    assertThat(v.check(utf8("{\"j\":[1,}"))).isEqualTo("invalid JSON at byte 8: expected a value");
    byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
    assertThat(v.check(badUtf8)).isEqualTo("invalid JSON at byte 6: invalid UTF-8");
    assertThat(v.check(utf8("{\"a\":\"\\ud800\"}")))
        .isEqualTo("invalid JSON at byte 6: a lone UTF-16 surrogate escape");
    assertThat(v.check(utf8("{\"a\":\"x\ty\"}")))
        .isEqualTo("invalid JSON at byte 7: a control character in a string");
    assertThat(v.check(utf8("{\"j\":01}")))
        .isEqualTo("invalid JSON at byte 6: expected ',' or '}'");
    assertThatThrownByRowIsIllegalState(v);
    // Random bytes and every truncation of a valid row: a reason or a row, never an exception.
    Random random = new Random(42);
    byte[] good =
        utf8("{\"a\":\"h\\u00e9llo \\\"w\\\"\",\"j\":{\"k\":[1,-2.5e3,true,null,\"é\"]},\"z\":{}}");
    for (int cut = 0; cut <= good.length; cut++) {
      byte[] part = Arrays.copyOf(good, cut);
      String r = v.check(part);
      assertThat(r == null ? cut : -1).isIn(good.length, -1);
    }
    for (int k = 0; k < 20_000; k++) {
      byte[] noisy = good.clone();
      noisy[random.nextInt(noisy.length)] = (byte) random.nextInt(256);
      String r = v.check(noisy);
      if (r == null) {
        assertThat(new String(v.row(), StandardCharsets.UTF_8)).startsWith("{\"a\":");
      }
    }
  }

  private static void assertThatThrownByRowIsIllegalState(RowValidator v) {
    org.assertj.core.api.Assertions.assertThatThrownBy(v::row)
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aJsonFieldWithAMemberNameTwiceIsRejectedNamingTheField() {
    // PostgreSQL's jsonb keeps the last of two equal names, other readers the first: the value
    // would change silently (found by TableSinksProperties)
    RowValidator v = validator(f("a", "long"), f("j", "json"));
    assertThat(v.check(utf8("{\"a\":1,\"j\":[{\"x\":{\"b\":[1],\"b\":{\"c\":1}}}]}")))
        .startsWith("field j: holds an object with a member name twice")
        .doesNotContain("\"b\"");
    assertThat(
            v.check(utf8("{\"a\":1,\"j\":{\"b\":1,\"c\":{\"b\":2},\"d\":[{\"b\":3},{\"b\":4}]}}")))
        .isNull();
    assertThat(new String(v.row(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1,\"j\":{\"b\":1,\"c\":{\"b\":2},\"d\":[{\"b\":3},{\"b\":4}]}}");
    assertThat(v.check(utf8("{\"a\":1,\"j\":{\"b\\u0031\":1,\"b1\":2}}")))
        .as("names compare after their escapes")
        .startsWith("field j: holds an object with a member name twice");
  }

  @Test
  void deepNestingNeedsNoStack() {
    // up to the JSON decoder's limit (512 levels from the row's object) values are read and kept;
    // a json field holds what a json column holds: 128 levels with the row's object
    int depth = 511;
    String skip = ",\"skip\":" + "{\"x\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    String j127 = "[".repeat(127) + "]".repeat(127);
    RowValidator v = validator(f("a", "long"), f("j", "json"));
    assertThat(v.check(utf8("{\"a\":1,\"j\":" + j127 + skip))).isNull();
    assertThat(new String(v.row(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1,\"j\":" + j127 + "}");
    String sb = "{\"a\":1,\"j\":" + "[".repeat(depth) + "]".repeat(depth) + skip;
    assertThat(v.check(utf8(sb)))
        .isEqualTo(
            "field j: nested deeper than 128 levels (counting the row's object), the most a json"
                + " column holds");
    assertThat(v.check(utf8("{\"a\":1,\"j\":[" + j127 + "]}"))).startsWith("field j: nested");
    RowValidator keep = RowValidator.of(schema(UnknownFields.Keep, f("a", "long")), null);
    assertThat(keep.check(utf8(sb))).isNull();
    // beyond it, in a kept or a dropped member, without a stack: the decoder's limit
    int deep = 100_000;
    assertThat(v.check(utf8("{\"a\":1,\"j\":" + "[".repeat(deep) + "]".repeat(deep) + "}")))
        .endsWith("nested deeper than 512 levels");
    assertThat(
            v.check(
                utf8("{\"a\":1,\"skip\":" + "{\"x\":".repeat(deep) + "1" + "}".repeat(deep) + "}")))
        .endsWith("nested deeper than 512 levels");
    // unbalanced deep input is a reason, not a StackOverflowError
    assertThat(v.check(utf8("{\"j\":" + "[".repeat(depth) + "}")))
        .startsWith("invalid JSON at byte");
  }

  @Test
  void hugeArraysAreCopiedOrSkippedInOnePass() {
    int n = 10_000_000;
    byte[] row = new byte[n * 2 + 32];
    int o = 0;
    for (byte c : utf8("{\"a\":1,\"big\":[")) {
      row[o++] = c;
    }
    for (int k = 0; k < n; k++) {
      row[o++] = '0';
      row[o++] = ',';
    }
    row[o - 1] = ']';
    row[o++] = '}';
    byte[] exact = Arrays.copyOf(row, o);
    RowValidator ignore = validator(f("a", "long"));
    assertThat(ignore.check(exact)).isNull();
    assertThat(ignore.row()).isEqualTo(utf8("{\"a\":1}"));
    RowValidator keep = validator(f("a", "long"), f("big", "json"));
    assertThat(keep.check(exact)).isNull();
    assertThat(keep.rowLength()).isEqualTo(exact.length);
    // the next small row does not keep the big buffer
    assertThat(keep.check(utf8("{\"a\":2}"))).isNull();
    assertThat(keep.rowBuffer().length).isLessThan(1 << 20);
  }
}
