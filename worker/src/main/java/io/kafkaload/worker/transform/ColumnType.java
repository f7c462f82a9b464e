package io.kafkaload.worker.transform;

import io.kafkaload.worker.transform.types.DuckDbType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DuckDB type ({@link DuckDbType}) as {@code read_json} infers it ({@code BIGINT}, {@code
 * VARCHAR[]}, {@code STRUCT("a" BIGINT, "b" MAP(VARCHAR, JSON))}, ...), seen as the inference sees
 * it (scalars, lists, maps, structs) so that the types inferred from separate files can be merged,
 * string-like types turned back into {@code VARCHAR}, and the result printed for {@code
 * read_json(columns=...)}. A row of columns is a {@code STRUCT}.
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
          "TIMESTAMP",
          "TIMESTAMP WITH TIME ZONE",
          "TIMESTAMP_S",
          "TIMESTAMP_MS",
          "TIMESTAMP_NS",
          "UUID",
          "INTERVAL");

  private static final Set<String> INTEGERS = Set.of("BIGINT", "UBIGINT", "HUGEINT");
  static final String EXACT_INTEGERS = "DECIMAL(38,0)";
  private static final Pattern RENAMED = Pattern.compile("(.+)_\\d+");

  /** The type itself; the fields below are the inference's view of it. */
  final DuckDbType type;

  final Kind kind;
  final String name; // SCALAR only: as DuckDB prints it (DECIMAL(38,0)), NULL unquoted
  final List<String> fields; // STRUCT only
  final List<ColumnType> children; // LIST: element; MAP: key, value; STRUCT: field types

  /**
   * Fixed-size ARRAYs and UNIONs, which JSON inference and Parquet footers never give, are seen as
   * scalars (merged only with an equal type).
   */
  private ColumnType(DuckDbType type) {
    this.type = type;
    if (type instanceof DuckDbType.ListOf l && l.size() == null) {
      kind = Kind.LIST;
      fields = List.of();
      children = List.of(new ColumnType(l.element()));
    } else if (type instanceof DuckDbType.MapOf m) {
      kind = Kind.MAP;
      fields = List.of();
      children = List.of(new ColumnType(m.key()), new ColumnType(m.value()));
    } else if (type instanceof DuckDbType.Struct s) {
      kind = Kind.STRUCT;
      fields = s.names();
      children = s.types().stream().map(ColumnType::new).toList();
    } else {
      kind = Kind.SCALAR;
      fields = List.of();
      children = List.of();
    }
    name =
        kind != Kind.SCALAR
            ? null
            : type instanceof DuckDbType.Primitive p && p.args().isEmpty()
                ? p.name()
                : type.duckDb();
  }

  /** A primitive by DuckDB's name of it ({@code JSON}, {@code DECIMAL(38,0)}). */
  static ColumnType scalar(String name) {
    return parse(name);
  }

  static ColumnType list(ColumnType element) {
    return new ColumnType(DuckDbType.list(element.type));
  }

  static ColumnType map(ColumnType key, ColumnType value) {
    return new ColumnType(new DuckDbType.MapOf(key.type, value.type));
  }

  static ColumnType struct(List<String> fields, List<ColumnType> types) {
    return new ColumnType(new DuckDbType.Struct(fields, types.stream().map(t -> t.type).toList()));
  }

  /** Parses a type as DuckDB prints it; throws IllegalArgumentException on anything else. */
  static ColumnType parse(String text) {
    return new ColumnType(DuckDbType.parse(text));
  }

  /** The type in DuckDB syntax, field names always quoted. */
  String sql() {
    return type.sql();
  }

  public static String quoteName(String name) {
    return DuckDbSql.name(name);
  }

  /** The same type with dates, times, timestamps and UUIDs (detected in strings) as VARCHAR. */
  ColumnType keepStrings() {
    if (kind == Kind.SCALAR) {
      return FROM_STRINGS.contains(name) ? VARCHAR : this;
    }
    return withChildren(children.stream().map(ColumnType::keepStrings).toList());
  }

  /** The same type with every scalar {@code from} replaced by {@code to}. */
  ColumnType replace(String from, String to) {
    if (kind == Kind.SCALAR) {
      return name.equals(from) ? scalar(to) : this;
    }
    return withChildren(children.stream().map(c -> c.replace(from, to)).toList());
  }

  /** The same LIST, MAP or STRUCT with other children. */
  private ColumnType withChildren(List<ColumnType> others) {
    return switch (kind) {
      case SCALAR -> this;
      case LIST -> list(others.get(0));
      case MAP -> map(others.get(0), others.get(1));
      case STRUCT -> struct(fields, others);
    };
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
    return o instanceof ColumnType t && type.equals(t.type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return sql();
  }
}
