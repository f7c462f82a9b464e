package io.kafkaload.worker.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Accepts a message value that is exactly one JSON object (RFC 8259) in UTF-8, with nothing around
 * it but JSON whitespace; anything else gets a one-line reason naming the byte (0-based offset)
 * where it goes wrong.
 *
 * <p>Rules beyond the RFC grammar, and why:
 *
 * <ul>
 *   <li>A leading UTF-8 byte order mark is rejected: RFC 8259 section 8.1 forbids it on the wire.
 *   <li>Invalid UTF-8 anywhere (overlong forms, encoded surrogates, code points above U+10FFFF,
 *       truncated sequences) is rejected: the value could not be written as text without change.
 *   <li>An escaped UTF-16 surrogate that is not part of a pair ({@code "\ud800"}) is rejected: it
 *       is no Unicode character (RFC 8259 section 8.2: behaviour unpredictable), and DuckDB refuses
 *       it, so it could never reach a file.
 *   <li>Nesting deeper than {@value JsonScanner#MAX_DEPTH} arrays/objects is rejected, so memory
 *       and stack stay bounded downstream too. The check itself uses no recursion.
 *   <li>Duplicate names in an object are accepted (the RFC says names SHOULD be unique, not MUST).
 *       The value is kept byte for byte; see the files sink for how they are written.
 *   <li>Numbers are checked for syntax only (no range): {@code 1e400} is valid JSON.
 * </ul>
 *
 * <p>It validates in one pass over the bytes with a hand-written, iterative scanner and builds no
 * tree; an accepted value allocates nothing (unless nested deeper than 64). The same pass can also
 * record the value's {@link Shape}, for sinks that summarise their rows' shapes. Thread-safe.
 */
public final class JsonDecoder implements Decoder {

  @Override
  public String check(byte[] value) {
    return check(value, null);
  }

  /**
   * Like {@link #check(byte[])}; when the value is accepted and {@code shape} is not null, {@code
   * shape} then holds the value's shape (its content is undefined after a rejection).
   */
  public String check(byte[] value, Shape shape) {
    return check(value, shape, null);
  }

  /**
   * Like {@link #check(byte[], Shape)}, and tells {@code visitor} (when not null) the value's
   * containers, members and values in the same pass (see {@link JsonVisitor}: what it was told is
   * to be forgotten when the value is rejected).
   */
  public String check(byte[] value, Shape shape, JsonVisitor visitor) {
    if (shape != null) {
      shape.reset();
    }
    if (value == null) {
      return "null value (tombstone)";
    }
    int n = value.length;
    if (n == 0) {
      return "empty value";
    }
    if (n >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF) {
      return "starts with a UTF-8 byte order mark";
    }
    int first = JsonScanner.skipWhitespace(value, 0, n);
    if (first == n) {
      return "blank value (only whitespace)";
    }
    long code = JsonScanner.scan(value, first, shape, visitor);
    byte kind = value[first];
    if (code != 0) {
      return JsonReasons.describe(value, code, kind == '{');
    }
    switch (kind) {
      case '{':
        return null;
      case '[':
        return "value is a JSON array, expected an object";
      case '"':
        return "value is a JSON string, expected an object";
      case 't':
      case 'f':
        return "value is a JSON boolean, expected an object";
      case 'n':
        return "value is JSON null, expected an object";
      default:
        return "value is a JSON number, expected an object";
    }
  }

  /**
   * The shape of one JSON value: the path and the kind of each value in it, in document order. A
   * path is a 64-bit hash of the names from the root, with one step for "an element of this array";
   * names are hashed as their raw bytes ({@code "\u0061"} and {@code "a"} differ). Kinds are bits:
   * integers, negative integers, integers of 19 digits or more and other numbers are distinct.
   * {@link #signature} hashes the whole sequence. Values with more than {@value #MAX_VALUES} values
   * are not recorded ({@link #complete} is false). Reused for every value: not thread-safe.
   */
  public static final class Shape {

    public static final int STRING = 1;
    public static final int UNSIGNED = 1 << 1;
    public static final int NEGATIVE = 1 << 2;
    public static final int LONG_INTEGER = 1 << 3; // 19 digits or more: may not fit 64 bits
    public static final int OTHER_NUMBER = 1 << 4; // a fraction or an exponent
    public static final int BOOLEAN = 1 << 5;
    public static final int NULL = 1 << 6;
    public static final int OBJECT = 1 << 7;
    public static final int ARRAY = 1 << 8;

    /** The path of a row's root value. */
    public static final long ROOT = 0x9E3779B97F4A7C15L;

    private static final long ELEMENT = 0xC2B2AE3D27D4EB4FL;
    private static final int MAX_VALUES = 4096;
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long[] containers = new long[JsonScanner.MAX_DEPTH + 1];
    private long[] paths = new long[64];
    private int[] kinds = new int[64];
    private int size;
    private boolean complete;
    private long current;
    private long signature;

    /** The number of values recorded. */
    public int size() {
      return size;
    }

    public long path(int i) {
      return paths[i];
    }

    public int kind(int i) {
      return kinds[i];
    }

    /** False when the value had too many values to record them: walk it instead. */
    public boolean complete() {
      return complete;
    }

    /** A hash of the sequence of (path, kind): equal sequences give equal signatures. */
    public long signature() {
      return signature;
    }

    void reset() {
      size = 0;
      complete = true;
      current = ROOT;
      signature = ELEMENT;
    }

    /** A container of kind object or array starts at {@code depth} (1 for the root's). */
    void open(int depth, boolean object) {
      value(object ? OBJECT : ARRAY);
      containers[depth] = current;
    }

    /** The next value is the member named {@code v[from, to)} of the object at depth. */
    void member(int depth, byte[] v, int from, int to) {
      current = child(containers[depth], v, from, to);
    }

    /** The next value is an element of the array at depth. */
    void element(int depth) {
      current = mix(containers[depth], ELEMENT);
    }

    void value(int kind) {
      if (!complete) {
        return;
      }
      if (size == paths.length) {
        if (size == MAX_VALUES) {
          complete = false;
          return;
        }
        paths = java.util.Arrays.copyOf(paths, size * 2);
        kinds = java.util.Arrays.copyOf(kinds, size * 2);
      }
      paths[size] = current;
      kinds[size++] = kind;
      signature = mix(signature ^ current, kind);
    }

    /** The kind of the number {@code v[from, to)} (valid JSON). */
    public static int numberKind(byte[] v, int from, int to) {
      boolean negative = v[from] == '-';
      int start = negative ? from + 1 : from;
      for (int i = start; i < to; i++) {
        byte b = v[i];
        if (b == '.' || b == 'e' || b == 'E') {
          return OTHER_NUMBER;
        }
      }
      return to - start >= 19 ? LONG_INTEGER : negative ? NEGATIVE : UNSIGNED;
    }

    /** The path of the member of {@code parent} named by the raw bytes {@code v[from, to)}. */
    public static long child(long parent, byte[] v, int from, int to) {
      long h = 0xCBF29CE484222325L ^ (to - from);
      int i = from;
      for (; i + 8 <= to; i += 8) {
        h = (h ^ (long) LONGS.get(v, i)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
      }
      if (i < to) {
        long tail = 0;
        for (int k = to - 1; k >= i; k--) {
          tail = tail << 8 | (v[k] & 0xFFL);
        }
        h = (h ^ tail) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
      }
      return mix(parent, h);
    }

    /** The path of an element of the array at {@code parent}. */
    public static long element(long parent) {
      return mix(parent, ELEMENT);
    }

    private static long mix(long parent, long step) {
      long h = Long.rotateLeft(parent, 29) * 0xBF58476D1CE4E5B9L ^ step;
      h = (h ^ (h >>> 31)) * 0x94D049BB133111EBL;
      h ^= h >>> 29;
      return h == 0 ? 1 : h;
    }
  }
}
