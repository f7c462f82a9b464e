package io.kafkaload.worker.chunk;

import io.kafkaload.worker.decode.JsonDecoder.Shape;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What a chunk's rows look like: for every path (names from the row's root, with one step for "an
 * element of this array") the kinds of JSON values seen there. It lets the Parquet converter skip
 * DuckDB's type inference, the costliest part of a conversion, when a chunk's rows hold nothing
 * that the rows of an earlier chunk did not: then the columns inferred then read these rows without
 * loss ({@link #within}).
 *
 * <p>Why that holds: DuckDB reads with explicit columns by name and is strict about kinds (an
 * object where a number was typed, a number beyond the column's range, fail loudly), but it would
 * silently drop a name it has no column for, or round 1.5 into a BIGINT. Every name is a path here
 * and integers, negative integers, long integers and other numbers are distinct kinds, so neither
 * can pass {@link #within}. Names are compared as raw bytes ({@code "\u0061"} and {@code "a"}
 * differ): a false difference only costs an inference. Paths are 64-bit hashes.
 *
 * <p>Built on the consumer thread from values the decoder accepted, without allocating per row.
 */
public final class RowShapes {

  static final int STRING = Shape.STRING;
  static final int UNSIGNED = Shape.UNSIGNED;
  static final int NEGATIVE = Shape.NEGATIVE;
  static final int LONG_INTEGER = Shape.LONG_INTEGER; // 19 digits or more: may not fit 64 bits
  static final int OTHER_NUMBER = Shape.OTHER_NUMBER; // a fraction or an exponent
  static final int BOOLEAN = Shape.BOOLEAN;
  static final int NULL = Shape.NULL;
  static final int OBJECT = Shape.OBJECT;
  static final int ARRAY = Shape.ARRAY;

  /** Rows with more distinct paths than this (names used as keys of a map) are not summarised. */
  static final int MAX_PATHS = 4096;

  private static final int MAX_DEPTH = 600; // more than the decoder lets through
  private static final long ROOT = Shape.ROOT;
  // signatures of the rows whose paths and kinds were recorded (open addressing; 0 = empty)
  private static final int MAX_SIGNATURES = 1 << 12;
  private long[] signatures = new long[16];
  private int signatureCount;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long[] paths = new long[256]; // open addressing; 0 = empty
  private int[] kinds = new int[256];
  private int size;
  private boolean overflow;
  private boolean changed; // the row being added holds a path or a kind not seen before
  private final long[] containerPath = new long[MAX_DEPTH + 1];
  private final boolean[] containerIsObject = new boolean[MAX_DEPTH + 1];

  /** False when the rows had too many paths (or a malformed value): never use this summary. */
  public boolean usable() {
    return !overflow;
  }

  /** True when every path of these rows was seen in {@code seen}, with no new kind of value. */
  public boolean within(RowShapes seen) {
    if (overflow || seen.overflow) {
      return false;
    }
    for (int i = 0; i < paths.length; i++) {
      if (paths[i] != 0) {
        int other = seen.kindsAt(paths[i]);
        // a null fits any column, but its name must have one
        if (other < 0 || (kinds[i] & ~NULL & ~other) != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Adds the row {@code v[from, to)} whose shape the JSON decoder recorded while checking it: like
   * {@link #add(byte[], int, int)}, but a row with the same sequence of paths and kinds as a row
   * added before costs one lookup of its signature.
   */
  public boolean add(Shape shape, byte[] v, int from, int to) {
    if (overflow) {
      return false;
    }
    if (!shape.complete()) {
      return add(v, from, to);
    }
    long signature = shape.signature();
    if (signature == 0) {
      signature = 1;
    }
    int mask = signatures.length - 1;
    int at = (int) (signature ^ (signature >>> 32)) & mask;
    while (signatures[at] != 0) {
      if (signatures[at] == signature) {
        return false;
      }
      at = (at + 1) & mask;
    }
    changed = false;
    for (int i = 0, n = shape.size(); i < n && !overflow; i++) {
      record(shape.path(i), shape.kind(i));
    }
    if (!overflow && signatureCount < MAX_SIGNATURES) {
      signatures[at] = signature;
      if (++signatureCount * 2 > signatures.length) {
        growSignatures();
      }
    }
    return changed && !overflow;
  }

  private void growSignatures() {
    long[] old = signatures;
    signatures = new long[old.length * 2];
    int mask = signatures.length - 1;
    for (long signature : old) {
      if (signature != 0) {
        int at = (int) (signature ^ (signature >>> 32)) & mask;
        while (signatures[at] != 0) {
          at = (at + 1) & mask;
        }
        signatures[at] = signature;
      }
    }
  }

  /**
   * Adds the row {@code v[from, to)}, a JSON object the decoder accepted. Returns true when the row
   * held a path or a kind of value at a path that the rows added before did not: such rows are the
   * chunk's witnesses (together they hold every path and kind of the chunk).
   */
  public boolean add(byte[] v, int from, int to) {
    if (overflow) {
      return false;
    }
    changed = false;
    walk(v, from, to);
    return changed && !overflow;
  }

  private void walk(byte[] v, int from, int to) {
    int depth = 0;
    long path = ROOT;
    int pos = skip(v, from, to);
    while (pos < to) {
      // a value of `path` starts at pos
      byte c = v[pos];
      if (c == '{' || c == '[') {
        boolean object = c == '{';
        record(path, object ? OBJECT : ARRAY);
        if (++depth > MAX_DEPTH) {
          overflow = true;
          return;
        }
        containerPath[depth] = path;
        containerIsObject[depth] = object;
        pos = skip(v, pos + 1, to);
        if (pos < to && v[pos] == (object ? '}' : ']')) {
          depth--;
          pos++;
        } else {
          if (object) {
            path = child(path, v, pos);
            pos = skip(v, stringEnd(v, pos + 1, to) + 1, to) + 1; // past the ':'
          } else {
            path = Shape.element(path);
          }
          pos = skip(v, pos, to);
          continue;
        }
      } else if (c == '"') {
        record(path, STRING);
        pos = stringEnd(v, pos + 1, to) + 1;
      } else if (c == 't' || c == 'f') {
        record(path, BOOLEAN);
        pos += c == 't' ? 4 : 5;
      } else if (c == 'n') {
        record(path, NULL);
        pos += 4;
      } else {
        pos = number(v, pos, to, path);
      }
      // after a value: close containers, or move to the next member or element
      while (true) {
        pos = skip(v, pos, to);
        if (depth == 0 || pos >= to) {
          return;
        }
        if (v[pos] == ',') {
          pos = skip(v, pos + 1, to);
          long container = containerPath[depth];
          if (containerIsObject[depth]) {
            path = child(container, v, pos);
            pos = skip(v, stringEnd(v, pos + 1, to) + 1, to) + 1;
          } else {
            path = Shape.element(container);
          }
          pos = skip(v, pos, to);
          break;
        }
        depth--; // '}' or ']'
        pos++;
      }
    }
  }

  private int number(byte[] v, int pos, int to, long path) {
    boolean negative = v[pos] == '-';
    int start = negative ? pos + 1 : pos;
    int end = start;
    while (end < to && v[end] >= '0' && v[end] <= '9') {
      end++;
    }
    int kind;
    if (end < to && (v[end] == '.' || v[end] == 'e' || v[end] == 'E')) {
      kind = OTHER_NUMBER;
      while (end < to
          && (v[end] == '.'
              || v[end] == 'e'
              || v[end] == 'E'
              || v[end] == '+'
              || v[end] == '-'
              || (v[end] >= '0' && v[end] <= '9'))) {
        end++;
      }
    } else if (end - start >= 19) {
      kind = LONG_INTEGER;
    } else {
      kind = negative ? NEGATIVE : UNSIGNED;
    }
    if (end == start) {
      overflow = true; // not a number: not a value the decoder accepted
      return to;
    }
    record(path, kind);
    return end;
  }

  /** The path of the member whose name starts at pos (a quote). */
  private static long child(long parent, byte[] v, int pos) {
    return Shape.child(parent, v, pos + 1, stringEnd(v, pos + 1, v.length));
  }

  /** The position of the closing quote of the string whose content starts at pos. */
  private static int stringEnd(byte[] v, int pos, int to) {
    while (true) {
      while (pos + 8 <= to) {
        long w = (long) LONGS.get(v, pos);
        long q = w ^ 0x2222222222222222L;
        long b = w ^ 0x5C5C5C5C5C5C5C5CL;
        if (((((q - 0x0101010101010101L) & ~q) | ((b - 0x0101010101010101L) & ~b))
                & 0x8080808080808080L)
            != 0) {
          break;
        }
        pos += 8;
      }
      if (pos >= to) {
        return to;
      }
      if (v[pos] == '"') {
        return pos;
      }
      pos += v[pos] == '\\' ? 2 : 1;
    }
  }

  private static int skip(byte[] v, int pos, int to) {
    while (pos < to && (v[pos] == ' ' || v[pos] == '\n' || v[pos] == '\r' || v[pos] == '\t')) {
      pos++;
    }
    return pos;
  }

  private void record(long path, int kind) {
    int mask = paths.length - 1;
    int i = (int) (path ^ (path >>> 32)) & mask;
    while (paths[i] != 0 && paths[i] != path) {
      i = (i + 1) & mask;
    }
    if (paths[i] == 0) {
      if (size >= MAX_PATHS) {
        overflow = true;
        return;
      }
      paths[i] = path;
      size++;
      kinds[i] = kind;
      changed = true;
      if (size * 2 > paths.length) {
        grow();
      }
    } else if ((kinds[i] & kind) != kind) {
      kinds[i] |= kind;
      changed = true;
    }
  }

  private int kindsAt(long path) {
    int mask = paths.length - 1;
    int i = (int) (path ^ (path >>> 32)) & mask;
    while (paths[i] != 0) {
      if (paths[i] == path) {
        return kinds[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private void grow() {
    long[] oldPaths = paths;
    int[] oldKinds = kinds;
    paths = new long[oldPaths.length * 2];
    kinds = new int[oldPaths.length * 2];
    size = 0;
    for (int i = 0; i < oldPaths.length; i++) {
      if (oldPaths[i] != 0) {
        record(oldPaths[i], oldKinds[i]);
      }
    }
  }
}
