package io.kafkaload.worker.validate;

import io.kafkaload.worker.decode.JsonStrings;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level pieces of JSON text that {@link JsonScan} checks and the value checks decode:
 * UTF-8 sequence lengths, a checked string's content unescaped into UTF-8, and a member name's
 * text. Static; only {@link #nameText} allocates.
 */
final class JsonText {

  private JsonText() {}

  /** The length of the valid UTF-8 sequence of 2 to 4 bytes at {@code i}, else -1. */
  static int utf8Length(byte[] b, int i, int n) {
    int c = b[i] & 0xFF;
    if (c < 0xC2) {
      return -1;
    }
    if (c < 0xE0) {
      return i + 1 < n && (b[i + 1] & 0xC0) == 0x80 ? 2 : -1;
    }
    if (c < 0xF0) {
      if (i + 2 >= n) {
        return -1;
      }
      int c1 = b[i + 1] & 0xFF;
      if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80) {
        return -1;
      }
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
        return -1; // overlong, or an encoded surrogate
      }
      return 3;
    }
    if (c < 0xF5) {
      if (i + 3 >= n) {
        return -1;
      }
      int c1 = b[i + 1] & 0xFF;
      if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80) {
        return -1;
      }
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
        return -1; // overlong, or above U+10FFFF
      }
      return 4;
    }
    return -1;
  }

  /**
   * Decodes the content of a string (the bytes between its quotes, {@code [s, e)}, already checked)
   * into UTF-8 bytes at {@code dst[0..]}; returns the length. {@code dst} must hold {@code e - s}
   * bytes (content never grows when unescaped).
   */
  static int unescape(byte[] b, int s, int e, byte[] dst) {
    int o = 0;
    int i = s;
    while (i < e) {
      byte c = b[i];
      if (c != '\\') {
        dst[o++] = c;
        i++;
        continue;
      }
      byte x = b[i + 1];
      i += 2;
      switch (x) {
        case 'b' -> dst[o++] = '\b';
        case 'f' -> dst[o++] = '\f';
        case 'n' -> dst[o++] = '\n';
        case 'r' -> dst[o++] = '\r';
        case 't' -> dst[o++] = '\t';
        case 'u' -> {
          int cp = JsonStrings.hex4(b, i, e);
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            int lo = JsonStrings.hex4(b, i + 2, e);
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          o = putCodePoint(dst, o, cp);
        }
        default -> dst[o++] = x; // " \ /
      }
    }
    return o;
  }

  static int putCodePoint(byte[] dst, int o, int cp) {
    if (cp < 0x80) {
      dst[o++] = (byte) cp;
    } else if (cp < 0x800) {
      dst[o++] = (byte) (0xC0 | cp >> 6);
      dst[o++] = (byte) (0x80 | cp & 0x3F);
    } else if (cp < 0x10000) {
      dst[o++] = (byte) (0xE0 | cp >> 12);
      dst[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
      dst[o++] = (byte) (0x80 | cp & 0x3F);
    } else {
      dst[o++] = (byte) (0xF0 | cp >> 18);
      dst[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
      dst[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
      dst[o++] = (byte) (0x80 | cp & 0x3F);
    }
    return o;
  }

  /** The text of a member name: its UTF-8 (valid: the decoder checked it) with escapes undone. */
  static String nameText(byte[] v, int from, int to) {
    int i = from;
    while (i < to && v[i] != '\\') {
      i++;
    }
    if (i == to) {
      return new String(v, from, to - from, StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(to - from);
    int plain = from; // the start of the text since the last escape
    while (i < to) {
      if (v[i] != '\\') {
        i++;
        continue;
      }
      out.append(new String(v, plain, i - plain, StandardCharsets.UTF_8));
      byte e = v[i + 1];
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' ->
            out.append(
                (char) Integer.parseInt(new String(v, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
        default -> out.append((char) e); // '"', '\\' and '/'
      }
      i += e == 'u' ? 6 : 2;
      plain = i;
    }
    out.append(new String(v, plain, to - plain, StandardCharsets.UTF_8));
    return out.toString();
  }
}
