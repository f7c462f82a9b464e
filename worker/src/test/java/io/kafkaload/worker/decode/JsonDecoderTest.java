package io.kafkaload.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonDecoderTest {

  private final JsonDecoder decoder = new JsonDecoder();

  static Stream<Arguments> rejected() {
    return Stream.of(
        arguments("tombstone", null, "null value (tombstone)"),
        arguments("empty", bytes(""), "empty value"),
        arguments("blank", bytes(" \t\r\n"), "blank value (only whitespace)"),
        arguments("BOM", concat(0xEF, 0xBB, 0xBF, "{}"), "starts with a UTF-8 byte order mark"),
        arguments("array", bytes("[1,2]"), "value is a JSON array, expected an object"),
        arguments("string", bytes(" \"s\" "), "value is a JSON string, expected an object"),
        arguments("number", bytes("-1.5e3"), "value is a JSON number, expected an object"),
        arguments("boolean", bytes("true"), "value is a JSON boolean, expected an object"),
        arguments("JSON null", bytes("null"), "value is JSON null, expected an object"),
        arguments("truncated", bytes("{\"a\":1"), "not valid JSON: truncated at byte 6"),
        arguments("truncated name", bytes("{\"ab"), "not valid JSON: truncated at byte 4"),
        arguments("truncated literal", bytes("{\"a\":nul"), "not valid JSON: truncated at byte 8"),
        arguments("truncated number", bytes("{\"a\":-"), "not valid JSON: truncated at byte 6"),
        arguments(
            "truncated escape", bytes("{\"a\":\"\\u00"), "not valid JSON: truncated at byte 10"),
        arguments(
            "trailing garbage",
            bytes("{\"a\":1}x"),
            "not valid JSON: trailing data after the object at byte 7"),
        arguments(
            "two objects",
            bytes("{\"a\":1} {}"),
            "not valid JSON: trailing data after the object at byte 8"),
        arguments(
            "bad value",
            bytes("{\"a\":x}"),
            "not valid JSON: unexpected character 'x' at byte 5 (expected a value)"),
        arguments(
            "unquoted name",
            bytes("{a:1}"),
            "not valid JSON: unexpected character 'a' at byte 1 (expected a name in double quotes)"),
        arguments(
            "missing colon",
            bytes("{\"a\" 1}"),
            "not valid JSON: unexpected character '1' at byte 5 (expected ':')"),
        arguments(
            "missing comma in object",
            bytes("{\"a\":1 \"b\":2}"),
            "not valid JSON: unexpected character '\"' at byte 7 (expected ',' or '}')"),
        arguments(
            "missing comma in array",
            bytes("{\"a\":[1 2]}"),
            "not valid JSON: unexpected character '2' at byte 8 (expected ',' or ']')"),
        arguments(
            "wrong closer",
            bytes("{\"a\":[1}"),
            "not valid JSON: unexpected character '}' at byte 7 (expected ',' or ']')"),
        arguments(
            "trailing comma in object",
            bytes("{\"a\":1,}"),
            "not valid JSON: unexpected character '}' at byte 7 (expected a name in double quotes)"),
        arguments(
            "trailing comma in array",
            bytes("{\"a\":[1,]}"),
            "not valid JSON: unexpected character ']' at byte 8 (expected a value)"),
        arguments(
            "single quotes",
            bytes("{'a':1}"),
            "not valid JSON: unexpected character ''' at byte 1 (expected a name in double quotes)"),
        arguments(
            "leading zero",
            bytes("{\"a\":01}"),
            "not valid JSON: number with a leading zero at byte 5"),
        arguments(
            "minus alone",
            bytes("{\"a\":-}"),
            "not valid JSON: unexpected character '}' at byte 6 (expected a digit)"),
        arguments(
            "dot without digits",
            bytes("{\"a\":1.}"),
            "not valid JSON: unexpected character '}' at byte 7 (expected a digit)"),
        arguments(
            "exponent without digits",
            bytes("{\"a\":1e+}"),
            "not valid JSON: unexpected character '}' at byte 8 (expected a digit)"),
        arguments(
            "plus sign",
            bytes("{\"a\":+1}"),
            "not valid JSON: unexpected character '+' at byte 5 (expected a value)"),
        arguments("NaN", bytes("{\"a\":NaN}"), "not valid JSON: NaN at byte 5 (not a JSON number)"),
        arguments(
            "Infinity",
            bytes("{\"a\":Infinity}"),
            "not valid JSON: Infinity at byte 5 (not a JSON number)"),
        arguments(
            "-Infinity",
            bytes("{\"a\":-Infinity}"),
            "not valid JSON: -Infinity at byte 5 (not a JSON number)"),
        arguments(
            "bad literal",
            bytes("{\"a\":tru}"),
            "not valid JSON: unexpected character '}' at byte 8 (expected true, false or null)"),
        arguments(
            "capital literal",
            bytes("{\"a\":True}"),
            "not valid JSON: unexpected character 'T' at byte 5 (expected a value)"),
        arguments(
            "raw newline in string",
            bytes("{\"a\":\"x\ny\"}"),
            "not valid JSON: unescaped control character U+000A in a string at byte 7"),
        arguments(
            "NUL in string",
            concat("{\"a\":\"x", 0x00, "\"}"),
            "not valid JSON: unescaped control character U+0000 in a string at byte 7"),
        arguments(
            "bad escape",
            bytes("{\"a\":\"\\q\"}"),
            "not valid JSON: invalid escape '\\q' at byte 6"),
        arguments(
            "bad unicode escape",
            bytes("{\"a\":\"\\u12G4\"}"),
            "not valid JSON: invalid \\u escape at byte 6 (expected 4 hex digits)"),
        arguments(
            "lone high surrogate",
            bytes("{\"a\":\"\\ud800\"}"),
            "unpaired UTF-16 surrogate escape \\ud800 at byte 6 (not a Unicode character)"),
        arguments(
            "lone low surrogate",
            bytes("{\"a\":\"\\uDC00x\"}"),
            "unpaired UTF-16 surrogate escape \\uDC00 at byte 6 (not a Unicode character)"),
        arguments(
            "high surrogate then non-surrogate",
            bytes("{\"a\":\"\\ud800\\u0041\"}"),
            "unpaired UTF-16 surrogate escape \\ud800 at byte 6 (not a Unicode character)"),
        arguments(
            "invalid UTF-8 continuation",
            concat("{\"a\":\"", 0xC3, 0x28, "\"}"),
            "not valid UTF-8 at byte 6"),
        arguments(
            "overlong UTF-8", concat("{\"a\":\"", 0xC0, 0xAF, "\"}"), "not valid UTF-8 at byte 6"),
        arguments(
            "overlong 3-byte UTF-8",
            concat("{\"a\":\"", 0xE0, 0x80, 0xAF, "\"}"),
            "not valid UTF-8 at byte 6"),
        arguments(
            "encoded surrogate",
            concat("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}"),
            "not valid UTF-8 at byte 6"),
        arguments(
            "above U+10FFFF",
            concat("{\"a\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"),
            "not valid UTF-8 at byte 6"),
        arguments(
            "lone continuation byte",
            concat("{\"abcdefghij", 0x80, "\":1}"),
            "not valid UTF-8 at byte 12"),
        arguments("byte 0xFF", concat("{\"a\":\"", 0xFF, "\"}"), "not valid UTF-8 at byte 6"),
        arguments(
            "invalid UTF-8 outside a string",
            concat("{\"a\":", 0xFF, "}"),
            "not valid UTF-8 at byte 5"),
        arguments(
            "non-ASCII character outside a string",
            bytes("{\"a\":é}"),
            "not valid JSON: unexpected character U+00E9 at byte 5 (expected a value)"),
        arguments(
            "control character outside a string",
            concat("{\"a\":", 0x01, "}"),
            "not valid JSON: unexpected character U+0001 at byte 5 (expected a value)"),
        arguments(
            "513 levels",
            bytes("{\"a\":" + "[".repeat(512) + "]".repeat(512) + "}"),
            "nesting deeper than 512 levels at byte 516"),
        arguments(
            "10,000 levels of arrays",
            bytes("[".repeat(10_000)),
            "nesting deeper than 512 levels at byte 512"),
        arguments(
            "10,000 levels of objects",
            bytes("{\"a\":".repeat(10_000)),
            "nesting deeper than 512 levels at byte 2560"),
        arguments(
            "deep mismatched closer",
            bytes(alternating(300).replaceFirst("]", "}")),
            "not valid JSON: unexpected character '}' at byte 901 (expected ',' or ']')"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects_with_a_precise_reason(String name, byte[] value, String reason) {
    assertThat(decoder.check(value)).isEqualTo(reason);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments("empty object", "{}"),
        arguments("whitespace around", " \t\r\n{ \n\t\r}\r\n "),
        arguments("empty name and value", "{\"\":\"\"}"),
        arguments("all value kinds", "{\"s\":\"x\",\"n\":1,\"t\":true,\"f\":false,\"z\":null}"),
        arguments("simple escapes", "{\"e\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}"),
        arguments("unicode escapes", "{\"u\":\"\\u00e9\\u00C9 \\u0000 \\uD83D\\uDE00 \\uffff\"}"),
        arguments("UTF-8 text", "{\"é\":\"日本語 😀 ÿ\"}"),
        arguments("U+10FFFF", "{\"max\":\"\uDBFF\uDFFF\"}"),
        arguments(
            "numbers",
            "{\"a\":[0,-0,1,-1,0.5,-0.0e+0,1.5e10,1E-5,2e+308,1e400,"
                + "123456789012345678901234567890,-9223372036854775809]}"),
        arguments("nested", "{\"a\":{\"b\":[1,{\"c\":[[],{}]},[\"x\"]]},\"d\":[[[[]]]]}"),
        arguments("duplicate names", "{\"a\":1,\"a\":2,\"a\":{\"b\":1,\"b\":2}}"),
        arguments("512 levels", "{\"a\":" + "[".repeat(511) + "]".repeat(511) + "}"),
        arguments("alternating 300 levels", alternating(300)),
        arguments("long strings", "{\"" + "k".repeat(100) + "\":\"" + "v\\n".repeat(1000) + "\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts_valid_objects(String name, String json) {
    assertThat(decoder.check(bytes(json))).isNull();
  }

  @Test
  void finds_special_bytes_at_every_position_of_the_word_scan() {
    // The string scan reads 8 bytes at a time; put each kind of special byte at every offset.
    for (int len = 0; len < 40; len++) {
      for (int at = 0; at < len; at++) {
        String plain = "x".repeat(len);
        String withEscape = plain.substring(0, at) + "\\n" + plain.substring(at + 1);
        assertThat(decoder.check(bytes("{\"k\":\"" + withEscape + "\"}"))).isNull();
        String withUtf8 = plain.substring(0, at) + "é" + plain.substring(at + 1);
        assertThat(decoder.check(bytes("{\"k\":\"" + withUtf8 + "\"}"))).isNull();
        String withTab = plain.substring(0, at) + "\t" + plain.substring(at + 1);
        assertThat(decoder.check(bytes("{\"k\":\"" + withTab + "\"}")))
            .isEqualTo(
                "not valid JSON: unescaped control character U+0009 in a string at byte "
                    + (6 + at));
        String cut = plain.substring(0, at) + "\"" + plain.substring(at + 1);
        assertThat(decoder.check(bytes("{\"k\":\"" + cut + "\"}"))).isNotNull();
      }
    }
  }

  /** {"a":[{"a":[ ... ]}]}: alternating objects and arrays, {@code levels} containers deep. */
  static String alternating(int levels) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int d = 0; d < levels; d++) {
      if (d % 2 == 0) {
        open.append("{\"a\":");
        close.insert(0, '}');
      } else {
        open.append('[');
        close.insert(0, ']');
      }
    }
    // The innermost container is an array when levels is even: give it a value.
    return open + "1" + close;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Joins strings (as UTF-8) and raw bytes (as ints). */
  static byte[] concat(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(bytes(s));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }
}
