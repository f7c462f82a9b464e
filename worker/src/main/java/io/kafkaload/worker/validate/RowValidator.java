package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import io.kafkaload.worker.validate.SchemaPlan.Member;
import io.kafkaload.worker.validate.SchemaPlan.Node;
import io.kafkaload.worker.validate.SchemaPlan.TimeFormat;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The validate stage: checks one decoded row (the UTF-8 bytes of one JSON object) against {@code
 * spec.schema} and writes the row the next stages get: the schema's fields with normalised values
 * (plus unknown members under {@code unknownFields: Keep}), privacy rules applied. The rules are in
 * docs/validation.md.
 *
 * <p>It works on the bytes with a hand-written, non-recursive scanner (recursion only follows the
 * schema's own nesting, never the input's) and reused buffers: an accepted row allocates only the
 * array {@link #row()} returns, unless a field has a regex, a java.time pattern, a zone with
 * daylight saving or a Initials rule. Stack use is constant whatever the input; memory is bounded
 * by a small multiple of the input's size.
 *
 * <p>Not thread-safe: one instance per consumer thread ({@link #of} is cheap).
 */
public final class RowValidator {

  /** A script (computed) column of the schema, in schema order. */
  public record Computed(String name, String sql, String duckDbType) {}

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Past this a buffer is dropped after the row, so one huge value does not pin memory. */
  private static final int KEEP_BYTES = 1 << 20;

  private final SchemaPlan plan;
  private final boolean reject;
  private final boolean keep;
  private final byte[] salt;
  private final MessageDigest md5;
  private final MessageDigest sha256;
  private final JsonScan scan = new JsonScan();
  private final TimeCodec time = new TimeCodec();
  private final AsciiView view = new AsciiView();
  private final byte[] digest = new byte[32];

  // Per row: where each leaf's value is in the input (start -1: missing), its string flags.
  private final int[] valueStart;
  private final int[] valueEnd;
  private final int[] valueFlags;
  private final boolean[] nodeSeen;

  // Unknown members kept (Keep): node id, name start, name end, value start, value end.
  private int[] kept = new int[40];
  private int keptCount;

  // Keep: the rules of a load without a schema for the kept members (InferableRow), over a document
  // of only them (kept[]: their bytes copied from the input, so offsets map back), and the
  // schema's names per object, lower-case, that a kept name may not equal ignoring case
  private InferableRow keptRows;
  private java.util.Map<String, String>[] schemaNames;
  private byte[] keptDoc = new byte[256];
  private int keptDocLength;
  private int[] keptAt = new int[16]; // per kept member: offset in keptDoc, offset in the input

  private byte[] out = new byte[512];
  private int len;
  private boolean accepted;

  private byte[] tmp = new byte[256];

  // The text of the value being checked: bytes t[ts, te) (the input, or tmp when unescaped).
  private byte[] tb;
  private int ts;
  private int te;

  private boolean overflow;
  private String reason;

  private RowValidator(SchemaPlan plan, byte[] salt) {
    this.plan = plan;
    this.reject = plan.unknown == LoadSpec.UnknownFields.Reject;
    this.keep = plan.unknown == LoadSpec.UnknownFields.Keep;
    this.salt = salt == null ? null : salt.clone();
    boolean wantMd5 = false;
    boolean wantSha = false;
    for (Leaf f : plan.leaves) {
      wantMd5 |= f.privacy == LoadSpec.Privacy.Md5;
      wantSha |= f.privacy == LoadSpec.Privacy.Sha256;
    }
    this.md5 = wantMd5 ? digest("MD5") : null;
    this.sha256 = wantSha ? digest("SHA-256") : null;
    int n = plan.leaves.size();
    valueStart = new int[n];
    valueEnd = new int[n];
    valueFlags = new int[n];
    nodeSeen = new boolean[plan.nodes.size()];
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new ConfigException("this JVM has no " + name + " digest", e);
    }
  }

  /**
   * What is wrong with {@code schema} (the problems {@link #of} would throw), each naming its field
   * and the fix; empty when it compiles. The config's validation ({@code SpecValidator}) lists them
   * with the spec's other problems, so a run refuses a bad schema before it connects to anything.
   */
  public static List<String> problems(LoadSpec.Schema schema) {
    return SchemaPlan.problems(schema);
  }

  /**
   * Builds a validator for {@code schema}; throws a {@link ConfigException} listing every problem,
   * each naming its field ({@code spec.schema.fields[2].type}) and the fix. {@code salt} (the bytes
   * of {@code schema.salt}'s Secret key) may be null: no salt.
   */
  public static RowValidator of(LoadSpec.Schema schema, byte[] salt) {
    return new RowValidator(SchemaPlan.compile(schema), salt);
  }

  /**
   * Like {@link #of(LoadSpec.Schema, byte[])}, for rows that may hold the bare tokens {@code NaN},
   * {@code Infinity} and {@code -Infinity} ({@code nonFinite}: rows decoded from Avro, whose {@code
   * float}/{@code double} values may be so): a {@code double} field writes them as they are, a
   * {@code string} field as their text, kept unknown members keep them, dropped ones are skipped; a
   * {@code json} field holding one is a reject (JSON has no form for them), as for any other type.
   */
  public static RowValidator of(LoadSpec.Schema schema, byte[] salt, boolean nonFinite) {
    RowValidator v = of(schema, salt);
    v.scan.nonFinite = nonFinite;
    return v;
  }

  /**
   * Under {@code unknownFields: Keep}, makes kept members obey the rules of a load without a schema
   * ({@link InferableRow}: names that are not empty, unique ignoring case and spelled as earlier
   * rows spelled them, not the name of a metadata column the load adds; one kind of value per place
   * across the load's rows; numbers its column types hold exactly), and refuses a kept name equal
   * ignoring case to a schema (or script) field of the same object: DuckDB's column names ignore
   * case, so either would make the chunk's columns untypable. Does nothing under other policies.
   *
   * @param metadataColumns the Kafka metadata columns the load adds to each row
   * @return this validator
   */
  @SuppressWarnings("unchecked")
  public RowValidator checkingKeptMembers(List<String> metadataColumns) {
    if (!keep) {
      return this;
    }
    keptRows = new InferableRow(metadataColumns, true);
    schemaNames = new java.util.Map[plan.nodes.size()];
    for (Node node : plan.nodes) {
      java.util.Map<String, String> names = new java.util.HashMap<>();
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
    return this;
  }

  private static String lower(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8)
        .toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Checks one row: null when it is accepted (then {@link #row()} gives the output row), else a
   * one-line reason such as {@code field amount: "12,3" is not a double}. Never throws, whatever
   * the bytes.
   */
  public String check(byte[] jsonObject) {
    accepted = false;
    String r;
    try {
      r = run(jsonObject);
      if (r == null && keptRows != null && keptCount > 0) {
        r = checkKept(jsonObject);
      }
    } catch (RuntimeException | StackOverflowError e) {
      // A bug must cost one record, not the consumer; the reason names no payload.
      r = "could not validate the row (" + e.getClass().getSimpleName() + ")";
    }
    accepted = r == null;
    return r;
  }

  /**
   * The output row of the last accepted {@link #check}: a new array of exactly its length. Throws
   * {@link IllegalStateException} when the last check rejected its row (or none ran).
   */
  public byte[] row() {
    if (!accepted) {
      throw new IllegalStateException("no accepted row: the last check rejected its row");
    }
    return Arrays.copyOf(out, len);
  }

  /**
   * The buffer holding the last accepted row in {@code [0, rowLength())}, without a copy; valid
   * until the next {@link #check}.
   */
  public byte[] rowBuffer() {
    if (!accepted) {
      throw new IllegalStateException("no accepted row: the last check rejected its row");
    }
    return out;
  }

  /** The length of the last accepted row in {@link #rowBuffer()}. */
  public int rowLength() {
    return accepted ? len : 0;
  }

  /**
   * The top-level columns of output rows in schema order, name to DuckDB type (for read_json's
   * {@code columns}); nested fields make a {@code STRUCT("id" BIGINT, ...)}. Script fields are not
   * in it. A privacy rule other than None and Hide makes the column VARCHAR. A new map each call.
   */
  public LinkedHashMap<String, String> columns() {
    return new LinkedHashMap<>(plan.columns);
  }

  /** The script (computed) columns in schema order. */
  public List<Computed> computed() {
    return List.copyOf(plan.computed);
  }

  /** True under {@code unknownFields: Keep}: rows may hold columns beyond {@link #columns()}. */
  public boolean keepsUnknown() {
    return keep;
  }

  // ---------------------------------------------------------------- reading the object

  private String run(byte[] v) {
    if (v == null) {
      return "null value (tombstone)";
    }
    if (out.length > KEEP_BYTES) {
      out = new byte[512];
    }
    if (tmp.length > KEEP_BYTES) {
      tmp = new byte[256];
    }
    if (keptDoc.length > KEEP_BYTES) {
      keptDoc = new byte[256];
    }
    len = 0;
    keptCount = 0;
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
    i = parseObject(plan.root, v, i, n, 1);
    if (i < 0) {
      return reason;
    }
    i = JsonScan.ws(v, i, n);
    if (i != n) {
      return "invalid JSON at byte " + i + ": trailing bytes after the object";
    }
    put((byte) '{');
    String r = emitNode(plan.root, v);
    if (r != null) {
      return r;
    }
    put((byte) '}');
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
  private int scanValue(byte[] b, int i, int n, int maxDepth) {
    scan.maxDepth = maxDepth;
    try {
      return scan.value(b, i, n);
    } finally {
      scan.maxDepth = Integer.MAX_VALUE;
    }
  }

  /** Reads the object at {@code b[i] == '{'} whose members {@code node} describes. */
  private int parseObject(Node node, byte[] b, int i, int n, int depth) {
    // a member's value opens its containers from depth + 1 on
    int valueDepth = JsonScan.MAX_ROW_DEPTH - depth;
    i = JsonScan.ws(b, i + 1, n);
    if (i < n && b[i] == '}') {
      return i + 1;
    }
    Member[] kids = node.kids;
    byte[][] names = node.kidNames;
    int[][] byLength = node.kidsByLength;
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
      byte[] kb = b;
      int cs = nameStart + 1;
      int ce = nameEnd - 1;
      if ((nameFlags & JsonScan.ESCAPED) != 0) {
        ensureTmp(ce - cs);
        ce = JsonScan.unescape(b, cs, ce, tmp);
        cs = 0;
        kb = tmp;
      }
      int k = -1;
      int nameLength = ce - cs;
      if (hint < kids.length && sameName(names[hint], nameLength, kb, cs)) {
        k = hint;
      } else if (nameLength < byLength.length) {
        for (int j : byLength[nameLength]) {
          if (sameName(names[j], nameLength, kb, cs)) {
            k = j;
            break;
          }
        }
      }
      int vi = JsonScan.ws(b, nameEnd, n);
      if (vi >= n || b[vi] != ':') {
        return syntax(vi, "expected ':'");
      }
      vi = JsonScan.ws(b, vi + 1, n);
      int end;
      if (k >= 0) {
        hint = k + 1;
        Member m = kids[k];
        if (m instanceof Leaf f) {
          if (valueStart[f.id] >= 0) {
            return fail(f.prefix + "appears twice");
          }
          scan.flags = 0;
          end = scanValue(b, vi, n, valueDepth);
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
        } else {
          Node child = (Node) m;
          if (nodeSeen[child.id]) {
            return fail("field " + child.path + ": appears twice");
          }
          nodeSeen[child.id] = true;
          if (vi < n && b[vi] == '{') {
            end = parseObject(child, b, vi, n, depth + 1);
            if (end < 0) {
              return -1;
            }
          } else {
            end = scanValue(b, vi, n, valueDepth);
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
          }
        }
      } else if (node == plan.root && isScript(kb, cs, ce)) {
        end = scanValue(b, vi, n, valueDepth); // computed later: the input's member is dropped
        if (end < 0) {
          return scanFailed();
        }
      } else {
        if (reject) {
          return fail(
              "field " + pathOf(node, kb, cs, ce) + ": not in the schema (unknownFields: Reject)");
        }
        scan.flags = nameFlags;
        end = scanValue(b, vi, n, valueDepth);
        if (end < 0) {
          return scanFailed();
        }
        if (keep) {
          if ((scan.flags & JsonScan.NUL) != 0) {
            return fail(
                "field " + pathOf(node, kb, cs, ce) + ": contains a NUL character (\\u0000)");
          }
          if (schemaNames != null) {
            String field = schemaNames[node.id].get(lower(kb, cs, ce));
            if (field != null) {
              return fail(
                  "member name at byte "
                      + nameStart
                      + " is not in the schema but differs only in case from field "
                      + field
                      + " (column names ignore case: unknownFields Keep cannot keep it beside the"
                      + " field); spell it as the schema does, or declare it");
            }
          }
          keepMember(node.id, nameStart, nameEnd, vi, end);
        }
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

  private boolean isScript(byte[] kb, int cs, int ce) {
    for (byte[] s : plan.scriptNames) {
      if (Arrays.equals(s, 0, s.length, kb, cs, ce)) {
        return true;
      }
    }
    return false;
  }

  private static String pathOf(Node node, byte[] kb, int cs, int ce) {
    String name = Texts.excerpt(kb, cs, ce);
    return node.path.isEmpty() ? name : node.path + "." + name;
  }

  private void keepMember(int node, int ns, int ne, int vs, int ve) {
    if (keptCount + 5 > kept.length) {
      kept = Arrays.copyOf(kept, kept.length * 2);
    }
    kept[keptCount++] = node;
    kept[keptCount++] = ns;
    kept[keptCount++] = ne;
    kept[keptCount++] = vs;
    kept[keptCount++] = ve;
  }

  // ---------------------------------------------------------------- kept members (Keep)

  /**
   * The rules of a load without a schema over the kept members: a document of only them, nested in
   * the schema's objects they were found in, each member's bytes copied from the input so that the
   * byte offsets of {@link InferableRow}'s reasons are mapped back to the input's.
   */
  private String checkKept(byte[] b) {
    keptDocLength = 0;
    keptDocNode(plan.root, b, true);
    String reason = keptRows.check(keptDoc, 0, keptDocLength);
    if (reason == null) {
      return null;
    }
    java.util.regex.Matcher m = BYTE.matcher(reason);
    if (!m.find()) {
      return reason;
    }
    long at = Long.parseLong(m.group(1));
    for (int k = 0; k < keptCount; k += 5) {
      int docStart = keptAt[k / 5 * 2];
      if (at >= docStart && at < docStart + kept[k + 4] - kept[k + 1]) {
        long input = at - docStart + keptAt[k / 5 * 2 + 1];
        return reason.substring(0, m.start(1)) + input + reason.substring(m.end(1));
      }
    }
    return reason;
  }

  private static final java.util.regex.Pattern BYTE =
      java.util.regex.Pattern.compile("at byte (\\d+)");

  /** Writes the kept members of {@code node} and of the objects inside it; false when none. */
  private boolean keptDocNode(Node node, byte[] b, boolean root) {
    int mark = keptDocLength;
    boolean any = false;
    docPut((byte) '{');
    for (Member m : node.kids) {
      if (m instanceof Node child) {
        int before = keptDocLength;
        if (any) {
          docPut((byte) ',');
        }
        docPut(m.key, 0, m.key.length);
        if (keptDocNode(child, b, false)) {
          any = true;
        } else {
          keptDocLength = before;
        }
      }
    }
    for (int k = 0; k < keptCount; k += 5) {
      if (kept[k] == node.id) {
        if (any) {
          docPut((byte) ',');
        }
        int member = k / 5 * 2;
        if (member + 1 >= keptAt.length) {
          keptAt = Arrays.copyOf(keptAt, Math.max(keptAt.length * 2, member + 2));
        }
        keptAt[member] = keptDocLength;
        keptAt[member + 1] = kept[k + 1];
        docPut(b, kept[k + 1], kept[k + 4]); // "name" : value, as in the input
        any = true;
      }
    }
    docPut((byte) '}');
    if (!any && !root) {
      keptDocLength = mark;
    }
    return any;
  }

  private void docPut(byte c) {
    if (keptDocLength == keptDoc.length) {
      keptDoc = Arrays.copyOf(keptDoc, keptDoc.length * 2);
    }
    keptDoc[keptDocLength++] = c;
  }

  private void docPut(byte[] src, int from, int to) {
    int n = to - from;
    if (keptDocLength + n > keptDoc.length) {
      keptDoc = Arrays.copyOf(keptDoc, Math.max(keptDoc.length * 2, keptDocLength + n));
    }
    System.arraycopy(src, from, keptDoc, keptDocLength, n);
    keptDocLength += n;
  }

  // ---------------------------------------------------------------- writing the row

  private String emitNode(Node node, byte[] b) {
    boolean first = true;
    for (Member m : node.kids) {
      if (!first) {
        put((byte) ',');
      }
      first = false;
      put(m.key);
      if (m instanceof Leaf f) {
        String r = emitLeaf(f, b);
        if (r != null) {
          return r;
        }
      } else {
        put((byte) '{');
        String r = emitNode((Node) m, b);
        if (r != null) {
          return r;
        }
        put((byte) '}');
      }
    }
    if (keep) {
      for (int k = 0; k < keptCount; k += 5) {
        if (kept[k] == node.id) {
          if (!first) {
            put((byte) ',');
          }
          first = false;
          put(b, kept[k + 1], kept[k + 2]);
          put((byte) ':');
          putCompact(b, kept[k + 3], kept[k + 4]);
        }
      }
    }
    return null;
  }

  private String emitLeaf(Leaf f, byte[] b) {
    int s = valueStart[f.id];
    if (s < 0 || b[s] == 'n') {
      if (f.required) {
        return f.prefix + (s < 0 ? "required but missing" : "required but null");
      }
      put(NULL);
      return null;
    }
    int e = valueEnd[f.id];
    int fl = valueFlags[f.id];
    int p = len;
    String r =
        switch (f.kind) {
          case STRING -> string(f, b, s, e, fl);
          case LONG, INT -> integer(f, b, s, e, fl);
          case DOUBLE -> dbl(f, b, s, e, fl);
          case DECIMAL -> decimal(f, b, s, e, fl);
          case BOOLEAN -> bool(f, b, s, e, fl);
          case DATE -> date(f, b, s, e, fl);
          case TIMESTAMP -> timestamp(f, b, s, e, fl);
          case JSON -> json(f, b, s, e, fl);
        };
    if (r != null) {
      return r;
    }
    if (f.matcher != null) {
      r = match(f, b, s, e, fl, p);
      if (r != null) {
        return r;
      }
    }
    if (f.privacy != LoadSpec.Privacy.None) {
      privacy(f, p);
    }
    return null;
  }

  private static String shown(byte[] b, int s, int e) {
    return Texts.excerpt(b, s, e);
  }

  private static String notA(Leaf f, byte[] b, int s, int e) {
    return f.prefix + shown(b, s, e) + " is not " + f.typeText;
  }

  /** Points the text view at a string's content, unescaped when it holds escapes. */
  private void content(byte[] b, int s, int e, int fl) {
    if ((fl & JsonScan.ESCAPED) == 0) {
      tb = b;
      ts = s + 1;
      te = e - 1;
      return;
    }
    ensureTmp(e - s);
    tb = tmp;
    ts = 0;
    te = JsonScan.unescape(b, s + 1, e - 1, tmp);
  }

  /**
   * Whether the value is a JSON number, or a string whose whole content is one; the text view then
   * holds the number's text and {@link #scan} its parts.
   */
  private boolean numeric(byte[] b, int s, int e, int fl) {
    byte c = b[s];
    if (c == '"') {
      content(b, s, e, fl);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      tb = b;
      ts = s;
      te = e;
    } else {
      return false;
    }
    return ts < te && scan.number(tb, ts, te) == te;
  }

  private String string(Leaf f, byte[] b, int s, int e, int fl) {
    byte c = b[s];
    if (c == '"') {
      if ((fl & JsonScan.NUL) != 0) {
        return f.prefix + "contains a NUL character (\\u0000)";
      }
      put(b, s, e);
      return null;
    }
    if (c == '{' || c == '[') {
      return notA(f, b, s, e);
    }
    put((byte) '"'); // a number or true/false: its text
    put(b, s, e);
    put((byte) '"');
    return null;
  }

  private String integer(Leaf f, byte[] b, int s, int e, int fl) {
    if (!numeric(b, s, e, fl) || scan.hasFraction || scan.hasExponent) {
      return notA(f, b, s, e);
    }
    long v = parseLong(tb, scan.intStart, scan.intEnd, scan.negative);
    if (overflow || (f.kind == Kind.INT && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE))) {
      return f.prefix
          + shown(b, s, e)
          + " is out of range for "
          + (f.kind == Kind.INT ? "int" : "long");
    }
    putLong(v);
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

  private String dbl(Leaf f, byte[] b, int s, int e, int fl) {
    if ((fl & JsonScan.NON_FINITE) != 0 && b[s] != '"' && b[s] != '{' && b[s] != '[') {
      put(b, s, e); // an Avro NaN or infinity: DuckDB reads the token into the DOUBLE column
      return null;
    }
    if (!numeric(b, s, e, fl)) {
      return notA(f, b, s, e);
    }
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
      double d = Double.parseDouble(new String(tb, ts, te - ts, StandardCharsets.ISO_8859_1));
      if (Double.isInfinite(d) || d == 0) {
        return f.prefix + shown(b, s, e) + " is out of range for double";
      }
    }
    put(tb, ts, te); // the number's own text: DuckDB reads it as exactly as the JDK would
    return null;
  }

  private String decimal(Leaf f, byte[] b, int s, int e, int fl) {
    if (!numeric(b, s, e, fl)) {
      return notA(f, b, s, e);
    }
    byte[] t = tb;
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
    ensure(f.precision + 8);
    out[len++] = '"';
    if (first < 0) {
      out[len++] = '0';
    } else {
      long fracDigits = Math.max(0, last + 1 - point);
      if (fracDigits > scale) {
        len--;
        return f.prefix + shown(b, s, e) + " has more than " + scale + " decimals";
      }
      long intDigits = Math.max(0, point - first);
      if (intDigits > f.precision - scale) {
        len--;
        return f.prefix
            + shown(b, s, e)
            + " is out of range for decimal("
            + f.precision
            + ","
            + scale
            + ")";
      }
      if (scan.negative) {
        out[len++] = '-';
      }
      if (intDigits == 0) {
        out[len++] = '0';
      }
      for (long k = first; k < point; k++) {
        out[len++] = digitAt(t, intStart, nInt, fracStart, total, k);
      }
      if (scale > 0) {
        out[len++] = '.';
        for (long k = point; k < point + scale; k++) {
          out[len++] = digitAt(t, intStart, nInt, fracStart, total, k);
        }
      }
      out[len++] = '"';
      return null;
    }
    if (scale > 0) {
      out[len++] = '.';
      for (int k = 0; k < scale; k++) {
        out[len++] = '0';
      }
    }
    out[len++] = '"';
    return null;
  }

  private static byte digitAt(byte[] t, int intStart, int nInt, int fracStart, long total, long k) {
    if (k < 0 || k >= total) {
      return '0';
    }
    return k < nInt ? t[intStart + (int) k] : t[fracStart + (int) (k - nInt)];
  }

  private String bool(Leaf f, byte[] b, int s, int e, int fl) {
    byte c = b[s];
    if (c == 't' || c == 'f') {
      put(b, s, e);
      return null;
    }
    if (c == '"') {
      content(b, s, e, fl);
      if (Arrays.equals(tb, ts, te, TRUE, 0, 4)) {
        put(TRUE);
        return null;
      }
      if (Arrays.equals(tb, ts, te, FALSE, 0, 5)) {
        put(FALSE);
        return null;
      }
    }
    return notA(f, b, s, e);
  }

  private String date(Leaf f, byte[] b, int s, int e, int fl) {
    int st;
    if (f.timeFormat == TimeFormat.EPOCH_MILLIS || f.timeFormat == TimeFormat.EPOCH_SECONDS) {
      if (!numeric(b, s, e, fl)) {
        return timeReason(f, b, s, e, TimeCodec.NOT);
      }
      st = time.epoch(scan, tb, f.timeFormat == TimeFormat.EPOCH_MILLIS);
      if (st == TimeCodec.OK) {
        st = time.dayOfMicros(f);
      }
    } else {
      if (b[s] != '"') {
        return timeReason(f, b, s, e, TimeCodec.NOT);
      }
      content(b, s, e, fl);
      st =
          f.timeFormat == TimeFormat.ISO
              ? time.isoDate(tb, ts, te)
              : time.pattern(tb, ts, te, f, true);
    }
    if (st != TimeCodec.OK) {
      return timeReason(f, b, s, e, st);
    }
    ensure(12);
    out[len++] = '"';
    len = TimeCodec.writeDate(out, len, time.day);
    out[len++] = '"';
    return null;
  }

  private String timestamp(Leaf f, byte[] b, int s, int e, int fl) {
    int st;
    if (f.timeFormat == TimeFormat.EPOCH_MILLIS || f.timeFormat == TimeFormat.EPOCH_SECONDS) {
      if (!numeric(b, s, e, fl)) {
        return timeReason(f, b, s, e, TimeCodec.NOT);
      }
      st = time.epoch(scan, tb, f.timeFormat == TimeFormat.EPOCH_MILLIS);
    } else {
      if (b[s] != '"') {
        return timeReason(f, b, s, e, TimeCodec.NOT);
      }
      content(b, s, e, fl);
      st =
          f.timeFormat == TimeFormat.ISO
              ? time.isoTimestamp(tb, ts, te, f)
              : time.pattern(tb, ts, te, f, false);
    }
    if (st != TimeCodec.OK) {
      return timeReason(f, b, s, e, st);
    }
    ensure(32);
    out[len++] = '"';
    len = TimeCodec.writeTimestamp(out, len, time.micros);
    out[len++] = '"';
    return null;
  }

  private static String timeReason(Leaf f, byte[] b, int s, int e, int status) {
    String what = f.kind == Kind.DATE ? "date" : "timestamp";
    String zone = f.zone.getId();
    String why =
        switch (status) {
          case TimeCodec.SUBMICRO ->
              " has digits finer than a microsecond (timestamps keep microseconds; no rounding)";
          case TimeCodec.RANGE -> " is out of range for a " + what + " (years 0001 to 9999)";
          case TimeCodec.GAP -> " does not exist in " + zone + " (a daylight-saving gap)";
          case TimeCodec.NOT_MIDNIGHT ->
              " is not a midnight in " + zone + " (a date has no time of day)";
          case TimeCodec.LOOKS_MILLIS -> " looks like milliseconds, not " + f.formatText;
          case TimeCodec.LOOKS_MICROS -> " looks like microseconds, not " + f.formatText;
          case TimeCodec.LOOKS_NANOS -> " looks like nanoseconds, not " + f.formatText;
          default ->
              f.timeFormat == TimeFormat.ISO
                  ? " is not an ISO-8601 " + what
                  : " is not a " + what + " in format " + f.formatText;
        };
    return f.prefix + shown(b, s, e) + why;
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
    putCompact(b, s, e);
    return null;
  }

  // ---------------------------------------------------------------- pattern and privacy

  /** The pattern matches the input's text: a string's content, else the literal as written. */
  private String match(Leaf f, byte[] b, int s, int e, int fl, int p) {
    byte[] t;
    int from;
    int to;
    if (f.kind == Kind.JSON) {
      t = out;
      from = p;
      to = len;
    } else if (b[s] == '"') {
      content(b, s, e, fl);
      t = tb;
      from = ts;
      to = te;
    } else {
      t = b;
      from = s;
      to = e;
    }
    boolean ascii = true;
    for (int k = from; k < to; k++) {
      if (t[k] < 0) {
        ascii = false;
        break;
      }
    }
    CharSequence text =
        ascii ? view.set(t, from, to) : new String(t, from, to - from, StandardCharsets.UTF_8);
    boolean ok;
    try {
      ok = f.matcher.reset(text).matches();
    } catch (StackOverflowError tooDeep) {
      return f.prefix + "the pattern ran out of stack on a value of " + (to - from) + " bytes";
    } finally {
      f.matcher.reset("");
    }
    return ok ? null : f.prefix + shown(b, s, e) + " does not match " + f.pattern.pattern();
  }

  private void privacy(Leaf f, int p) {
    if (f.privacy == LoadSpec.Privacy.Hide) {
      len = p;
      put(NULL);
      return;
    }
    // The normalised value's text: a string's content, else the JSON text as written.
    int n;
    if (f.kind != Kind.JSON && out[p] == '"') {
      ensureTmp(len - p);
      n = JsonScan.unescape(out, p + 1, len - 1, tmp);
    } else {
      ensureTmp(len - p);
      n = len - p;
      System.arraycopy(out, p, tmp, 0, n);
    }
    len = p;
    switch (f.privacy) {
      case Md5, Sha256 -> {
        MessageDigest md = f.privacy == LoadSpec.Privacy.Md5 ? md5 : sha256;
        // digest() below leaves it reset: no reset() here (it clears the state buffers again)
        if (salt != null) {
          md.update(salt);
        }
        md.update(tmp, 0, n);
        int dl;
        try {
          dl = md.digest(digest, 0, md.getDigestLength());
        } catch (DigestException e) {
          throw new IllegalStateException(e);
        }
        ensure(dl * 2 + 2);
        out[len++] = '"';
        for (int k = 0; k < dl; k++) {
          out[len++] = HEX[(digest[k] >> 4) & 0xF];
          out[len++] = HEX[digest[k] & 0xF];
        }
        out[len++] = '"';
      }
      case Initials -> {
        put((byte) '"');
        boolean inWord = false;
        int i = 0;
        while (i < n) {
          int c = tmp[i] & 0xFF;
          int l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
          int cp = codePoint(tmp, i, l);
          if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            inWord = false;
          } else if (!inWord) {
            inWord = true;
            putEscapedCodePoint(Character.toUpperCase(cp));
            put((byte) '.');
          }
          i += l;
        }
        put((byte) '"');
      }
      case Mask -> {
        int count = 0;
        for (int k = 0; k < n; k++) {
          if ((tmp[k] & 0xC0) != 0x80) {
            count++;
          }
        }
        int stars = count - Math.min(f.keepLast, count);
        int from = 0;
        for (int seen = 0; from < n; from++) {
          if ((tmp[from] & 0xC0) != 0x80 && seen++ == stars) {
            break;
          }
        }
        ensure(stars + 2);
        out[len++] = '"';
        for (int k = 0; k < stars; k++) {
          out[len++] = '*';
        }
        putEscaped(tmp, from, n);
        put((byte) '"');
      }
      default -> throw new IllegalStateException("privacy " + f.privacy);
    }
  }

  private static int codePoint(byte[] t, int i, int l) {
    return switch (l) {
      case 1 -> t[i];
      case 2 -> (t[i] & 0x1F) << 6 | t[i + 1] & 0x3F;
      case 3 -> (t[i] & 0x0F) << 12 | (t[i + 1] & 0x3F) << 6 | t[i + 2] & 0x3F;
      default ->
          (t[i] & 0x07) << 18 | (t[i + 1] & 0x3F) << 12 | (t[i + 2] & 0x3F) << 6 | t[i + 3] & 0x3F;
    };
  }

  private void putEscapedCodePoint(int cp) {
    byte[] one = new byte[4];
    int l = JsonScan.putCodePoint(one, 0, cp);
    putEscaped(one, 0, l);
  }

  /** UTF-8 text as the content of a JSON string. */
  private void putEscaped(byte[] t, int from, int to) {
    ensure((to - from) * 6);
    for (int k = from; k < to; k++) {
      byte c = t[k];
      if (c == '"' || c == '\\') {
        out[len++] = '\\';
        out[len++] = c;
      } else if (c >= 0 && c < 0x20) {
        out[len++] = '\\';
        out[len++] = 'u';
        out[len++] = '0';
        out[len++] = '0';
        out[len++] = HEX[c >> 4];
        out[len++] = HEX[c & 0xF];
      } else {
        out[len++] = c;
      }
    }
  }

  // ---------------------------------------------------------------- buffers

  private void ensure(int more) {
    if (len + more > out.length) {
      long wanted = Math.max((long) out.length * 2, (long) len + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("row larger than 2 GB");
      }
      out = Arrays.copyOf(out, (int) wanted);
    }
  }

  private void ensureTmp(int size) {
    if (tmp.length < size) {
      tmp = new byte[Math.max(size, tmp.length * 2)];
    }
  }

  private void put(byte c) {
    ensure(1);
    out[len++] = c;
  }

  private void put(byte[] src) {
    ensure(src.length);
    System.arraycopy(src, 0, out, len, src.length);
    len += src.length;
  }

  private void put(byte[] src, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(src, from, out, len, n);
    len += n;
  }

  private void putLong(long v) {
    if (v == Long.MIN_VALUE) {
      put("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ensure(20);
    if (v < 0) {
      out[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    for (int k = len + digits - 1; k >= len; k--) {
      out[k] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
  }

  /** A checked JSON value without the whitespace between its tokens (rows are one line each). */
  private void putCompact(byte[] b, int s, int e) {
    if (b[s] != '{' && b[s] != '[') {
      put(b, s, e);
      return;
    }
    ensure(e - s);
    boolean inString = false;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (inString) {
        out[len++] = c;
        if (c == '\\') {
          out[len++] = b[++i];
        } else if (c == '"') {
          inString = false;
        }
      } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        out[len++] = c;
        if (c == '"') {
          inString = true;
        }
      }
    }
  }

  /** ASCII bytes as a CharSequence, so a regex runs without decoding them into a String. */
  private static final class AsciiView implements CharSequence {
    private byte[] b;
    private int from;
    private int to;

    AsciiView set(byte[] bytes, int start, int end) {
      b = bytes;
      from = start;
      to = end;
      return this;
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return (char) b[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(b, from + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }
}
