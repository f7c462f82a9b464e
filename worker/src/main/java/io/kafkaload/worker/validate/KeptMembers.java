package io.kafkaload.worker.validate;

import io.kafkaload.worker.validate.SchemaPlan.Member;
import io.kafkaload.worker.validate.SchemaPlan.Node;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The members a row keeps beyond its schema under {@code unknownFields: Keep}: where each is in the
 * input (found by {@link RowReader}, written by {@link RowWriter} after the object's fields), and,
 * once {@link #obeyInferredRules} turned them on, the rules of a load without a schema over them
 * ({@link InferableRow}, run on a document of only the kept members) and the refusal of a kept name
 * equal ignoring case to a schema field of its object. One instance per {@link RowValidator}; not
 * thread-safe.
 */
final class KeptMembers {

  private static final Pattern BYTE = Pattern.compile("at byte (\\d+)");

  private final SchemaPlan plan;

  // Per kept member, 5 ints: node id, name start, name end, value start, value end.
  private int[] kept = new int[40];
  private int count; // ints used in kept

  // With the inferred rules on: those rules, and per node the schema's names in lower case (to the
  // field's path) that a kept name may not equal ignoring case
  private InferableRow rules;
  private Map<String, String>[] schemaNames;

  // The document of only the kept members (their bytes copied from the input, so offsets map back)
  private byte[] doc = new byte[256];
  private int docLength;
  private int[] docAt = new int[16]; // per kept member: offset in doc, offset in the input

  KeptMembers(SchemaPlan plan) {
    this.plan = plan;
  }

  /** See {@link RowValidator#checkingKeptMembers}. */
  @SuppressWarnings("unchecked")
  void obeyInferredRules(List<String> metadataColumns) {
    rules = new InferableRow(metadataColumns, true);
    schemaNames = new Map[plan.nodes.size()];
    for (Node node : plan.nodes) {
      Map<String, String> names = new HashMap<>();
      for (Member m : node.kids) {
        names.put(lower(m.name, 0, m.name.length), m.path);
      }
      if (node == plan.root) {
        for (byte[] script : plan.scriptNames) {
          names.put(lower(script, 0, script.length), new String(script, StandardCharsets.UTF_8));
        }
      }
      schemaNames[node.id] = names;
    }
  }

  private static String lower(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  /** Starts a row: none kept; a document buffer grown past {@link RowOut#KEEP_BYTES} is let go. */
  void reset() {
    count = 0;
    if (doc.length > RowOut.KEEP_BYTES) {
      doc = new byte[256];
    }
  }

  /**
   * The path of the schema field of object {@code node} whose name equals the member name {@code
   * kb[cs, ce)} ignoring case, when the inferred rules are on; else null.
   */
  String fieldDifferingInCase(Node node, byte[] kb, int cs, int ce) {
    return schemaNames == null ? null : schemaNames[node.id].get(lower(kb, cs, ce));
  }

  /** Keeps the member {@code "name" : value} at those input offsets, inside object {@code node}. */
  void add(int node, int nameStart, int nameEnd, int valueStart, int valueEnd) {
    if (count + 5 > kept.length) {
      kept = Arrays.copyOf(kept, kept.length * 2);
    }
    kept[count++] = node;
    kept[count++] = nameStart;
    kept[count++] = nameEnd;
    kept[count++] = valueStart;
    kept[count++] = valueEnd;
  }

  /** Writes the kept members of {@code node}, each after a comma unless it comes {@code first}. */
  void write(int node, byte[] b, RowOut out, boolean first) {
    for (int k = 0; k < count; k += 5) {
      if (kept[k] == node) {
        if (!first) {
          out.put((byte) ',');
        }
        first = false;
        out.put(b, kept[k + 1], kept[k + 2]);
        out.put((byte) ':');
        out.putCompact(b, kept[k + 3], kept[k + 4]);
      }
    }
  }

  /**
   * The rules of a load without a schema over the kept members of the row {@code b}: null when they
   * are fine (or off, or none kept), else the reason, its byte offset mapped back to the input's.
   */
  String check(byte[] b) {
    if (rules == null || count == 0) {
      return null;
    }
    docLength = 0;
    docNode(plan.root, b, true);
    String reason = rules.check(doc, 0, docLength);
    if (reason == null) {
      return null;
    }
    Matcher m = BYTE.matcher(reason);
    if (!m.find()) {
      return reason;
    }
    long at = Long.parseLong(m.group(1));
    for (int k = 0; k < count; k += 5) {
      int docStart = docAt[k / 5 * 2];
      if (at >= docStart && at < docStart + kept[k + 4] - kept[k + 1]) {
        long input = at - docStart + docAt[k / 5 * 2 + 1];
        return reason.substring(0, m.start(1)) + input + reason.substring(m.end(1));
      }
    }
    return reason;
  }

  /**
   * Writes the kept members of {@code node} and of the objects inside it, nested in the schema's
   * objects they were found in; false when none.
   */
  private boolean docNode(Node node, byte[] b, boolean root) {
    int mark = docLength;
    boolean any = false;
    docPut((byte) '{');
    for (Member m : node.kids) {
      if (m instanceof Node child) {
        int before = docLength;
        if (any) {
          docPut((byte) ',');
        }
        docPut(m.key, 0, m.key.length);
        if (docNode(child, b, false)) {
          any = true;
        } else {
          docLength = before;
        }
      }
    }
    for (int k = 0; k < count; k += 5) {
      if (kept[k] == node.id) {
        if (any) {
          docPut((byte) ',');
        }
        int member = k / 5 * 2;
        if (member + 1 >= docAt.length) {
          docAt = Arrays.copyOf(docAt, Math.max(docAt.length * 2, member + 2));
        }
        docAt[member] = docLength;
        docAt[member + 1] = kept[k + 1];
        docPut(b, kept[k + 1], kept[k + 4]); // "name" : value, as in the input
        any = true;
      }
    }
    docPut((byte) '}');
    if (!any && !root) {
      docLength = mark;
    }
    return any;
  }

  private void docPut(byte c) {
    if (docLength == doc.length) {
      doc = Arrays.copyOf(doc, doc.length * 2);
    }
    doc[docLength++] = c;
  }

  private void docPut(byte[] src, int from, int to) {
    int n = to - from;
    if (docLength + n > doc.length) {
      doc = Arrays.copyOf(doc, Math.max(doc.length * 2, docLength + n));
    }
    System.arraycopy(src, from, doc, docLength, n);
    docLength += n;
  }
}
