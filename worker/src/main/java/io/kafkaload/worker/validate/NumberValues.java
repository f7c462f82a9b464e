package io.kafkaload.worker.validate;

import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import java.nio.charset.StandardCharsets;

/**
 * The checks of {@code long}, {@code int}, {@code double} and {@code decimal(p,s)} fields: a JSON
 * number, or a string holding exactly one, within the type's range, written to the output row as
 * DuckDB reads it exactly (integers and decimals normalised, doubles as their own text). Each
 * returns null when the value is written, else the reason. One instance per {@link RowValidator},
 * sharing its buffers; not thread-safe.
 */
final class NumberValues {

  private final RowOut out;
  private final ValueText text;
  private final JsonScan scan;
  private boolean overflow;

  NumberValues(RowOut out, ValueText text) {
    this.out = out;
    this.text = text;
    this.scan = text.scan;
  }

  String integer(Leaf f, byte[] b, int s, int e, int fl) {
    if (!text.numeric(b, s, e, fl) || scan.hasFraction || scan.hasExponent) {
      return f.notA(b, s, e);
    }
    long v = parseLong(text.bytes, scan.intStart, scan.intEnd, scan.negative);
    if (overflow || (f.kind == Kind.INT && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE))) {
      return f.prefix
          + Texts.excerpt(b, s, e)
          + " is out of range for "
          + (f.kind == Kind.INT ? "int" : "long");
    }
    out.putLong(v);
    return null;
  }

  private long parseLong(byte[] t, int from, int to, boolean negative) {
    overflow = false;
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multmin = limit / 10;
    long acc = 0;
    for (int k = from; k < to; k++) {
      int d = t[k] - '0';
      if (acc < multmin) {
        overflow = true;
        return 0;
      }
      acc *= 10;
      if (acc < limit + d) {
        overflow = true;
        return 0;
      }
      acc -= d;
    }
    return negative ? acc : -acc;
  }

  String dbl(Leaf f, byte[] b, int s, int e, int fl) {
    if ((fl & JsonScan.NON_FINITE) != 0 && b[s] != '"' && b[s] != '{' && b[s] != '[') {
      out.put(b, s, e); // an Avro NaN or infinity: DuckDB reads the token into the DOUBLE column
      return null;
    }
    if (!text.numeric(b, s, e, fl)) {
      return f.notA(b, s, e);
    }
    byte[] tb = text.bytes;
    // The decimal exponent of the first significant digit; far from 0 only the JDK can tell
    // whether the value is finite and non-zero as a double.
    long e10 = Long.MIN_VALUE;
    for (int k = scan.intStart; k < scan.intEnd; k++) {
      if (tb[k] != '0') {
        e10 = (long) scan.intEnd - k - 1 + scan.exponent;
        break;
      }
    }
    if (e10 == Long.MIN_VALUE) {
      for (int k = scan.fracStart; k < scan.fracEnd; k++) {
        if (tb[k] != '0') {
          e10 = -(long) (k - scan.fracStart + 1) + scan.exponent;
          break;
        }
      }
    }
    if (e10 != Long.MIN_VALUE && (e10 > 300 || e10 < -300)) {
      double d =
          Double.parseDouble(
              new String(tb, text.from, text.to - text.from, StandardCharsets.ISO_8859_1));
      if (Double.isInfinite(d) || d == 0) {
        return f.prefix + Texts.excerpt(b, s, e) + " is out of range for double";
      }
    }
    out.put(tb, text.from, text.to); // the number's own text: DuckDB reads it as the JDK would
    return null;
  }

  String decimal(Leaf f, byte[] b, int s, int e, int fl) {
    if (!text.numeric(b, s, e, fl)) {
      return f.notA(b, s, e);
    }
    byte[] t = text.bytes;
    int intStart = scan.intStart;
    int nInt = scan.intEnd - intStart;
    int fracStart = scan.fracStart;
    long total = nInt + (long) (scan.fracEnd - fracStart);
    long point = nInt + (long) scan.exponent; // the decimal point's index among all the digits
    long first = -1;
    long last = -1;
    for (long k = 0; k < total; k++) {
      byte d = k < nInt ? t[intStart + (int) k] : t[fracStart + (int) (k - nInt)];
      if (d != '0') {
        if (first < 0) {
          first = k;
        }
        last = k;
      }
    }
    int scale = f.scale;
    if (first >= 0) {
      long fracDigits = Math.max(0, last + 1 - point);
      if (fracDigits > scale) {
        return f.prefix + Texts.excerpt(b, s, e) + " has more than " + scale + " decimals";
      }
      if (Math.max(0, point - first) > f.precision - scale) {
        return f.prefix
            + Texts.excerpt(b, s, e)
            + " is out of range for decimal("
            + f.precision
            + ","
            + scale
            + ")";
      }
    }
    out.ensure(f.precision + 8);
    byte[] o = out.bytes;
    int len = out.len;
    o[len++] = '"';
    if (first < 0) {
      o[len++] = '0';
      if (scale > 0) {
        o[len++] = '.';
        for (int k = 0; k < scale; k++) {
          o[len++] = '0';
        }
      }
    } else {
      if (scan.negative) {
        o[len++] = '-';
      }
      if (point - first <= 0) {
        o[len++] = '0';
      }
      for (long k = first; k < point; k++) {
        o[len++] = digitAt(t, intStart, nInt, fracStart, total, k);
      }
      if (scale > 0) {
        o[len++] = '.';
        for (long k = point; k < point + scale; k++) {
          o[len++] = digitAt(t, intStart, nInt, fracStart, total, k);
        }
      }
    }
    o[len++] = '"';
    out.len = len;
    return null;
  }

  private static byte digitAt(byte[] t, int intStart, int nInt, int fracStart, long total, long k) {
    if (k < 0 || k >= total) {
      return '0';
    }
    return k < nInt ? t[intStart + (int) k] : t[fracStart + (int) (k - nInt)];
  }
}
