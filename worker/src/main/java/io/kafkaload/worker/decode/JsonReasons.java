package io.kafkaload.worker.decode;

import static io.kafkaload.worker.decode.JsonScanner.BAD_ESCAPE;
import static io.kafkaload.worker.decode.JsonScanner.BAD_LITERAL;
import static io.kafkaload.worker.decode.JsonScanner.BAD_UNICODE_ESCAPE;
import static io.kafkaload.worker.decode.JsonScanner.BAD_UTF8;
import static io.kafkaload.worker.decode.JsonScanner.CONTROL_IN_STRING;
import static io.kafkaload.worker.decode.JsonScanner.EXPECTED_COLON;
import static io.kafkaload.worker.decode.JsonScanner.EXPECTED_COMMA_OR_BRACE;
import static io.kafkaload.worker.decode.JsonScanner.EXPECTED_COMMA_OR_BRACKET;
import static io.kafkaload.worker.decode.JsonScanner.EXPECTED_DIGIT;
import static io.kafkaload.worker.decode.JsonScanner.EXPECTED_NAME;
import static io.kafkaload.worker.decode.JsonScanner.EXPECTED_VALUE;
import static io.kafkaload.worker.decode.JsonScanner.LEADING_ZERO;
import static io.kafkaload.worker.decode.JsonScanner.LONE_SURROGATE;
import static io.kafkaload.worker.decode.JsonScanner.TOO_DEEP;
import static io.kafkaload.worker.decode.JsonScanner.TRAILING;
import static io.kafkaload.worker.decode.JsonScanner.TRUNCATED;

import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link JsonScanner} error code into a one-line reason. Runs only for rejected values, so
 * it may allocate. A reason quotes at most one character of the value (as {@code 'x'} or {@code
 * U+XXXX}), never more, so payloads do not leak into reports and logs.
 */
final class JsonReasons {

  private JsonReasons() {}

  static String describe(byte[] v, long code, boolean topLevelObject) {
    int pos = JsonScanner.position(code);
    switch (JsonScanner.kind(code)) {
      case TRUNCATED:
        return "not valid JSON: truncated at byte " + pos;
      case EXPECTED_VALUE:
        return unexpected(v, pos, "a value");
      case EXPECTED_NAME:
        return unexpected(v, pos, "a name in double quotes");
      case EXPECTED_COLON:
        return unexpected(v, pos, "':'");
      case EXPECTED_COMMA_OR_BRACE:
        return unexpected(v, pos, "',' or '}'");
      case EXPECTED_COMMA_OR_BRACKET:
        return unexpected(v, pos, "',' or ']'");
      case EXPECTED_DIGIT:
        return unexpected(v, pos, "a digit");
      case BAD_LITERAL:
        return unexpected(v, pos, "true, false or null");
      case TRAILING:
        return "not valid JSON: trailing data after the "
            + (topLevelObject ? "object" : "value")
            + " at byte "
            + pos;
      case TOO_DEEP:
        return "nesting deeper than " + JsonScanner.MAX_DEPTH + " levels at byte " + pos;
      case BAD_UTF8:
        return "not valid UTF-8 at byte " + pos;
      case CONTROL_IN_STRING:
        return "not valid JSON: unescaped control character "
            + codePoint(v[pos])
            + " in a string at byte "
            + pos;
      case BAD_ESCAPE:
        return "not valid JSON: invalid escape " + character(v, pos + 1, "\\") + " at byte " + pos;
      case BAD_UNICODE_ESCAPE:
        return "not valid JSON: invalid \\u escape at byte " + pos + " (expected 4 hex digits)";
      case LONE_SURROGATE:
        return "unpaired UTF-16 surrogate escape \\u"
            + new String(v, pos + 2, 4, StandardCharsets.US_ASCII)
            + " at byte "
            + pos
            + " (not a Unicode character)";
      case LEADING_ZERO:
        return "not valid JSON: number with a leading zero at byte " + pos;
      default:
        return "not valid JSON at byte " + pos;
    }
  }

  private static String unexpected(byte[] v, int pos, String expected) {
    if (v[pos] < 0 && JsonStrings.utf8(v, pos, v.length) < 0) {
      return "not valid UTF-8 at byte " + pos;
    }
    String nonNumber = nonNumber(v, pos);
    if (nonNumber != null) {
      // "-Infinity" fails at the 'I', after the minus sign: name the whole word.
      boolean minus = pos > 0 && v[pos - 1] == '-' && !nonNumber.equals("NaN");
      return "not valid JSON: "
          + (minus ? "-" : "")
          + nonNumber
          + " at byte "
          + (minus ? pos - 1 : pos)
          + " (not a JSON number)";
    }
    return "not valid JSON: unexpected character "
        + character(v, pos, "")
        + " at byte "
        + pos
        + " (expected "
        + expected
        + ")";
  }

  /** NaN and Infinity are common in values written by non-JSON serialisers: name them. */
  private static String nonNumber(byte[] v, int pos) {
    for (String word : new String[] {"NaN", "Infinity"}) {
      byte[] w = word.getBytes(StandardCharsets.US_ASCII);
      if (pos + w.length <= v.length) {
        boolean match = true;
        for (int k = 0; k < w.length && match; k++) {
          match = v[pos + k] == w[k];
        }
        if (match) {
          return word;
        }
      }
    }
    return null;
  }

  /** One character for a reason: 'x' when printable ASCII, else its code point. */
  private static String character(byte[] v, int pos, String prefix) {
    int b = v[pos];
    if (b > 0x20 && b < 0x7F) {
      return "'" + prefix + (char) b + "'";
    }
    if (b >= 0 || JsonStrings.utf8(v, pos, v.length) < 0) {
      return codePoint(v[pos]);
    }
    int len = b >= (byte) 0xF0 && b < (byte) 0xF8 ? 4 : b >= (byte) 0xE0 ? 3 : 2;
    int cp = new String(v, pos, len, StandardCharsets.UTF_8).codePointAt(0);
    return String.format("U+%04X", cp);
  }

  private static String codePoint(byte b) {
    return String.format("U+%04X", b & 0xFF);
  }
}
