package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import io.kafkaload.worker.validate.SchemaPlan.Member;
import io.kafkaload.worker.validate.SchemaPlan.Node;
import java.util.Arrays;

/**
 * Writes the output row once {@link RowReader} found where each field's value is: the schema's
 * objects and fields in schema order, each value checked against its type and normalised (strings,
 * booleans and json values here; numbers in {@link NumberValues}, dates and timestamps in {@link
 * TimeValues}), then its pattern and privacy ({@link PrivacyRules}); a required field missing or
 * null is a reason. Kept unknown members follow their object's fields. One instance per {@link
 * RowValidator}, sharing its buffers; not thread-safe.
 */
final class RowWriter {

  private final RowOut out;
  private final ValueText text;
  private final NumberValues numbers;
  private final TimeValues times;
  private final PrivacyRules privacy;
  private final KeptMembers kept; // null unless unknownFields: Keep

  // where RowReader found each leaf's value in the input (start -1: missing), its string flags
  private final int[] valueStart;
  private final int[] valueEnd;
  private final int[] valueFlags;

  RowWriter(RowOut out, ValueText text, PrivacyRules privacy, KeptMembers kept, RowReader reader) {
    this.out = out;
    this.text = text;
    this.numbers = new NumberValues(out, text);
    this.times = new TimeValues(out, text);
    this.privacy = privacy;
    this.kept = kept;
    this.valueStart = reader.valueStart;
    this.valueEnd = reader.valueEnd;
    this.valueFlags = reader.valueFlags;
  }

  /** Writes the row read from {@code b}: null when every value fits its field, else the reason. */
  String write(Node root, byte[] b) {
    out.put((byte) '{');
    String r = node(root, b);
    if (r != null) {
      return r;
    }
    out.put((byte) '}');
    return null;
  }

  private String node(Node node, byte[] b) {
    boolean first = true;
    for (Member m : node.kids) {
      if (!first) {
        out.put((byte) ',');
      }
      first = false;
      out.put(m.key);
      if (m instanceof Leaf f) {
        String r = leaf(f, b);
        if (r != null) {
          return r;
        }
      } else {
        out.put((byte) '{');
        String r = node((Node) m, b);
        if (r != null) {
          return r;
        }
        out.put((byte) '}');
      }
    }
    if (kept != null) {
      kept.write(node.id, b, out, first);
    }
    return null;
  }

  private String leaf(Leaf f, byte[] b) {
    int s = valueStart[f.id];
    if (s < 0 || b[s] == 'n') {
      if (f.required) {
        return f.prefix + (s < 0 ? "required but missing" : "required but null");
      }
      out.put(RowOut.NULL);
      return null;
    }
    int e = valueEnd[f.id];
    int fl = valueFlags[f.id];
    int p = out.len;
    String r =
        switch (f.kind) {
          case STRING -> string(f, b, s, e, fl);
          case LONG, INT -> numbers.integer(f, b, s, e, fl);
          case DOUBLE -> numbers.dbl(f, b, s, e, fl);
          case DECIMAL -> numbers.decimal(f, b, s, e, fl);
          case BOOLEAN -> bool(f, b, s, e, fl);
          case DATE -> times.date(f, b, s, e, fl);
          case TIMESTAMP -> times.timestamp(f, b, s, e, fl);
          case JSON -> json(f, b, s, e, fl);
        };
    if (r != null) {
      return r;
    }
    if (f.matcher != null) {
      r = privacy.match(f, b, s, e, fl, p);
      if (r != null) {
        return r;
      }
    }
    if (f.privacy != LoadSpec.Privacy.None) {
      privacy.apply(f, p);
    }
    return null;
  }

  private String string(Leaf f, byte[] b, int s, int e, int fl) {
    byte c = b[s];
    if (c == '"') {
      if ((fl & JsonScan.NUL) != 0) {
        return f.prefix + "contains a NUL character (\\u0000)";
      }
      out.put(b, s, e);
      return null;
    }
    if (c == '{' || c == '[') {
      return f.notA(b, s, e);
    }
    out.put((byte) '"'); // a number or true/false: its text
    out.put(b, s, e);
    out.put((byte) '"');
    return null;
  }

  private String bool(Leaf f, byte[] b, int s, int e, int fl) {
    byte c = b[s];
    if (c == 't' || c == 'f') {
      out.put(b, s, e);
      return null;
    }
    if (c == '"') {
      text.content(b, s, e, fl);
      if (Arrays.equals(text.bytes, text.from, text.to, RowOut.TRUE, 0, 4)) {
        out.put(RowOut.TRUE);
        return null;
      }
      if (Arrays.equals(text.bytes, text.from, text.to, RowOut.FALSE, 0, 5)) {
        out.put(RowOut.FALSE);
        return null;
      }
    }
    return f.notA(b, s, e);
  }

  private String json(Leaf f, byte[] b, int s, int e, int fl) {
    if ((fl & JsonScan.NUL) != 0) {
      return f.prefix + "contains a NUL character (\\u0000)";
    }
    if ((fl & JsonScan.NON_FINITE) != 0) {
      return f.prefix
          + "holds NaN or Infinity, which a json value cannot (JSON has no number for them);"
          + " declare the number as a double field";
    }
    if (b[s] == '{' || b[s] == '[') {
      String twice = JsonNames.repeatedName(b, s, e);
      if (twice != null) {
        return f.prefix + twice;
      }
    }
    out.putCompact(b, s, e);
    return null;
  }
}
