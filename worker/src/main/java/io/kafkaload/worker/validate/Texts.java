package io.kafkaload.worker.validate;

import java.nio.charset.StandardCharsets;

/** Text helpers for names and reasons: JSON quoting, and payload excerpts of bounded length. */
final class Texts {

  /** Reasons quote at most this many characters of a payload, then an ellipsis. */
  static final int MAX_QUOTED = 64;

  private Texts() {}

  /** {@code s} as a JSON string literal. */
  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * At most {@link #MAX_QUOTED} characters of the UTF-8 bytes {@code [s, e)} as one line: control
   * characters (line breaks inside an object) become spaces, bytes that are not UTF-8 become
   * U+FFFD, and a cut is marked with an ellipsis.
   */
  static String excerpt(byte[] b, int s, int e) {
    int i = s;
    int chars = 0;
    while (i < e && chars < MAX_QUOTED) {
      int c = b[i] & 0xFF;
      i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      chars++;
    }
    i = Math.min(i, e);
    String text = new String(b, s, i - s, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(text.length() + 1);
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      sb.append(c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 ? ' ' : c);
    }
    if (i < e) {
      sb.append('…');
    }
    return sb.toString();
  }
}
