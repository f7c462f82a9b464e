package io.kafkaload.worker.validate;

/**
 * The byte-level pieces of JSON text that {@link JsonScan} checks and the value checks decode:
 * UTF-8 sequence lengths, the four hex digits of a backslash-u escape, and a checked string's
 * content unescaped into UTF-8. Static and allocation-free.
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

  static int hex4(byte[] b, int i, int n) {
    if (i + 4 > n) {
      return -1;
    }
    int v = 0;
    for (int k = i; k < i + 4; k++) {
      int c = b[k];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
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
          int cp = hex4(b, i, e);
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            int lo = hex4(b, i + 2, e);
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
}
