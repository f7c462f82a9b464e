package io.kafkaload.worker.decode;

/**
 * A byte-level, iterative JSON (RFC 8259) validator over UTF-8 input. It builds nothing: it walks
 * the bytes once with an explicit depth counter and a bit stack (one bit per open container: object
 * or array), so its stack use is constant whatever the input, and it allocates nothing unless the
 * nesting is deeper than 64. Strings are checked by {@link JsonStrings}.
 *
 * <p>{@link #scan} returns 0 when the input is one valid JSON value with only whitespace around it,
 * else a negative code that packs an error kind and a byte position ({@link #kind}, {@link
 * #position}); {@link JsonReasons} turns it into a sentence. Stateless and thread-safe.
 */
final class JsonScanner {

  static final int MAX_DEPTH = 512;

  static final int TRUNCATED = 1;
  static final int EXPECTED_VALUE = 2;
  static final int EXPECTED_NAME = 3;
  static final int EXPECTED_COLON = 4;
  static final int EXPECTED_COMMA_OR_BRACE = 5;
  static final int EXPECTED_COMMA_OR_BRACKET = 6;
  static final int TRAILING = 7;
  static final int TOO_DEEP = 8;
  static final int BAD_UTF8 = 9;
  static final int CONTROL_IN_STRING = 10;
  static final int BAD_ESCAPE = 11;
  static final int BAD_UNICODE_ESCAPE = 12;
  static final int LONE_SURROGATE = 13;
  static final int LEADING_ZERO = 14;
  static final int EXPECTED_DIGIT = 15;
  static final int BAD_LITERAL = 16;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private JsonScanner() {}

  static int kind(long code) {
    return (int) ((code >>> 32) & 0x7FFF_FFFFL);
  }

  static int position(long code) {
    return (int) code;
  }

  static long err(int kind, int pos) {
    return Long.MIN_VALUE | ((long) kind << 32) | (pos & 0xFFFF_FFFFL);
  }

  /**
   * Validates {@code v} from {@code from}: 0 if it is one JSON value and whitespace, else a code.
   */
  static long scan(byte[] v, int from) {
    return scan(v, from, null, null);
  }

  /**
   * Validates like {@link #scan(byte[], int)} and, when {@code shape} is not null, records in it
   * the path and kind of every value (meaningful only when the result is 0); when {@code visitor}
   * is not null, tells it every container, member and non-null value in the same pass.
   */
  // One method on purpose (over 80 lines): the hot-path state machine over every byte of every
  // value, one loop whose state (position, depth, what comes next) stays in local variables.
  static long scan(byte[] v, int from, JsonDecoder.Shape shape, JsonVisitor visitor) {
    final int n = v.length;
    int pos = skipWhitespace(v, from, n);
    int depth = 0;
    long objects = 0; // bit d-1 set: the container at depth d (1..64) is an object
    long[] deeper = null; // the same bits for depths 65..MAX_DEPTH, only for deep input
    long r;
    while (true) {
      // A value starts at pos.
      if (pos >= n) {
        return err(TRUNCATED, n);
      }
      switch (v[pos]) {
        case '{':
        case '[':
          {
            boolean object = v[pos] == '{';
            if (depth == MAX_DEPTH) {
              return err(TOO_DEEP, pos);
            }
            if (visitor != null) {
              visitor.open(depth, object, pos);
            }
            depth++;
            if (shape != null) {
              shape.open(depth, object);
            }
            if (depth <= 64) {
              long bit = 1L << (depth - 1);
              objects = object ? objects | bit : objects & ~bit;
            } else {
              if (deeper == null) {
                deeper = new long[(MAX_DEPTH - 64 + 63) / 64];
              }
              int k = depth - 65;
              long bit = 1L << (k & 63);
              deeper[k >> 6] = object ? deeper[k >> 6] | bit : deeper[k >> 6] & ~bit;
            }
            pos = skipWhitespace(v, pos + 1, n);
            if (pos >= n) {
              return err(TRUNCATED, n);
            }
            if (v[pos] == (object ? '}' : ']')) {
              pos++;
              depth--;
              break; // an empty container is a complete value
            }
            if (object) {
              if ((r = member(v, pos, n, shape, visitor, depth)) < 0) {
                return r;
              }
              pos = (int) r;
            } else if (shape != null) {
              shape.element(depth);
            }
            continue; // the first element's value
          }
        case '"':
          if ((r = JsonStrings.string(v, pos + 1, n)) < 0) {
            return r;
          }
          if (visitor != null) {
            visitor.scalar(depth, true, pos);
          }
          pos = (int) r;
          if (shape != null) {
            shape.value(JsonDecoder.Shape.STRING);
          }
          break;
        case 't':
          if ((r = literal(v, pos, n, TRUE)) < 0) {
            return r;
          }
          if (visitor != null) {
            visitor.scalar(depth, false, pos);
          }
          pos = (int) r;
          if (shape != null) {
            shape.value(JsonDecoder.Shape.BOOLEAN);
          }
          break;
        case 'f':
          if ((r = literal(v, pos, n, FALSE)) < 0) {
            return r;
          }
          if (visitor != null) {
            visitor.scalar(depth, false, pos);
          }
          pos = (int) r;
          if (shape != null) {
            shape.value(JsonDecoder.Shape.BOOLEAN);
          }
          break;
        case 'n':
          if ((r = literal(v, pos, n, NULL)) < 0) {
            return r;
          }
          pos = (int) r;
          if (shape != null) {
            shape.value(JsonDecoder.Shape.NULL);
          }
          break;
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
          if ((r = number(v, pos, n)) < 0) {
            return r;
          }
          if (shape != null) {
            shape.value(JsonDecoder.Shape.numberKind(v, pos, (int) r));
          }
          if (visitor != null) {
            visitor.number(depth, v, pos, (int) r);
          }
          pos = (int) r;
          break;
        default:
          return err(EXPECTED_VALUE, pos);
      }
      // A value ended at pos: close containers until a ',' opens the next element.
      while (true) {
        pos = skipWhitespace(v, pos, n);
        if (depth == 0) {
          return pos == n ? 0 : err(TRAILING, pos);
        }
        if (pos >= n) {
          return err(TRUNCATED, n);
        }
        boolean object =
            depth <= 64
                ? (objects >>> (depth - 1) & 1) != 0
                : (deeper[(depth - 65) >> 6] >>> ((depth - 65) & 63) & 1) != 0;
        byte c = v[pos];
        if (c == ',') {
          pos = skipWhitespace(v, pos + 1, n);
          if (object) {
            if ((r = member(v, pos, n, shape, visitor, depth)) < 0) {
              return r;
            }
            pos = (int) r;
          } else if (shape != null) {
            shape.element(depth);
          }
          break;
        }
        if (c == (object ? '}' : ']')) {
          pos++;
          depth--;
          continue;
        }
        return err(object ? EXPECTED_COMMA_OR_BRACE : EXPECTED_COMMA_OR_BRACKET, pos);
      }
    }
  }

  /**
   * Reads {@code "name" :} at pos; returns where the member's value starts. Tells {@code shape} and
   * {@code visitor} (when not null) the name of the member of the object at {@code depth}.
   */
  private static long member(
      byte[] v, int pos, int n, JsonDecoder.Shape shape, JsonVisitor visitor, int depth) {
    if (pos >= n) {
      return err(TRUNCATED, n);
    }
    if (v[pos] != '"') {
      return err(EXPECTED_NAME, pos);
    }
    long r = JsonStrings.string(v, pos + 1, n);
    if (r < 0) {
      return r;
    }
    if (shape != null) {
      shape.member(depth, v, pos + 1, (int) r - 1);
    }
    if (visitor != null) {
      visitor.member(depth, v, pos + 1, (int) r - 1);
    }
    pos = skipWhitespace(v, (int) r, n);
    if (pos >= n) {
      return err(TRUNCATED, n);
    }
    if (v[pos] != ':') {
      return err(EXPECTED_COLON, pos);
    }
    return skipWhitespace(v, pos + 1, n);
  }

  static int skipWhitespace(byte[] v, int pos, int n) {
    while (pos < n) {
      byte b = v[pos];
      if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) {
        return pos;
      }
      pos++;
    }
    return pos;
  }

  /** Checks a number at pos: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private static long number(byte[] v, int pos, int n) {
    if (v[pos] == '-' && ++pos >= n) {
      return err(TRUNCATED, n);
    }
    if (v[pos] == '0') {
      pos++;
      if (pos < n && isDigit(v[pos])) {
        return err(LEADING_ZERO, pos - 1);
      }
    } else if (isDigit(v[pos])) {
      pos = digits(v, pos + 1, n);
    } else {
      return err(EXPECTED_DIGIT, pos);
    }
    if (pos < n && v[pos] == '.') {
      if (++pos >= n) {
        return err(TRUNCATED, n);
      }
      if (!isDigit(v[pos])) {
        return err(EXPECTED_DIGIT, pos);
      }
      pos = digits(v, pos + 1, n);
    }
    if (pos < n && (v[pos] == 'e' || v[pos] == 'E')) {
      if (++pos < n && (v[pos] == '+' || v[pos] == '-')) {
        pos++;
      }
      if (pos >= n) {
        return err(TRUNCATED, n);
      }
      if (!isDigit(v[pos])) {
        return err(EXPECTED_DIGIT, pos);
      }
      pos = digits(v, pos + 1, n);
    }
    return pos;
  }

  private static int digits(byte[] v, int pos, int n) {
    while (pos < n && isDigit(v[pos])) {
      pos++;
    }
    return pos;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static long literal(byte[] v, int pos, int n, byte[] word) {
    for (int k = 0; k < word.length; k++) {
      if (pos + k >= n) {
        return err(TRUNCATED, n);
      }
      if (v[pos + k] != word[k]) {
        return err(BAD_LITERAL, pos + k);
      }
    }
    return pos + word.length;
  }
}
