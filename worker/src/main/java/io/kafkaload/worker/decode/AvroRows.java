package io.kafkaload.worker.decode;

import io.kafkaload.worker.decode.AvroPlan.Node;

/**
 * Converts one Avro binary body, read with its writer schema's {@link AvroPlan}, into a plain JSON
 * object: records and maps as objects, arrays as arrays, union values unwrapped (no {@code
 * {"string": ...}} wrapper as in Avro's own JSON encoding), enums as their symbol, bytes and fixed
 * as base64 strings, logical types as {@link AvroLogical} writes them. Anything the bytes do not
 * allow (a cut-off body, an index out of range, text that is not UTF-8) throws an {@link
 * AvroReject} naming the field. A {@code float} or {@code double} NaN or infinity, which JSON has
 * no number for, is written as the bare token {@code NaN}, {@code Infinity} or {@code -Infinity}
 * when {@code nonFinite} allows it: DuckDB's JSON reader reads those into a DOUBLE or FLOAT column
 * exactly (and infers DOUBLE from them), and the outputs that hold them get them; else it is an
 * {@link AvroReject} saying why. Nesting is bounded by {@link JsonScanner#MAX_DEPTH}, the same
 * bound JSON input has, so the recursion stays shallow. Not thread-safe; reused.
 */
final class AvroRows {

  /** Items of types that take no bytes (such as null) a value may hold in all its arrays/maps. */
  static final long MAX_EMPTY_ITEMS = 1_000_000;

  private final AvroCursor in = new AvroCursor();
  private final JsonOut out;
  private final String nonFinite;
  private long emptyItems;

  /**
   * @param nonFinite null to write NaN and infinities as bare tokens, else the reason why the
   *     load's output cannot hold them (the record is rejected with it)
   */
  AvroRows(JsonOut out, String nonFinite) {
    this.out = out;
    this.nonFinite = nonFinite;
  }

  /** Writes the record in {@code v[from, v.length)} as JSON; the whole range must be used. */
  void convert(AvroPlan plan, byte[] v, int from) {
    in.reset(v, from, v.length);
    emptyItems = 0;
    write(plan.root, 0);
    if (in.remaining() > 0) {
      throw new AvroReject(
          "trailing data: the record ends at byte " + in.pos + ", the value at byte " + in.end);
    }
  }

  /**
   * Writes the record that starts at {@code v[from]} as JSON, where several are written one after
   * the other (an Avro container file's block); returns where it ends.
   */
  int convertNext(AvroPlan plan, byte[] v, int from, int to) {
    in.reset(v, from, to);
    emptyItems = 0;
    write(plan.root, 0);
    return in.pos;
  }

  private void write(Node n, int depth) {
    switch (n.kind) {
      case AvroPlan.NULL -> out.ascii("null");
      case AvroPlan.BOOLEAN -> out.ascii(in.readBoolean() ? "true" : "false");
      case AvroPlan.INT -> out.number(in.readInt());
      case AvroPlan.LONG -> out.number(in.readLong());
      case AvroPlan.FLOAT -> number(in.readFloat());
      case AvroPlan.DOUBLE -> number(in.readDouble());
      case AvroPlan.STRING -> string();
      case AvroPlan.BYTES -> {
        int n0 = in.readLength("bytes");
        out.base64(in.v, in.pos, in.pos + n0);
        in.skip(n0);
      }
      case AvroPlan.FIXED -> {
        in.need(n.size, "a fixed of " + n.size + " bytes");
        out.base64(in.v, in.pos, in.pos + n.size);
        in.skip(n.size);
      }
      case AvroPlan.ENUM -> {
        int start = in.pos;
        int index = in.readInt();
        if (index < 0 || index >= n.names.length) {
          throw new AvroReject(
              "enum index "
                  + index
                  + " at byte "
                  + start
                  + " is out of range ("
                  + n.names.length
                  + " symbols)");
        }
        out.bytes(n.names[index]);
      }
      case AvroPlan.UNION -> {
        int start = in.pos;
        int index = in.readInt();
        if (index < 0 || index >= n.children.length) {
          throw new AvroReject(
              "union index "
                  + index
                  + " at byte "
                  + start
                  + " is out of range ("
                  + n.children.length
                  + " branches)");
        }
        write(n.children[index], depth);
      }
      case AvroPlan.RECORD -> record(n, depth + 1);
      case AvroPlan.ARRAY -> items(n, depth + 1, false);
      case AvroPlan.MAP -> items(n, depth + 1, true);
      default -> AvroLogical.write(n, in, out);
    }
  }

  private void record(Node n, int depth) {
    deeper(depth);
    out.raw((byte) '{');
    for (int i = 0; i < n.children.length; i++) {
      out.bytes(n.names[i]);
      try {
        write(n.children[i], depth);
      } catch (AvroReject e) {
        throw e.in(n.labels[i]);
      }
    }
    out.raw((byte) '}');
  }

  /** An array, or a map ({@code keyed}): blocks of items until a block of 0. */
  private void items(Node n, int depth, boolean keyed) {
    deeper(depth);
    out.raw((byte) (keyed ? '{' : '['));
    Node item = n.children[0];
    long index = 0;
    String what = keyed ? "a map" : "an array";
    for (long count = in.readBlockCount(what); count != 0; count = in.readBlockCount(what)) {
      // each item takes a byte at least, unless its type may take none: bound those apart
      if (item.mayBeEmpty && !keyed) {
        emptyItems += count;
        if (emptyItems > MAX_EMPTY_ITEMS) {
          throw new AvroReject(
              "arrays of more than " + MAX_EMPTY_ITEMS + " items that take no bytes");
        }
      } else if (count > in.remaining()) {
        throw new AvroReject(
            "Avro body truncated at byte "
                + in.end
                + ": a block of "
                + count
                + " items of "
                + what
                + " at byte "
                + in.pos
                + ", "
                + in.remaining()
                + " bytes left");
      }
      for (long k = 0; k < count; k++, index++) {
        if (index > 0) {
          out.raw((byte) ',');
        }
        try {
          if (keyed) {
            string();
            out.raw((byte) ':');
          }
          write(item, depth);
        } catch (AvroReject e) {
          throw e.in("[" + index + "]");
        }
      }
    }
    out.raw((byte) (keyed ? '}' : ']'));
  }

  private void string() {
    int n = in.readLength("a string");
    int bad = out.string(in.v, in.pos, in.pos + n);
    if (bad >= 0) {
      throw new AvroReject("not valid UTF-8 at byte " + bad);
    }
    in.skip(n);
  }

  private void number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      nonFinite(Double.toString(d));
      return;
    }
    out.ascii(Double.toString(d));
  }

  private void number(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      nonFinite(Float.toString(f));
      return;
    }
    out.ascii(
        Float.toString(f)); // the float's shortest digits, not the double's (0.1, not 0.100000001)
  }

  /** {@code NaN}, {@code Infinity} or {@code -Infinity} (Java's spelling is DuckDB's). */
  private void nonFinite(String token) {
    if (nonFinite != null) {
      throw new AvroReject(token + " " + nonFinite);
    }
    out.ascii(token);
  }

  private static void deeper(int depth) {
    if (depth > JsonScanner.MAX_DEPTH) {
      throw new AvroReject("nesting deeper than " + JsonScanner.MAX_DEPTH + " levels");
    }
  }
}
