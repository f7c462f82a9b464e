package io.kafkaload.worker.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks the inside of JSON strings: escapes (including UTF-16 surrogate pairs) and UTF-8. Plain
 * ASCII, the bulk of most values, is skipped 8 bytes at a time with word-wide bit tricks. Returns
 * positions, or {@link JsonScanner} error codes. The four hex digits of a backslash-u escape are
 * read by {@link #hex4}, for the validation's JSON checks too.
 */
public final class JsonStrings {

  /** Reads 8 bytes at once: the string scan skips plain ASCII a word at a time. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private JsonStrings() {}

  /** Scans a string body from pos (after the opening quote); returns the position after it. */
  static long string(byte[] v, int pos, int n) {
    while (true) {
      // jump to the first special byte of the next 8, or past them when there is none
      while (pos + 8 <= n) {
        long special = special((long) LONGS.get(v, pos));
        if (special != 0) {
          pos += Long.numberOfTrailingZeros(special) >>> 3;
          break;
        }
        pos += 8;
      }
      if (pos >= n) {
        return JsonScanner.err(JsonScanner.TRUNCATED, n);
      }
      byte b = v[pos];
      if (b == '"') {
        return pos + 1;
      } else if (b == '\\') {
        long r = escape(v, pos, n);
        if (r < 0) {
          return r;
        }
        pos = (int) r;
      } else if (b >= 0x20) {
        pos++;
      } else if (b < 0) {
        long r = utf8(v, pos, n);
        if (r < 0) {
          return r;
        }
        pos = (int) r;
      } else {
        return JsonScanner.err(JsonScanner.CONTROL_IN_STRING, pos);
      }
    }
  }

  /**
   * Non-zero when one of the 8 bytes (little-endian) is a quote, a backslash, a control character
   * or not ASCII; its lowest set bit is then the high bit of the first such byte. (Bytes above the
   * first such byte may be flagged wrongly by a borrow, never bytes below it.)
   */
  private static long special(long w) {
    long q = w ^ QUOTES;
    long s = w ^ BACKSLASHES;
    return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w) | w) & HIGHS;
  }

  /** Checks one UTF-8 sequence at pos (first byte >= 0x80); returns the position after it. */
  static long utf8(byte[] v, int pos, int n) {
    int b0 = v[pos] & 0xFF;
    int len;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 < 0xC2) {
      return JsonScanner.err(
          JsonScanner.BAD_UTF8, pos); // a continuation byte, or an overlong 2-byte form
    } else if (b0 < 0xE0) {
      len = 2;
    } else if (b0 < 0xF0) {
      len = 3;
      lo = b0 == 0xE0 ? 0xA0 : 0x80; // no overlong 3-byte forms
      hi = b0 == 0xED ? 0x9F : 0xBF; // no UTF-16 surrogates
    } else if (b0 < 0xF5) {
      len = 4;
      lo = b0 == 0xF0 ? 0x90 : 0x80; // no overlong 4-byte forms
      hi = b0 == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    } else {
      return JsonScanner.err(JsonScanner.BAD_UTF8, pos);
    }
    for (int k = 1; k < len; k++) {
      if (pos + k >= n) {
        return JsonScanner.err(JsonScanner.TRUNCATED, n);
      }
      int b = v[pos + k] & 0xFF;
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
        return JsonScanner.err(JsonScanner.BAD_UTF8, pos);
      }
    }
    return pos + len;
  }

  /** Checks an escape at pos (a backslash); returns the position after it. */
  private static long escape(byte[] v, int pos, int n) {
    if (pos + 1 >= n) {
      return JsonScanner.err(JsonScanner.TRUNCATED, n);
    }
    switch (v[pos + 1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return pos + 2;
      case 'u':
        break;
      default:
        return JsonScanner.err(JsonScanner.BAD_ESCAPE, pos);
    }
    int unit = hex4(v, pos + 2, n);
    if (unit < 0) {
      return unit == -2
          ? JsonScanner.err(JsonScanner.TRUNCATED, n)
          : JsonScanner.err(JsonScanner.BAD_UNICODE_ESCAPE, pos);
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return JsonScanner.err(JsonScanner.LONE_SURROGATE, pos);
    }
    if (unit < 0xD800 || unit > 0xDBFF) {
      return pos + 6;
    }
    // A high surrogate must be followed by an escaped low surrogate: together one character.
    int next = pos + 6;
    if ((next < n && v[next] != '\\') || (next + 1 < n && v[next + 1] != 'u')) {
      return JsonScanner.err(JsonScanner.LONE_SURROGATE, pos);
    }
    if (next + 1 >= n) {
      return JsonScanner.err(JsonScanner.TRUNCATED, n);
    }
    int low = hex4(v, next + 2, n);
    if (low < 0) {
      return low == -2
          ? JsonScanner.err(JsonScanner.TRUNCATED, n)
          : JsonScanner.err(JsonScanner.BAD_UNICODE_ESCAPE, next);
    }
    if (low < 0xDC00 || low > 0xDFFF) {
      return JsonScanner.err(JsonScanner.LONE_SURROGATE, pos);
    }
    return next + 6;
  }

  /**
   * The value of the 4 hex digits at {@code pos} (a backslash-u escape's), -1 if one is not a hex
   * digit, -2 if the input ends at {@code n} before them.
   */
  public static int hex4(byte[] v, int pos, int n) {
    int value = 0;
    for (int k = 0; k < 4; k++) {
      if (pos + k >= n) {
        return -2;
      }
      int c = v[pos + k];
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
      value = value << 4 | d;
    }
    return value;
  }
}
