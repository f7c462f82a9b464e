package io.kafkaload.worker.validate;

import io.kafkaload.worker.decode.JsonStrings;

/**
 * Byte-level JSON (RFC 8259) scanning over UTF-8 input, without recursion: strings, numbers,
 * literals and whole values are checked and skipped in place. Results beyond the returned index
 * live in fields ({@link #flags}, the parts of the last number, the last error), so nothing is
 * allocated on the accept path; one instance per {@link RowValidator}, shared by its parts, not
 * thread-safe. The UTF-8 details are {@link JsonText}'s, a backslash-u escape's digits {@link
 * JsonStrings#hex4}'s.
 *
 * <p>Every method returns the index just after what it read, or -1 when the bytes are not JSON;
 * then {@link #errorPos} and {@link #errorWhat} say where and what.
 */
final class JsonScan {

  /** A string held a backslash escape (its content differs from its bytes). */
  static final int ESCAPED = 1;

  /** A string held the escape {@code \u0000}. */
  static final int NUL = 2;

  /**
   * A value was one of the bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity} (read only
   * with {@link #nonFinite}).
   */
  static final int NON_FINITE = 4;

  int flags;

  /**
   * Whether the bare tokens {@code NaN}, {@code Infinity} and {@code -Infinity} are values: rows
   * decoded from Avro carry a {@code float}/{@code double} NaN or infinity so ({@code AvroRows});
   * JSON input never has them (the JSON decoder refuses them).
   */
  boolean nonFinite;

  /**
   * Containers {@link #value} may open inside the value it reads: the JSON decoder's limit (512
   * levels from the row's top object) minus the level the value starts at, so the validator never
   * accepts what the decoder refuses.
   */
  int maxDepth = Integer.MAX_VALUE;

  /** The most containers open at once inside the last value {@link #value} read (0: a scalar). */
  int deepest;

  /** The JSON decoder's nesting limit, counted from the row's top object (depth 1). */
  static final int MAX_ROW_DEPTH = 512;

  /** Bytes that stand for themselves inside a string: ASCII but controls, quote and backslash. */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int c = 0x20; c < 0x80; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

  int errorPos;
  String errorWhat;

  // The parts of the last number read by number(): [intStart, intEnd) are the integer digits,
  // [fracStart, fracEnd) the fraction digits (empty when none), exp the exponent (saturated).
  boolean negative;
  int intStart;
  int intEnd;
  int fracStart;
  int fracEnd;
  boolean hasFraction;
  boolean hasExponent;
  int exponent;

  private long[] deepBits = new long[0];

  static int ws(byte[] b, int i, int n) {
    while (i < n) {
      byte c = b[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private int fail(int pos, String what) {
    errorPos = pos;
    errorWhat = what;
    return -1;
  }

  /** Reads the string starting at the quote {@code b[i]}; ORs ESCAPED and NUL into flags. */
  int string(byte[] b, int i, int n) {
    int start = i;
    i++;
    while (i < n) {
      int c = b[i];
      if (PLAIN[c & 0xFF]) {
        i++;
        continue;
      }
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        flags |= ESCAPED;
        if (i + 1 >= n) {
          break;
        }
        int e = b[i + 1];
        if (e == 'u') {
          int cp = JsonStrings.hex4(b, i + 2, n);
          if (cp < 0) {
            return fail(i, "a bad \\u escape");
          }
          i += 6;
          if (cp == 0) {
            flags |= NUL;
          } else if (cp >= 0xD800 && cp <= 0xDBFF) {
            int lo =
                i + 1 < n && b[i] == '\\' && b[i + 1] == 'u' ? JsonStrings.hex4(b, i + 2, n) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) {
              return fail(i - 6, "a lone UTF-16 surrogate escape");
            }
            i += 6;
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail(i - 6, "a lone UTF-16 surrogate escape");
          }
          continue;
        }
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
            || e == 't') {
          i += 2;
          continue;
        }
        return fail(i, "a bad escape");
      }
      if (c >= 0) {
        return fail(i, "a control character in a string");
      }
      int len = JsonText.utf8Length(b, i, n);
      if (len < 0) {
        return fail(i, "invalid UTF-8");
      }
      i += len;
    }
    return fail(start, "an unterminated string");
  }

  /** Reads a JSON number at {@code i} and records its parts. */
  int number(byte[] b, int i, int n) {
    int start = i;
    negative = false;
    if (i < n && b[i] == '-') {
      negative = true;
      i++;
    }
    intStart = i;
    if (i >= n) {
      return fail(start, "a bad number");
    }
    int c = b[i];
    if (c == '0') {
      i++;
    } else if (c >= '1' && c <= '9') {
      i++;
      while (i < n && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
    } else {
      return fail(start, "a bad number");
    }
    intEnd = i;
    fracStart = i;
    fracEnd = i;
    hasFraction = false;
    hasExponent = false;
    exponent = 0;
    if (i < n && b[i] == '.') {
      i++;
      fracStart = i;
      while (i < n && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == fracStart) {
        return fail(start, "a bad number");
      }
      fracEnd = i;
      hasFraction = true;
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      hasExponent = true;
      i++;
      boolean negExp = false;
      if (i < n && (b[i] == '+' || b[i] == '-')) {
        negExp = b[i] == '-';
        i++;
      }
      int es = i;
      int ev = 0;
      while (i < n && b[i] >= '0' && b[i] <= '9') {
        if (ev < 100_000_000) {
          ev = ev * 10 + (b[i] - '0');
        }
        i++;
      }
      if (i == es) {
        return fail(start, "a bad number");
      }
      exponent = negExp ? -ev : ev;
    }
    return i;
  }

  private int literal(byte[] b, int i, int n, String word) {
    int k = word.length();
    if (i + k > n) {
      return fail(i, "a bad literal");
    }
    for (int j = 0; j < k; j++) {
      if (b[i + j] != word.charAt(j)) {
        return fail(i, "a bad literal");
      }
    }
    return i + k;
  }

  /** Reads {@code "name" :} and the whitespace after it; returns the index of the value. */
  int memberName(byte[] b, int i, int n) {
    if (i >= n || b[i] != '"') {
      return fail(i, "expected a member name");
    }
    i = string(b, i, n);
    if (i < 0) {
      return -1;
    }
    i = ws(b, i, n);
    if (i >= n || b[i] != ':') {
      return fail(i, "expected ':'");
    }
    return ws(b, i + 1, n);
  }

  private boolean isObject(int level) {
    return (deepBits[level >>> 6] & (1L << level)) != 0;
  }

  private void setLevel(int level, boolean object) {
    int w = level >>> 6;
    if (w >= deepBits.length) {
      deepBits = java.util.Arrays.copyOf(deepBits, Math.max(4, deepBits.length * 2));
    }
    if (object) {
      deepBits[w] |= 1L << level;
    } else {
      deepBits[w] &= ~(1L << level);
    }
  }

  /**
   * Reads one whole JSON value at {@code i} (no whitespace before it), however deep, with a bit per
   * open container (memory: one bit per level, so bounded by the input's size) and no recursion.
   * ORs the NUL and ESCAPED flags of every string inside into {@link #flags}.
   *
   * <p>One method on purpose (80 lines): it is the hot-path state machine that skips every value
   * the schema does not type, on every record; its two states (before a value, after one) share
   * {@code depth} and {@code i} in registers.
   */
  int value(byte[] b, int i, int n) {
    int depth = 0;
    deepest = 0;
    while (true) {
      if (i >= n) {
        return fail(n, "truncated JSON");
      }
      int c = b[i];
      if (c == '{' || c == '[') {
        if (depth >= maxDepth) {
          return fail(i, "nested deeper than " + MAX_ROW_DEPTH + " levels");
        }
        boolean object = c == '{';
        setLevel(depth, object);
        depth++;
        if (depth > deepest) {
          deepest = depth;
        }
        i = ws(b, i + 1, n);
        if (i < n && b[i] == (object ? '}' : ']')) {
          depth--;
          i++;
        } else {
          if (object) {
            i = memberName(b, i, n);
            if (i < 0) {
              return -1;
            }
          }
          continue;
        }
      } else if (c == '"') {
        i = string(b, i, n);
      } else if (c == 't') {
        i = literal(b, i, n, "true");
      } else if (c == 'f') {
        i = literal(b, i, n, "false");
      } else if (c == 'n') {
        i = literal(b, i, n, "null");
      } else if (nonFinite && (c == 'N' || c == 'I' || c == '-' && i + 1 < n && b[i + 1] == 'I')) {
        flags |= NON_FINITE;
        i = literal(b, i, n, c == 'N' ? "NaN" : c == 'I' ? "Infinity" : "-Infinity");
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        i = number(b, i, n);
      } else {
        return fail(i, "expected a value");
      }
      if (i < 0) {
        return -1;
      }
      // After a value: close containers until one continues with a comma.
      while (true) {
        if (depth == 0) {
          return i;
        }
        i = ws(b, i, n);
        if (i >= n) {
          return fail(n, "truncated JSON");
        }
        boolean object = isObject(depth - 1);
        c = b[i];
        if (c == ',') {
          i = ws(b, i + 1, n);
          if (object) {
            i = memberName(b, i, n);
            if (i < 0) {
              return -1;
            }
          }
          break;
        }
        if (c == (object ? '}' : ']')) {
          depth--;
          i++;
          continue;
        }
        return fail(i, object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }
}
