package io.kafkaload.worker.transform;

import io.kafkaload.worker.transform.types.DuckDbType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DuckDB type as {@code read_json} infers it ({@code BIGINT}, {@code VARCHAR[]}, {@code
 * STRUCT("a" BIGINT, "b" MAP(VARCHAR, JSON))}, ...), as a small tree so that the types inferred
 * from separate files can be merged, string-like types turned back into {@code VARCHAR}, and the
 * result printed for {@code read_json(columns=...)}. A row of columns is a {@code STRUCT}.
 */
public final class ColumnType {

  enum Kind {
    SCALAR,
    LIST,
    STRUCT,
    MAP
  }

  static final ColumnType JSON = scalar("JSON");
  static final ColumnType VARCHAR = scalar("VARCHAR");

  /** Types DuckDB detects inside JSON strings; we keep those strings as they were sent. */
  private static final Set<String> FROM_STRINGS =
      Set.of(
          "DATE",
          "TIME",
          "TIME WITH TIME ZONE",
          "TIMETZ",
          "TIMESTAMP",
          "TIMESTAMP WITH TIME ZONE",
          "TIMESTAMPTZ",
          "TIMESTAMP_S",
          "TIMESTAMP_MS",
          "TIMESTAMP_NS",
          "UUID",
          "INTERVAL");

  private static final Set<String> INTEGERS = Set.of("BIGINT", "UBIGINT", "HUGEINT");
  static final String EXACT_INTEGERS = "DECIMAL(38,0)";
  private static final Pattern RENAMED = Pattern.compile("(.+)_\\d+");

  final Kind kind;
  final String name; // SCALAR only
  final List<String> fields; // STRUCT only
  final List<ColumnType> children; // LIST: element; MAP: key, value; STRUCT: field types

  private ColumnType(Kind kind, String name, List<String> fields, List<ColumnType> children) {
    this.kind = kind;
    this.name = name;
    this.fields = List.copyOf(fields);
    this.children = List.copyOf(children);
  }

  static ColumnType scalar(String name) {
    return new ColumnType(Kind.SCALAR, name, List.of(), List.of());
  }

  static ColumnType list(ColumnType element) {
    return new ColumnType(Kind.LIST, null, List.of(), List.of(element));
  }

  static ColumnType map(ColumnType key, ColumnType value) {
    return new ColumnType(Kind.MAP, null, List.of(), List.of(key, value));
  }

  static ColumnType struct(List<String> fields, List<ColumnType> types) {
    return new ColumnType(Kind.STRUCT, null, fields, types);
  }

  /** Parses a type as DuckDB prints it; throws IllegalArgumentException on anything else. */
  static ColumnType parse(String text) {
    return of(DuckDbType.parse(text));
  }

  /**
   * The inference's view of a DuckDB type: primitives by their text ({@code DECIMAL(38,0)}), and
   * fixed-size ARRAYs and UNIONs, which JSON inference and Parquet footers never give, as if they
   * were primitives (merged only with an equal type).
   */
  static ColumnType of(DuckDbType type) {
    if (type instanceof DuckDbType.Primitive p) {
      return scalar(p.args().isEmpty() ? p.name() : p.duckDb());
    }
    if (type instanceof DuckDbType.ListOf l && l.size() == null) {
      return list(of(l.element()));
    }
    if (type instanceof DuckDbType.MapOf m) {
      return map(of(m.key()), of(m.value()));
    }
    if (type instanceof DuckDbType.Struct s) {
      return struct(s.names(), s.types().stream().map(ColumnType::of).toList());
    }
    return scalar(type.sql());
  }

  /** The type in DuckDB syntax, field names always quoted. */
  String sql() {
    return switch (kind) {
      case SCALAR -> name.equals("NULL") ? "\"NULL\"" : name;
      case LIST -> children.get(0).sql() + "[]";
      case MAP -> "MAP(" + children.get(0).sql() + ", " + children.get(1).sql() + ")";
      case STRUCT -> {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
          parts.add(quoteName(fields.get(i)) + " " + children.get(i).sql());
        }
        yield "STRUCT(" + String.join(", ", parts) + ")";
      }
    };
  }

  public static String quoteName(String name) {
    return DuckDbSql.name(name);
  }

  /** The same type with dates, times, timestamps and UUIDs (detected in strings) as VARCHAR. */
  ColumnType keepStrings() {
    if (kind == Kind.SCALAR) {
      return FROM_STRINGS.contains(name) ? VARCHAR : this;
    }
    return new ColumnType(
        kind, name, fields, children.stream().map(ColumnType::keepStrings).toList());
  }

  /** The same type with every scalar {@code from} replaced by {@code to}. */
  ColumnType replace(String from, String to) {
    if (kind == Kind.SCALAR) {
      return name.equals(from) ? scalar(to) : this;
    }
    return new ColumnType(
        kind, name, fields, children.stream().map(c -> c.replace(from, to)).toList());
  }

  /** True when the scalar {@code scalar} occurs anywhere in this type. */
  boolean contains(String scalar) {
    return kind == Kind.SCALAR
        ? name.equals(scalar)
        : children.stream().anyMatch(c -> c.contains(scalar));
  }

  /**
   * The narrowest type that holds values of both: equal types stay, NULL gives way, integers widen,
   * integers and doubles give DOUBLE, lists and maps merge their elements, structs merge field by
   * field (union of names, in first-seen order); anything else is JSON (the value's JSON text).
   */
  static ColumnType merge(ColumnType a, ColumnType b) {
    if (a == null || a.isNull()) {
      return b;
    }
    if (b == null || b.isNull() || a.equals(b)) {
      return a;
    }
    if (a.kind != b.kind) {
      return JSON;
    }
    return switch (a.kind) {
      case SCALAR -> mergeScalars(a.name, b.name);
      case LIST -> list(merge(a.children.get(0), b.children.get(0)));
      case MAP ->
          map(
              merge(a.children.get(0), b.children.get(0)),
              merge(a.children.get(1), b.children.get(1)));
      case STRUCT -> {
        List<String> names = new ArrayList<>(a.fields);
        List<ColumnType> types = new ArrayList<>(a.children);
        for (int i = 0; i < b.fields.size(); i++) {
          int at = names.indexOf(b.fields.get(i));
          if (at < 0) {
            names.add(b.fields.get(i));
            types.add(b.children.get(i));
          } else {
            types.set(at, merge(types.get(at), b.children.get(i)));
          }
        }
        yield struct(names, types);
      }
    };
  }

  private static ColumnType mergeScalars(String a, String b) {
    boolean intA = INTEGERS.contains(a);
    boolean intB = INTEGERS.contains(b);
    if (intA && intB) {
      return scalar("HUGEINT"); // BIGINT with UBIGINT, or either with HUGEINT
    }
    // the exact type HUGEINT columns end up as (ColumnInference.attempts) holds every integer
    if ((a.equals(EXACT_INTEGERS) && intB) || (b.equals(EXACT_INTEGERS) && intA)) {
      return scalar(EXACT_INTEGERS);
    }
    if ((a.equals(EXACT_INTEGERS) && b.equals("DOUBLE"))
        || (b.equals(EXACT_INTEGERS) && a.equals("DOUBLE"))) {
      return scalar("DOUBLE");
    }
    if ((intA || a.equals("DOUBLE")) && (intB || b.equals("DOUBLE"))) {
      return scalar("DOUBLE");
    }
    return JSON;
  }

  private boolean isNull() {
    return kind == Kind.SCALAR && name.equals("NULL");
  }

  /**
   * A field name of some struct in this type that DuckDB would fold into another: two names equal
   * but for case (DuckDB names are case-insensitive), or {@code x_1} beside {@code x} (how DESCRIBE
   * shows such a pair). Reading with explicit columns would then lose values; null when none.
   */
  String nameCollision() {
    if (kind == Kind.STRUCT) {
      Set<String> seen = new HashSet<>();
      for (String field : fields) {
        if (!seen.add(field.toLowerCase(Locale.ROOT))) {
          return field;
        }
      }
      for (String field : fields) {
        Matcher m = RENAMED.matcher(field);
        if (m.matches() && seen.contains(m.group(1).toLowerCase(Locale.ROOT))) {
          return field;
        }
      }
    }
    for (ColumnType child : children) {
      String collision = child.nameCollision();
      if (collision != null) {
        return collision;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnType t
        && kind == t.kind
        && Objects.equals(name, t.name)
        && fields.equals(t.fields)
        && children.equals(t.children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, fields, children);
  }

  @Override
  public String toString() {
    return sql();
  }
}
