package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import io.kafkaload.worker.validate.SchemaPlan.Node;
import java.util.Arrays;

/**
 * Reads a row's bytes as one JSON object against the schema's tree: where each field's value is
 * ({@link #valueStart}, {@link #valueEnd}, {@link #valueFlags}, for {@link RowWriter}), every other
 * value checked and skipped, and unknown members refused, dropped or kept ({@link KeptMembers}) as
 * {@code unknownFields} says. Recursion follows only the schema's own nesting, never the input's
 * ({@link JsonScan#value} skips values without it). One instance per {@link RowValidator}; not
 * thread-safe.
 */
final class RowReader {

  private final SchemaPlan plan;
  private final JsonScan scan;
  private final ValueText text;
  private final boolean reject;
  private final KeptMembers kept; // null unless unknownFields: Keep

  // Per row: where each leaf's value is in the input (start -1: missing), its string flags, and
  // which objects of the schema were met
  final int[] valueStart;
  final int[] valueEnd;
  final int[] valueFlags;
  private final boolean[] nodeSeen;

  // The member name just read: its content nameBytes[nameFrom, nameTo) (the input, or the
  // scratch buffer when unescaped)
  private byte[] nameBytes;
  private int nameFrom;
  private int nameTo;

  private String reason;

  RowReader(SchemaPlan plan, ValueText text, KeptMembers kept) {
    this.plan = plan;
    this.scan = text.scan;
    this.text = text;
    this.reject = plan.unknown == LoadSpec.UnknownFields.Reject;
    this.kept = kept;
    int n = plan.leaves.size();
    valueStart = new int[n];
    valueEnd = new int[n];
    valueFlags = new int[n];
    nodeSeen = new boolean[plan.nodes.size()];
  }

  /**
   * Reads the row {@code v}: null when it is one JSON object whose members fit, else the reason.
   */
  String read(byte[] v) {
    if (v == null) {
      return "null value (tombstone)";
    }
    reason = null;
    Arrays.fill(valueStart, -1);
    Arrays.fill(nodeSeen, false);
    int n = v.length;
    int i = JsonScan.ws(v, 0, n);
    if (i >= n) {
      return n == 0 ? "empty value" : "blank value (only whitespace)";
    }
    if (v[i] != '{') {
      return "not a JSON object (starts with " + Texts.excerpt(v, i, Math.min(n, i + 1)) + ")";
    }
    i = object(plan.root, v, i, n, 1);
    if (i < 0) {
      return reason;
    }
    i = JsonScan.ws(v, i, n);
    if (i != n) {
      return "invalid JSON at byte " + i + ": trailing bytes after the object";
    }
    return null;
  }

  private int syntax(int pos, String what) {
    reason = "invalid JSON at byte " + pos + ": " + what;
    return -1;
  }

  private int scanFailed() {
    return syntax(scan.errorPos, scan.errorWhat);
  }

  private int fail(String why) {
    reason = why;
    return -1;
  }

  /** Reads one whole value with at most {@code maxDepth} levels of containers inside it. */
  private int skipValue(byte[] b, int i, int n, int maxDepth) {
    scan.maxDepth = maxDepth;
    try {
      return scan.value(b, i, n);
    } finally {
      scan.maxDepth = Integer.MAX_VALUE;
    }
  }

  /**
   * Reads the object at {@code b[i] == '{'} whose members {@code node} describes, at {@code depth}
   * (1: the row's); returns the index after it, or -1 with {@link #reason} set.
   */
  private int object(Node node, byte[] b, int i, int n, int depth) {
    // a member's value opens its containers from depth + 1 on
    int valueDepth = JsonScan.MAX_ROW_DEPTH - depth;
    i = JsonScan.ws(b, i + 1, n);
    if (i < n && b[i] == '}') {
      return i + 1;
    }
    int hint = 0;
    while (true) {
      if (i >= n || b[i] != '"') {
        return syntax(i, "expected a member name");
      }
      int nameStart = i;
      scan.flags = 0;
      int nameEnd = scan.string(b, i, n);
      if (nameEnd < 0) {
        return scanFailed();
      }
      int nameFlags = scan.flags;
      name(b, nameStart, nameEnd, nameFlags);
      int k = node.find(nameBytes, nameFrom, nameTo - nameFrom, hint);
      int vi = JsonScan.ws(b, nameEnd, n);
      if (vi >= n || b[vi] != ':') {
        return syntax(vi, "expected ':'");
      }
      vi = JsonScan.ws(b, vi + 1, n);
      int end;
      if (k < 0) {
        end = unknown(node, b, nameStart, nameEnd, nameFlags, vi, n, valueDepth);
      } else {
        hint = k + 1;
        end =
            node.kids[k] instanceof Leaf f
                ? field(f, b, vi, n, depth, valueDepth)
                : inner((Node) node.kids[k], b, vi, n, depth, valueDepth);
      }
      if (end < 0) {
        return -1;
      }
      i = JsonScan.ws(b, end, n);
      if (i >= n) {
        return syntax(n, "truncated JSON");
      }
      if (b[i] == ',') {
        i = JsonScan.ws(b, i + 1, n);
        continue;
      }
      if (b[i] == '}') {
        return i + 1;
      }
      return syntax(i, "expected ',' or '}'");
    }
  }

  /** Points {@link #nameBytes} at the content of the member name {@code b[start, end)}. */
  private void name(byte[] b, int start, int end, int flags) {
    nameFrom = start + 1;
    nameTo = end - 1;
    nameBytes = b;
    if ((flags & JsonScan.ESCAPED) != 0) {
      text.ensureTmp(nameTo - nameFrom);
      nameTo = JsonText.unescape(b, nameFrom, nameTo, text.tmp);
      nameFrom = 0;
      nameBytes = text.tmp;
    }
  }

  /** The value of field {@code f} at {@code vi}: checked as JSON and noted for the writer. */
  private int field(Leaf f, byte[] b, int vi, int n, int depth, int valueDepth) {
    if (valueStart[f.id] >= 0) {
      return fail(f.prefix + "appears twice");
    }
    scan.flags = 0;
    int end = skipValue(b, vi, n, valueDepth);
    if (end < 0) {
      return scanFailed();
    }
    if (f.kind == Kind.JSON && scan.deepest > InferableRow.MAX_DEPTH - depth) {
      // DuckDB's JSON holds 128 levels: a deeper value made the whole chunk one json column
      return fail(
          f.prefix
              + "nested deeper than "
              + InferableRow.MAX_DEPTH
              + " levels (counting the row's object), the most a json column holds");
    }
    valueStart[f.id] = vi;
    valueEnd[f.id] = end;
    valueFlags[f.id] = scan.flags;
    return end;
  }

  /** The value of the schema's object {@code child} at {@code vi}: an object, or null. */
  private int inner(Node child, byte[] b, int vi, int n, int depth, int valueDepth) {
    if (nodeSeen[child.id]) {
      return fail("field " + child.path + ": appears twice");
    }
    nodeSeen[child.id] = true;
    if (vi < n && b[vi] == '{') {
      return object(child, b, vi, n, depth + 1);
    }
    int end = skipValue(b, vi, n, valueDepth);
    if (end < 0) {
      return scanFailed();
    }
    if (b[vi] != 'n') {
      return fail(
          "field "
              + child.path
              + ": "
              + Texts.excerpt(b, vi, end)
              + " is not an object (the schema has fields inside it)");
    }
    return end;
  }

  /**
   * A member of {@code node} the schema does not name (its name in {@link #nameBytes}): a script
   * field's input is dropped (the column is computed); else refused, dropped or kept.
   */
  private int unknown(
      Node node, byte[] b, int nameStart, int nameEnd, int nameFlags, int vi, int n, int depth) {
    if (node == plan.root && isScript()) {
      int end = skipValue(b, vi, n, depth); // computed later: the input's member is dropped
      return end < 0 ? scanFailed() : end;
    }
    if (reject) {
      return fail("field " + path(node) + ": not in the schema (unknownFields: Reject)");
    }
    scan.flags = nameFlags;
    int end = skipValue(b, vi, n, depth);
    if (end < 0) {
      return scanFailed();
    }
    if (kept == null) {
      return end;
    }
    if ((scan.flags & JsonScan.NUL) != 0) {
      return fail("field " + path(node) + ": contains a NUL character (\\u0000)");
    }
    String field = kept.fieldDifferingInCase(node, nameBytes, nameFrom, nameTo);
    if (field != null) {
      return fail(
          "member name at byte "
              + nameStart
              + " is not in the schema but differs only in case from field "
              + field
              + " (column names ignore case: unknownFields Keep cannot keep it beside the"
              + " field); spell it as the schema does, or declare it");
    }
    kept.add(node.id, nameStart, nameEnd, vi, end);
    return end;
  }

  private boolean isScript() {
    for (byte[] s : plan.scriptNames) {
      if (Arrays.equals(s, 0, s.length, nameBytes, nameFrom, nameTo)) {
        return true;
      }
    }
    return false;
  }

  /** The dotted path of the member name just read, inside {@code node}. */
  private String path(Node node) {
    String name = Texts.excerpt(nameBytes, nameFrom, nameTo);
    return node.path.isEmpty() ? name : node.path + "." + name;
  }
}
