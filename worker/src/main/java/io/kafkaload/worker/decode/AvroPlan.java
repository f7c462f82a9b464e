package io.kafkaload.worker.decode;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A writer schema compiled once per schema id into a tree of {@link Node}s that {@link AvroRows}
 * walks: kinds as small ints, logical types resolved, field names and enum symbols pre-encoded as
 * JSON. Recursive schemas become cyclic trees (each named schema is compiled once). Immutable.
 */
final class AvroPlan {

  static final int NULL = 0;
  static final int BOOLEAN = 1;
  static final int INT = 2;
  static final int LONG = 3;
  static final int FLOAT = 4;
  static final int DOUBLE = 5;
  static final int STRING = 6;
  static final int BYTES = 7;
  static final int FIXED = 8;
  static final int ENUM = 9;
  static final int ARRAY = 10;
  static final int MAP = 11;
  static final int UNION = 12;
  static final int RECORD = 13;
  static final int DECIMAL = 14; // on bytes (size < 0) or fixed (size >= 0)
  static final int BIG_DECIMAL = 15;
  static final int UUID_FIXED = 16; // uuid on a string is a STRING
  static final int DATE = 17;
  static final int TIME = 18; // unit: ticks per second; int for millis, long for micros
  static final int TIMESTAMP = 19; // unit: ticks per second; local: no zone
  static final int DURATION = 20;

  /** One schema node; {@code children} are fields, branches, or the item/value type. */
  static final class Node {
    final int kind;
    int size = -1; // fixed size
    int precision;
    int scale;
    long unit;
    boolean local;
    Node[] children;
    byte[][] names; // record: "name": ; enum: "SYMBOL"
    String[] labels; // record field names / enum symbols, for reasons
    boolean mayBeEmpty; // may take zero bytes (null, empty records...)

    Node(int kind) {
      this.kind = kind;
    }
  }

  final int id;
  final Node root;

  private AvroPlan(int id, Node root) {
    this.id = id;
    this.root = root;
  }

  /** Compiles a record schema; throws IllegalArgumentException for any other top-level type. */
  static AvroPlan compile(int id, Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "is " + article(schema.getType().getName()) + ", expected a record");
    }
    Map<Schema, Node> done = new IdentityHashMap<>();
    Node root = node(schema, done);
    mayBeEmpty(root, new IdentityHashMap<>());
    return new AvroPlan(id, root);
  }

  private static Node node(Schema s, Map<Schema, Node> done) {
    Node known = done.get(s);
    if (known != null) {
      return known;
    }
    Node n = logical(s);
    if (n != null) {
      return n;
    }
    switch (s.getType()) {
      case RECORD:
        {
          n = new Node(RECORD);
          done.put(s, n); // before the fields: they may refer back to this record
          List<Schema.Field> fields = s.getFields();
          n.children = new Node[fields.size()];
          n.names = new byte[fields.size()][];
          n.labels = new String[fields.size()];
          for (int i = 0; i < fields.size(); i++) {
            Schema.Field f = fields.get(i);
            n.labels[i] = f.name();
            n.names[i] = name((i == 0 ? "" : ",") + json(f.name()) + ":");
            n.children[i] = node(f.schema(), done);
          }
          return n;
        }
      case ENUM:
        {
          n = new Node(ENUM);
          List<String> symbols = s.getEnumSymbols();
          n.names = new byte[symbols.size()][];
          n.labels = symbols.toArray(new String[0]);
          for (int i = 0; i < symbols.size(); i++) {
            n.names[i] = name(json(symbols.get(i)));
          }
          return n;
        }
      case ARRAY:
      case MAP:
        n = new Node(s.getType() == Schema.Type.ARRAY ? ARRAY : MAP);
        done.put(s, n);
        n.children =
            new Node[] {
              node(s.getType() == Schema.Type.ARRAY ? s.getElementType() : s.getValueType(), done)
            };
        return n;
      case UNION:
        {
          n = new Node(UNION);
          done.put(s, n);
          List<Schema> types = s.getTypes();
          n.children = new Node[types.size()];
          for (int i = 0; i < types.size(); i++) {
            n.children[i] = node(types.get(i), done);
          }
          return n;
        }
      case FIXED:
        n = new Node(FIXED);
        n.size = s.getFixedSize();
        return n;
      case STRING:
        return new Node(STRING);
      case BYTES:
        return new Node(BYTES);
      case INT:
        return new Node(INT);
      case LONG:
        return new Node(LONG);
      case FLOAT:
        return new Node(FLOAT);
      case DOUBLE:
        return new Node(DOUBLE);
      case BOOLEAN:
        return new Node(BOOLEAN);
      default:
        return new Node(NULL);
    }
  }

  /** The node of a logical type we write differently from its base type, else null. */
  private static Node logical(Schema s) {
    LogicalType type = s.getLogicalType(); // null when absent or invalid for the base type
    if (type == null) {
      return null;
    }
    Node n;
    switch (type.getName()) {
      case "decimal":
        n = new Node(DECIMAL);
        n.precision = ((LogicalTypes.Decimal) type).getPrecision();
        n.scale = ((LogicalTypes.Decimal) type).getScale();
        n.size = s.getType() == Schema.Type.FIXED ? s.getFixedSize() : -1;
        return n;
      case "big-decimal":
        return new Node(BIG_DECIMAL);
      case "uuid":
        return s.getType() == Schema.Type.FIXED ? new Node(UUID_FIXED) : null;
      case "date":
        return new Node(DATE);
      case "duration":
        return new Node(DURATION);
      case "time-millis":
        return timed(TIME, 1_000L, true);
      case "time-micros":
        return timed(TIME, 1_000_000L, true);
      case "timestamp-millis":
        return timed(TIMESTAMP, 1_000L, false);
      case "timestamp-micros":
        return timed(TIMESTAMP, 1_000_000L, false);
      case "timestamp-nanos":
        return timed(TIMESTAMP, 1_000_000_000L, false);
      case "local-timestamp-millis":
        return timed(TIMESTAMP, 1_000L, true);
      case "local-timestamp-micros":
        return timed(TIMESTAMP, 1_000_000L, true);
      case "local-timestamp-nanos":
        return timed(TIMESTAMP, 1_000_000_000L, true);
      default:
        return null; // a custom logical type: its base type's value
    }
  }

  private static Node timed(int kind, long unit, boolean local) {
    Node n = new Node(kind);
    n.unit = unit;
    n.local = local;
    return n;
  }

  /** Whether a node may be encoded in zero bytes; a record on the current path counts as not. */
  private static boolean mayBeEmpty(Node n, Map<Node, Boolean> seen) {
    Boolean known = seen.get(n);
    if (known != null) {
      return known;
    }
    seen.put(n, false);
    boolean empty;
    switch (n.kind) {
      case NULL:
        empty = true;
        break;
      case FIXED:
      case DECIMAL:
        empty = n.size == 0;
        break;
      case RECORD:
        empty = true;
        for (Node child : n.children) {
          empty &= mayBeEmpty(child, seen);
        }
        break;
      default:
        empty = false; // every other kind writes at least one byte (a length, a count, an index)
        if (n.children != null) {
          for (Node child : n.children) {
            mayBeEmpty(child, seen);
          }
        }
    }
    n.mayBeEmpty = empty;
    seen.put(n, empty);
    return empty;
  }

  private static String json(String text) {
    JsonOut out = new JsonOut();
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.string(utf8, 0, utf8.length);
    return new String(out.toRow(), StandardCharsets.UTF_8);
  }

  private static byte[] name(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String article(String type) {
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
