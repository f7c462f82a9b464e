package io.kafkaload.worker.validate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kind {@link InferableRow}'s rules give a JSON number, read from its bytes as the JSON decoder
 * checked them ({@link InferableScan}'s numbers): an integer exact in a double, a larger one, or a
 * number with a fraction, or the rule it breaks (beyond 64 bits, out of a double's range). Mostly a
 * look at the digits; only numbers with an exponent or over 300 characters are parsed. Static.
 */
final class NumberKinds {

  private NumberKinds() {}

  /**
   * The kind of the number {@code v[from, to)} ({@link InferableRow#INTEGER}, {@code LARGE_INTEGER}
   * or {@code FRACTION}), or minus the rule it breaks (beyond 64 bits, out of a double's range).
   */
  static int classify(byte[] v, int from, int to) {
    int start = v[from] == '-' ? from + 1 : from;
    int exponent = -1; // where 'e' or 'E' is
    boolean fraction = false;
    for (int i = start; i < to; i++) {
      byte b = v[i];
      if (b == '.') {
        fraction = true;
      } else if (b == 'e' || b == 'E') {
        exponent = i;
        break;
      }
    }
    if (!fraction && exponent < 0) {
      return integer(v, from, start, to);
    } else if (exponent < 0 && to - from <= InferableRow.MAX_PLAIN_FRACTION) {
      // digits and a point, no exponent: neither infinite nor zero when not written as zero
      return InferableRow.FRACTION;
    }
    double d = Double.parseDouble(new String(v, from, to - from, StandardCharsets.ISO_8859_1));
    if (Double.isInfinite(d) || d == 0 && !zero(v, start, exponent < 0 ? to : exponent)) {
      return -InferableRow.OUT_OF_DOUBLE;
    }
    return InferableRow.FRACTION;
  }

  /**
   * The kind of the integer {@code v[from, to)} whose digits start at {@code start} (minus the rule
   * when it breaks one): at most 15 digits is below 10^15 < 2^53, exact in a double; else it is
   * parsed, or compared with the 64-bit bounds digit by digit (JSON integers have no leading zeros:
   * more digits is a larger magnitude).
   */
  private static int integer(byte[] v, int from, int start, int to) {
    int digits = to - start;
    char kind;
    if (digits <= 15) {
      kind = InferableRow.INTEGER;
    } else if (digits <= 18) { // within a long
      long magnitude = 0;
      for (int i = start; i < to; i++) {
        magnitude = magnitude * 10 + (v[i] - '0');
      }
      kind = InferableRow.fitsDouble(magnitude) ? InferableRow.INTEGER : InferableRow.LARGE_INTEGER;
    } else {
      boolean negative = start > from;
      boolean beyond =
          negative
              ? digits > 19 || compare(v, start, MIN_LONG_DIGITS) > 0
              : digits > 20 || digits == 20 && compare(v, start, MAX_UNSIGNED_DIGITS) > 0;
      if (beyond) {
        return -InferableRow.BEYOND_64_BITS;
      }
      kind = InferableRow.LARGE_INTEGER; // 19 or 20 digits: beyond 2^53
    }
    return kind;
  }

  /** 2^63, the magnitude of the least long, and 2^64-1, the greatest unsigned 64-bit integer. */
  private static final byte[] MIN_LONG_DIGITS =
      "9223372036854775808".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] MAX_UNSIGNED_DIGITS =
      "18446744073709551615".getBytes(StandardCharsets.US_ASCII);

  /** Compares the digits at {@code v[start...]} with {@code bound}, of the same length. */
  private static int compare(byte[] v, int start, byte[] bound) {
    return Arrays.compare(v, start, start + bound.length, bound, 0, bound.length);
  }

  /** Whether the digits of {@code v[from, to)} (and its point) are all zeros. */
  private static boolean zero(byte[] v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (v[i] >= '1' && v[i] <= '9') {
        return false;
      }
    }
    return true;
  }
}
