package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The compiled form of {@code spec.schema}: a tree of object nodes and typed leaves, each with what
 * checking a value needs precomputed (name bytes, the JSON key to write, the regex matcher, the
 * formatter, the zone), and the lookup of a member name among a node's kids ({@link Node#find}).
 * Built once per {@link RowValidator}: {@link FieldCompiler} reads the fields into leaves, this
 * places them in the tree; every config problem is collected and thrown at once.
 */
final class SchemaPlan {

  enum Kind {
    STRING("VARCHAR"),
    LONG("BIGINT"),
    INT("INTEGER"),
    DOUBLE("DOUBLE"),
    DECIMAL("DECIMAL"),
    BOOLEAN("BOOLEAN"),
    DATE("DATE"),
    TIMESTAMP("TIMESTAMPTZ"),
    JSON("JSON");

    final String duckDb;

    Kind(String duckDb) {
      this.duckDb = duckDb;
    }
  }

  /** How a date or timestamp is written in the input. */
  enum TimeFormat {
    ISO,
    PATTERN,
    EPOCH_MILLIS,
    EPOCH_SECONDS
  }

  /** A member of an object node: a leaf or a nested node. */
  abstract static class Member {
    /** The dotted path from the top ("user.address"). */
    String path;

    /** The last segment's UTF-8 bytes, as the input's member name must be. */
    byte[] name;

    /** {@code "name":} as written in output rows. */
    byte[] key;
  }

  static final class Leaf extends Member {
    int id;
    Kind kind;
    int precision;
    int scale;
    boolean required;
    com.google.re2j.Pattern pattern;
    com.google.re2j.Matcher matcher;
    TimeFormat timeFormat = TimeFormat.ISO;
    String formatText;
    DateTimeFormatter formatter;
    ZoneId zone = ZoneId.of("UTC");

    /** The zone's offset in seconds when it never changes, else Integer.MIN_VALUE. */
    int fixedOffset;

    LoadSpec.Privacy privacy = LoadSpec.Privacy.None;
    int keepLast;

    /** "field user.id: " */
    String prefix;

    /** The type as the reasons name it, with its article: "a long", "an int". */
    String typeText;

    /** The reason for a value {@code b[s, e)} that is not of this field's type. */
    String notA(byte[] b, int s, int e) {
      return prefix + Texts.excerpt(b, s, e) + " is not " + typeText;
    }

    String duckDbType() {
      return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.duckDb;
    }
  }

  static final class Node extends Member {
    int id;
    final List<Member> members = new ArrayList<>();
    Member[] kids;
    byte[][] kidNames;

    /** For a name of n bytes, the indexes of the kids with names of that length. */
    int[][] kidsByLength;

    /**
     * The index of the kid named {@code kb[cs, cs + length)}, else -1. Rows mostly hold the members
     * in schema order: {@code hint} (the kid after the last one found) is tried first.
     */
    int find(byte[] kb, int cs, int length, int hint) {
      byte[][] names = kidNames;
      if (hint < names.length && sameName(names[hint], length, kb, cs)) {
        return hint;
      }
      if (length < kidsByLength.length) {
        for (int j : kidsByLength[length]) {
          if (sameName(names[j], length, kb, cs)) {
            return j;
          }
        }
      }
      return -1;
    }

    private static boolean sameName(byte[] name, int length, byte[] kb, int cs) {
      if (name.length != length) {
        return false;
      }
      for (int k = 0; k < length; k++) {
        if (name[k] != kb[cs + k]) {
          return false;
        }
      }
      return true;
    }
  }

  final LoadSpec.UnknownFields unknown;
  final Node root = new Node();
  final List<Leaf> leaves = new ArrayList<>();
  final List<Node> nodes = new ArrayList<>();
  final byte[][] scriptNames;
  final LinkedHashMap<String, String> columns = new LinkedHashMap<>();
  final List<RowValidator.Computed> computed = new ArrayList<>();

  private SchemaPlan(LoadSpec.Schema schema, List<String> problems) {
    unknown = schema.unknownFieldsOrDefault();
    root.path = "";
    nodes.add(root);
    FieldCompiler fields = new FieldCompiler(problems);
    fields.compile(schema.fieldsOrDefault());
    leaves.addAll(fields.leaves);
    computed.addAll(fields.computed);
    scriptNames = fields.scriptNames.toArray(new byte[0][]);
    if (!problems.isEmpty()) {
      return;
    }
    for (Leaf leaf : leaves) {
      place(leaf);
    }
    freeze(root);
    if (leaves.isEmpty() && unknown == LoadSpec.UnknownFields.Ignore) {
      problems.add(
          "spec.schema.fields: no field to keep: with unknownFields Ignore every row would be"
              + " empty; add fields, or set unknownFields: Keep");
    }
    for (Member m : root.members) {
      columns.put(lastSegment(m.path), typeOf(m));
    }
  }

  /** What is wrong with {@code schema}, each problem naming its field; empty when it compiles. */
  static List<String> problems(LoadSpec.Schema schema) {
    List<String> problems = new ArrayList<>();
    new SchemaPlan(schema, problems);
    return problems;
  }

  static SchemaPlan compile(LoadSpec.Schema schema) {
    List<String> problems = new ArrayList<>();
    if (schema == null) {
      throw new ConfigException(
          "spec.schema: is missing; give fields, or do not validate rows without a schema");
    }
    SchemaPlan plan = new SchemaPlan(schema, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    return plan;
  }

  private void place(Leaf leaf) {
    String[] parts = leaf.path.split("\\.");
    Node node = root;
    for (int k = 0; k < parts.length - 1; k++) {
      Node next = null;
      for (Member m : node.members) {
        if (m instanceof Node n && lastSegment(n.path).equals(parts[k])) {
          next = n;
          break;
        }
      }
      if (next == null) {
        next = new Node();
        next.path = node == root ? parts[k] : node.path + "." + parts[k];
        name(next, parts[k]);
        next.id = nodes.size();
        nodes.add(next);
        node.members.add(next);
      }
      node = next;
    }
    name(leaf, parts[parts.length - 1]);
    node.members.add(leaf);
  }

  private static void name(Member m, String segment) {
    m.name = segment.getBytes(StandardCharsets.UTF_8);
    m.key = (Texts.jsonString(segment) + ":").getBytes(StandardCharsets.UTF_8);
  }

  private static void freeze(Node node) {
    node.kids = node.members.toArray(new Member[0]);
    node.kidNames = new byte[node.kids.length][];
    int longest = 0;
    for (int k = 0; k < node.kids.length; k++) {
      node.kidNames[k] = node.kids[k].name;
      longest = Math.max(longest, node.kidNames[k].length);
      if (node.kids[k] instanceof Node n) {
        freeze(n);
      }
    }
    node.kidsByLength = new int[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      int count = 0;
      for (byte[] name : node.kidNames) {
        count += name.length == length ? 1 : 0;
      }
      int[] these = new int[count];
      count = 0;
      for (int k = 0; k < node.kidNames.length; k++) {
        if (node.kidNames[k].length == length) {
          these[count++] = k;
        }
      }
      node.kidsByLength[length] = these;
    }
  }

  static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static String typeOf(Member m) {
    if (m instanceof Leaf leaf) {
      LoadSpec.Privacy p = leaf.privacy;
      return p == LoadSpec.Privacy.None || p == LoadSpec.Privacy.Hide
          ? leaf.duckDbType()
          : "VARCHAR";
    }
    Node node = (Node) m;
    StringBuilder sb = new StringBuilder("STRUCT(");
    for (int k = 0; k < node.members.size(); k++) {
      Member kid = node.members.get(k);
      if (k > 0) {
        sb.append(", ");
      }
      sb.append('"').append(lastSegment(kid.path).replace("\"", "\"\"")).append("\" ");
      sb.append(typeOf(kid));
    }
    return sb.append(')').toString();
  }
}
