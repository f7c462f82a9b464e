package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.UserRegex;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compiled form of {@code spec.schema}: a tree of object nodes and typed leaves, each with what
 * checking a value needs precomputed (name bytes, the JSON key to write, the regex matcher, the
 * formatter, the zone). Built once per {@link RowValidator}; every config problem is collected and
 * thrown at once.
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

  static final String TYPES =
      "string, long, int, double, decimal(p,s), boolean, date, timestamp, json";

  static final String SPEC = "spec.schema.fields[";

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
    List<LoadSpec.Field> fields = schema.fieldsOrDefault();
    Map<String, Integer> byName = new HashMap<>();
    Map<String, Integer> byLowerName = new HashMap<>();
    List<byte[]> scripts = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      LoadSpec.Field f = fields.get(i);
      String at = SPEC + i + "]";
      if (f == null) {
        problems.add(at + ": is empty; give it at least a name");
        continue;
      }
      String name = f.name();
      if (name == null || name.isBlank()) {
        problems.add(
            at
                + ".name: is missing; give a top-level name or a dotted path like user.address.city");
        continue;
      }
      boolean nameOk = true;
      for (String part : name.split("\\.", -1)) {
        if (part.isEmpty()) {
          problems.add(
              at
                  + ".name: \""
                  + name
                  + "\" has an empty part; write a dotted path like user.address.city");
          nameOk = false;
          break;
        }
      }
      Integer before = byName.putIfAbsent(name, i);
      if (before == null) {
        before = byLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
      }
      if (before != null) {
        problems.add(
            at
                + ".name: \""
                + name
                + "\" is already spec.schema.fields["
                + before
                + "] (column names ignore case); name each field once");
        nameOk = false;
      } else {
        byLowerName.put(name.toLowerCase(Locale.ROOT), i);
      }
      Leaf leaf = new Leaf();
      leaf.path = name;
      leaf.prefix = "field " + name + ": ";
      boolean typed = parseType(f.type(), leaf, at, problems);
      if (f.script() != null) {
        checkScript(f, at, name, problems);
        if (nameOk && !name.contains(".")) {
          scripts.add(name.getBytes(StandardCharsets.UTF_8));
        }
        computed.add(
            new RowValidator.Computed(
                name, f.script(), f.type() != null && typed ? leaf.duckDbType() : null));
        continue;
      }
      leaf.required = f.requiredOrDefault();
      if (f.pattern() != null) {
        String problem = UserRegex.problem(f.pattern());
        if (problem != null) {
          problems.add(at + ".pattern: " + problem);
        } else {
          leaf.pattern = com.google.re2j.Pattern.compile(f.pattern());
          leaf.matcher = leaf.pattern.matcher("");
        }
      }
      boolean temporal = leaf.kind == Kind.DATE || leaf.kind == Kind.TIMESTAMP;
      if (f.timeZone() != null) {
        if (typed && !temporal) {
          problems.add(
              at
                  + ".timeZone: only date and timestamp fields take a timeZone; remove it or"
                  + " set type: timestamp");
        } else {
          try {
            leaf.zone = ZoneId.of(f.timeZone());
          } catch (DateTimeException e) {
            problems.add(
                at
                    + ".timeZone: unknown zone \""
                    + f.timeZone()
                    + "\"; use an IANA name like Europe/Paris, or UTC");
          }
        }
      }
      leaf.fixedOffset =
          leaf.zone.getRules().isFixedOffset()
              ? leaf.zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds()
              : Integer.MIN_VALUE;
      if (f.format() != null) {
        if (typed && !temporal) {
          problems.add(
              at
                  + ".format: only date and timestamp fields take a format; remove it or set"
                  + " type: date or timestamp");
        } else if (typed) {
          parseFormat(f.format(), leaf, at, problems);
        }
      }
      leaf.privacy = f.privacyOrDefault();
      leaf.keepLast = f.maskKeepLastOrDefault();
      if (leaf.keepLast < 0) {
        problems.add(at + ".maskKeepLast: " + leaf.keepLast + " is negative; use 0 or more");
      } else if (f.maskKeepLast() != null && leaf.privacy != LoadSpec.Privacy.Mask) {
        problems.add(
            at + ".maskKeepLast: applies to privacy Mask only; set privacy: Mask or remove it");
      }
      if (nameOk) {
        leaf.id = leaves.size();
        leaves.add(leaf);
      }
    }
    scriptNames = scripts.toArray(new byte[0][]);
    checkPrefixes(fields, byName, problems);
    checkParentCase(fields, problems);
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

  private static boolean parseType(String type, Leaf leaf, String at, List<String> problems) {
    if (type == null) {
      leaf.kind = Kind.STRING;
      leaf.typeText = "a string";
      return true;
    }
    String t = type.strip().toLowerCase(Locale.ROOT);
    switch (t) {
      case "string" -> leaf.kind = Kind.STRING;
      case "long" -> leaf.kind = Kind.LONG;
      case "int" -> leaf.kind = Kind.INT;
      case "double" -> leaf.kind = Kind.DOUBLE;
      case "boolean" -> leaf.kind = Kind.BOOLEAN;
      case "date" -> leaf.kind = Kind.DATE;
      case "timestamp" -> leaf.kind = Kind.TIMESTAMP;
      case "json" -> leaf.kind = Kind.JSON;
      default -> {
        Matcher m =
            Pattern.compile("decimal\\s*\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)").matcher(t);
        if (m.matches()) {
          int p = Integer.parseInt(m.group(1));
          int s = Integer.parseInt(m.group(2));
          if (p < 1 || p > 38 || s > p) {
            problems.add(
                at
                    + ".type: \""
                    + type
                    + "\": the precision must be 1 to 38 and the scale 0 to the precision,"
                    + " e.g. decimal(18,2)");
            return false;
          }
          leaf.kind = Kind.DECIMAL;
          leaf.precision = p;
          leaf.scale = s;
          leaf.typeText = "a decimal(" + p + "," + s + ")";
          return true;
        }
        if (t.startsWith("decimal")) {
          problems.add(
              at + ".type: \"" + type + "\" is not decimal(p,s); write e.g. decimal(18,2)");
        } else {
          problems.add(at + ".type: unknown type \"" + type + "\"; use one of " + TYPES);
        }
        return false;
      }
    }
    leaf.typeText = (t.equals("int") ? "an " : "a ") + t;
    return true;
  }

  private static void parseFormat(String format, Leaf leaf, String at, List<String> problems) {
    leaf.formatText = format;
    if (format.equals("epochMillis")) {
      leaf.timeFormat = TimeFormat.EPOCH_MILLIS;
      return;
    }
    if (format.equals("epochSeconds")) {
      leaf.timeFormat = TimeFormat.EPOCH_SECONDS;
      return;
    }
    String fix =
        "; use a java.time pattern like dd/MM/yyyy HH:mm, or epochMillis or epochSeconds (no"
            + " format: ISO-8601)";
    DateTimeFormatter f;
    try {
      f =
          new DateTimeFormatterBuilder()
              .appendPattern(format)
              .parseDefaulting(ChronoField.ERA, 1)
              .toFormatter(Locale.ROOT)
              .withResolverStyle(ResolverStyle.STRICT);
    } catch (IllegalArgumentException e) {
      problems.add(
          at
              + ".format: \""
              + format
              + "\" is not a date-time pattern ("
              + e.getMessage()
              + ")"
              + fix);
      return;
    }
    // The pattern must write and read back what the type holds.
    ZonedDateTime sample = ZonedDateTime.of(2026, 11, 25, 10, 30, 45, 123_456_000, leaf.zone);
    try {
      if (leaf.kind == Kind.DATE) {
        String text = f.format(LocalDate.of(2026, 11, 25));
        LocalDate back = f.parse(text).query(TemporalQueries.localDate());
        if (back == null) {
          throw new DateTimeException("it does not hold a year, a month and a day");
        }
      } else {
        String text = f.format(sample);
        TemporalAccessor back = f.parse(text);
        if (back.query(TemporalQueries.localDate()) == null) {
          throw new DateTimeException("it does not hold a year, a month and a day");
        }
        if (back.query(TemporalQueries.localTime()) == null
            && !text.equals(f.format(sample.toLocalDate().atStartOfDay(leaf.zone)))) {
          throw new DateTimeException(
              "its time of day cannot be read back (hh needs a; use HH for 0-23)");
        }
      }
    } catch (DateTimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      problems.add(
          at
              + ".format: \""
              + format
              + "\" cannot read a "
              + (leaf.kind == Kind.DATE ? "date" : "timestamp")
              + ": "
              + why.lines().findFirst().orElse("")
              + (leaf.kind == Kind.DATE
                  ? " (a date format holds only date fields; for a time of day use type timestamp)"
                  : "")
              + fix);
      return;
    }
    leaf.timeFormat = TimeFormat.PATTERN;
    leaf.formatter = f;
  }

  private static void checkScript(LoadSpec.Field f, String at, String name, List<String> p) {
    if (f.script().isBlank()) {
      p.add(at + ".script: is empty; give a SQL expression like amount * 0.92, or remove it");
    }
    if (name.contains(".")) {
      p.add(
          at
              + ".name: \""
              + name
              + "\" is a script field, which is a top-level column; use a name without dots");
    }
    String fix = " is not allowed on a script field (it is computed, not read); remove it";
    if (f.required() != null) {
      p.add(at + ".required:" + fix);
    }
    if (f.pattern() != null) {
      p.add(at + ".pattern:" + fix);
    }
    if (f.privacy() != null) {
      p.add(at + ".privacy:" + fix);
    }
    if (f.format() != null) {
      p.add(at + ".format:" + fix);
    }
    if (f.timeZone() != null) {
      p.add(at + ".timeZone:" + fix);
    }
    if (f.maskKeepLast() != null) {
      p.add(at + ".maskKeepLast:" + fix);
    }
  }

  /** A name that is both a field and the parent of another field ("user" and "user.id"). */
  private static void checkPrefixes(
      List<LoadSpec.Field> fields, Map<String, Integer> byName, List<String> problems) {
    for (int i = 0; i < fields.size(); i++) {
      LoadSpec.Field f = fields.get(i);
      if (f == null || f.name() == null) {
        continue;
      }
      String name = f.name();
      int dot = name.indexOf('.');
      while (dot > 0) {
        Integer parent = byName.get(name.substring(0, dot));
        if (parent != null) {
          problems.add(
              SPEC
                  + i
                  + "].name: \""
                  + name
                  + "\" is inside \""
                  + name.substring(0, dot)
                  + "\", which spec.schema.fields["
                  + parent
                  + "] declares as a value; a name is either a field or a parent object:"
                  + " rename one of them");
          break;
        }
        dot = name.indexOf('.', dot + 1);
      }
    }
  }

  /** "User.id" and "user.name" would make two columns DuckDB cannot tell apart. */
  private static void checkParentCase(List<LoadSpec.Field> fields, List<String> problems) {
    Map<String, String> parents = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      LoadSpec.Field f = fields.get(i);
      if (f == null || f.name() == null) {
        continue;
      }
      String name = f.name();
      int dot = name.indexOf('.');
      while (dot > 0) {
        String parent = name.substring(0, dot);
        String other = parents.putIfAbsent(parent.toLowerCase(Locale.ROOT), parent);
        if (other != null && !other.equals(parent)) {
          problems.add(
              SPEC
                  + i
                  + "].name: \""
                  + name
                  + "\" is inside \""
                  + parent
                  + "\" but another field is inside \""
                  + other
                  + "\" (column names ignore case); spell the parent the same way");
          break;
        }
        dot = name.indexOf('.', dot + 1);
      }
    }
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
