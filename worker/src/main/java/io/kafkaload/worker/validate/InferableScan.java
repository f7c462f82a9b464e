package io.kafkaload.worker.validate;

import io.kafkaload.worker.decode.JsonVisitor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link InferableRow}'s check run inside the JSON decoder's own pass over a schemaless value
 * (issue 11: a second parse of every value cost a third of the plain load's speed): the decoder
 * tells each container, member and value ({@link JsonVisitor}), and this turns them into the same
 * rules, on the same places, with the same reasons as {@link InferableRow#check(byte[])}.
 *
 * <p>Per value: {@link #begin}, the decoder's {@code check(value, shape, this)}, then {@link #end}
 * with whether the record is otherwise accepted; the value's changes to the load's columns are kept
 * only when it is accepted and {@link #end} found no reason. Names are turned into text once per
 * distinct spelling: a small cache keyed by the name's exact bytes (a different name can never hit
 * another's entry; a collision of slots only costs a decode). One instance per run, on the consumer
 * thread: not thread-safe.
 */
public final class InferableScan implements JsonVisitor {

  /** Cached names (a power of two), and the longest name kept there, in bytes. */
  private static final int NAMES = 1024;

  private static final int MAX_CACHED_NAME = 64;

  private final InferableRow rules;
  private final byte[][] nameBytes = new byte[NAMES][];
  private final String[] names = new String[NAMES];
  private final String[] lowerNames = new String[NAMES];
  private int rule; // the first rule the value broke: FINE while none
  private int at; // the byte it broke it at

  /**
   * @param rules the load's check; must be inferred (no schema): the JSON decoder's values
   */
  public InferableScan(InferableRow rules) {
    this.rules = rules;
  }

  /** Starts a value. */
  public void begin() {
    rules.begin();
    rule = InferableRow.FINE;
  }

  /**
   * Ends the value begun by {@link #begin}: null when it is fine, else a one-line reason. When
   * {@code accepted} is false (the decoder or another check refused the record) the value teaches
   * the load nothing and the result is null.
   */
  public String end(boolean accepted) {
    boolean fine = rule == InferableRow.FINE;
    rules.end(accepted && fine);
    return accepted && !fine ? rules.reason(rule, at) : null;
  }

  @Override
  public void open(int depth, boolean object, int pos) {
    if (rule == InferableRow.FINE) {
      broke(rules.open(depth, object), pos);
    }
  }

  @Override
  public void member(int depth, byte[] v, int from, int to) {
    if (rule != InferableRow.FINE) {
      return;
    }
    int length = to - from;
    int h = length;
    for (int i = from; i < to; i++) {
      h = 31 * h + v[i];
    }
    int slot = (h ^ (h >>> 16)) & (NAMES - 1);
    byte[] key = nameBytes[slot];
    String name;
    String lower;
    if (key != null && Arrays.equals(key, 0, key.length, v, from, to)) {
      name = names[slot];
      lower = lowerNames[slot];
    } else {
      name = text(v, from, to);
      lower = name.toLowerCase(Locale.ROOT);
      if (length <= MAX_CACHED_NAME) {
        nameBytes[slot] = Arrays.copyOfRange(v, from, to);
        names[slot] = name;
        lowerNames[slot] = lower;
      }
    }
    broke(rules.name(depth, name, lower), from - 1);
  }

  @Override
  public void scalar(int depth, boolean string, int pos) {
    if (rule == InferableRow.FINE) {
      broke(rules.value(depth, string ? InferableRow.STRING : InferableRow.BOOLEAN), pos);
    }
  }

  @Override
  public void number(int depth, byte[] v, int from, int to) {
    if (rule != InferableRow.FINE) {
      return;
    }
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
    int found;
    if (!fraction && exponent < 0) {
      found = integer(depth, v, from, start, to);
    } else if (exponent < 0 && to - from <= InferableRow.MAX_PLAIN_FRACTION) {
      // digits and a point, no exponent: neither infinite nor zero when not written as zero
      found = rules.value(depth, InferableRow.FRACTION);
    } else {
      double d = Double.parseDouble(new String(v, from, to - from, StandardCharsets.ISO_8859_1));
      if (Double.isInfinite(d) || d == 0 && !zero(v, start, exponent < 0 ? to : exponent)) {
        found = InferableRow.OUT_OF_DOUBLE;
      } else {
        found = rules.value(depth, InferableRow.FRACTION);
      }
    }
    broke(found, from);
  }

  /**
   * The rule for the integer {@code v[from, to)} whose digits start at {@code start}: at most 15
   * digits is below 10^15 < 2^53, exact in a double; else it is parsed, or compared with the 64-bit
   * bounds digit by digit (JSON integers have no leading zeros: more digits is a larger magnitude).
   */
  private int integer(int depth, byte[] v, int from, int start, int to) {
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
        return InferableRow.BEYOND_64_BITS;
      }
      kind = InferableRow.LARGE_INTEGER; // 19 or 20 digits: beyond 2^53
    }
    return rules.value(depth, kind);
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

  private void broke(int found, int pos) {
    if (found != InferableRow.FINE) {
      rule = found;
      at = pos;
    }
  }

  /** The text of a member name: its UTF-8 (valid: the decoder checked it) with escapes undone. */
  static String text(byte[] v, int from, int to) {
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
