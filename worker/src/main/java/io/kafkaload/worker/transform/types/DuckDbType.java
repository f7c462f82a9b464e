package io.kafkaload.worker.transform.types;

import io.kafkaload.worker.transform.DuckDbSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A DuckDB type, read once from its text by {@link #parse} and mapped from this tree by each output
 * (Avro in {@code output/files/avro/AvroMapping}, Iceberg in {@code output/iceberg/DuckDbTypes},
 * PostgreSQL in {@code output/jdbc/DuckType}) and by the inference of JSON columns ({@code
 * transform/ColumnType}). The text may be spelt as {@code DESCRIBE} and {@code typeof} print it or
 * as the JDBC driver's {@code ResultSetMetaData.getColumnTypeName} does (DuckDB 2.0: the same, but
 * for a top-level {@code ENUM}, without its values), with field names quoted or not, and with
 * DuckDB's aliases ({@code INT8}, {@code TIMESTAMPTZ}, {@code NUMERIC(10)}): primitives are named
 * by DuckDB's own name ({@code BIGINT}, {@code TIMESTAMP WITH TIME ZONE}, {@code DECIMAL(10,0)}).
 */
public sealed interface DuckDbType {

  /**
   * A type without children: {@code name} is DuckDB's upper-case name, {@code args} the raw text of
   * its arguments split at top-level commas ({@code ENUM('a', 'b')}, {@code VARCHAR(10)}); a
   * DECIMAL always has its two, precision and scale (DuckDB's default {@code DECIMAL(18,3)} filled
   * in). DuckDB's type of an all-NULL column is the primitive {@code NULL}, printed {@code "NULL"}.
   */
  record Primitive(String name, List<String> args) implements DuckDbType {
    public Primitive {
      args = List.copyOf(args);
    }

    /** DECIMAL's precision. */
    public int precision() {
      return Integer.parseInt(args.get(0));
    }

    /** DECIMAL's scale. */
    public int scale() {
      return Integer.parseInt(args.get(1));
    }

    @Override
    public String toString() {
      return duckDb();
    }
  }

  /** {@code T[]}, a LIST ({@code size} null), or {@code T[n]}, a fixed-size ARRAY. */
  record ListOf(DuckDbType element, Integer size) implements DuckDbType {
    @Override
    public String toString() {
      return duckDb();
    }
  }

  /** {@code STRUCT(name type, ...)}, fields in order; a row of columns is one. */
  record Struct(List<String> names, List<DuckDbType> types) implements DuckDbType {
    public Struct {
      names = List.copyOf(names);
      types = List.copyOf(types);
      Plain.sameSize(names, types);
    }

    @Override
    public String toString() {
      return duckDb();
    }
  }

  record MapOf(DuckDbType key, DuckDbType value) implements DuckDbType {
    @Override
    public String toString() {
      return duckDb();
    }
  }

  /** {@code UNION(tag type, ...)}, members in order. */
  record Union(List<String> names, List<DuckDbType> types) implements DuckDbType {
    public Union {
      names = List.copyOf(names);
      types = List.copyOf(types);
      Plain.sameSize(names, types);
    }

    @Override
    public String toString() {
      return duckDb();
    }
  }

  /**
   * DuckDB's name of a primitive spelt by one of its aliases (upper case, words one space apart).
   */
  Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("INT1", "TINYINT"),
          Map.entry("INT2", "SMALLINT"),
          Map.entry("INT16", "SMALLINT"),
          Map.entry("SHORT", "SMALLINT"),
          Map.entry("INT", "INTEGER"),
          Map.entry("INT4", "INTEGER"),
          Map.entry("INT32", "INTEGER"),
          Map.entry("SIGNED", "INTEGER"),
          Map.entry("INT8", "BIGINT"),
          Map.entry("INT64", "BIGINT"),
          Map.entry("LONG", "BIGINT"),
          Map.entry("INT128", "HUGEINT"),
          Map.entry("UINT8", "UTINYINT"),
          Map.entry("UINT16", "USMALLINT"),
          Map.entry("UINT32", "UINTEGER"),
          Map.entry("UINT64", "UBIGINT"),
          Map.entry("UINT128", "UHUGEINT"),
          Map.entry("VARINT", "BIGNUM"),
          Map.entry("FLOAT4", "FLOAT"),
          Map.entry("REAL", "FLOAT"),
          Map.entry("FLOAT8", "DOUBLE"),
          Map.entry("DOUBLE PRECISION", "DOUBLE"),
          Map.entry("NUMERIC", "DECIMAL"),
          Map.entry("TEXT", "VARCHAR"),
          Map.entry("STRING", "VARCHAR"),
          Map.entry("CHAR", "VARCHAR"),
          Map.entry("BPCHAR", "VARCHAR"),
          Map.entry("NVARCHAR", "VARCHAR"),
          Map.entry("BOOL", "BOOLEAN"),
          Map.entry("LOGICAL", "BOOLEAN"),
          Map.entry("BYTEA", "BLOB"),
          Map.entry("BINARY", "BLOB"),
          Map.entry("VARBINARY", "BLOB"),
          Map.entry("BITSTRING", "BIT"),
          Map.entry("DATETIME", "TIMESTAMP"),
          Map.entry("TIMESTAMP_US", "TIMESTAMP"),
          Map.entry("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"),
          Map.entry("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"),
          Map.entry("TIMETZ", "TIME WITH TIME ZONE"),
          Map.entry("TIME WITHOUT TIME ZONE", "TIME"));

  /** Reads a whole type text; IllegalArgumentException naming the position when it is not one. */
  static DuckDbType parse(String text) {
    return DuckDbTypeParser.parse(text);
  }

  static Primitive primitive(String name) {
    return new Primitive(name, List.of());
  }

  static ListOf list(DuckDbType element) {
    return new ListOf(element, null);
  }

  /** The primitive's name, or "" for a nested type. */
  default String primitiveName() {
    return this instanceof Primitive p ? p.name() : "";
  }

  /** As DuckDB prints it: field names quoted only when they are not plain identifiers. */
  default String duckDb() {
    StringBuilder out = new StringBuilder();
    print(this, false, out);
    return out.toString();
  }

  /**
   * As {@code read_json(columns = ...)} and casts take it, every field name quoted (so that names
   * which are also keywords read back).
   */
  default String sql() {
    StringBuilder out = new StringBuilder();
    print(this, true, out);
    return out.toString();
  }

  private static void print(DuckDbType type, boolean quoteAll, StringBuilder out) {
    if (type instanceof Primitive p) {
      if (p.name().equals("NULL")) {
        out.append("\"NULL\"");
      } else if (p.name().equals("DECIMAL")) {
        out.append("DECIMAL(").append(p.precision()).append(',').append(p.scale()).append(')');
      } else {
        out.append(p.name());
        if (!p.args().isEmpty()) {
          out.append('(').append(String.join(", ", p.args())).append(')');
        }
      }
    } else if (type instanceof ListOf l) {
      print(l.element(), quoteAll, out);
      out.append('[').append(l.size() == null ? "" : l.size().toString()).append(']');
    } else if (type instanceof MapOf m) {
      out.append("MAP(");
      print(m.key(), quoteAll, out);
      out.append(", ");
      print(m.value(), quoteAll, out);
      out.append(')');
    } else if (type instanceof Struct s) {
      members("STRUCT(", s.names(), s.types(), quoteAll, out);
    } else {
      Union u = (Union) type;
      members("UNION(", u.names(), u.types(), quoteAll, out);
    }
  }

  private static void members(
      String open,
      List<String> names,
      List<DuckDbType> types,
      boolean quoteAll,
      StringBuilder out) {
    out.append(open);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      out.append(i == 0 ? "" : ", ")
          .append(quoteAll || !Plain.NAME.matcher(name).matches() ? DuckDbSql.name(name) : name)
          .append(' ');
      print(types.get(i), quoteAll, out);
    }
    out.append(')');
  }

  /**
   * Names DuckDB prints without quotes (it also quotes keywords, which read back either way), and a
   * check of STRUCT's and UNION's members.
   */
  final class Plain {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Plain() {}

    static void sameSize(List<String> names, List<DuckDbType> types) {
      if (names.size() != types.size()) {
        throw new IllegalArgumentException(names.size() + " names for " + types.size() + " types");
      }
    }
  }

  /** The children of a nested type, in order (element; key, value; fields; members). */
  default List<DuckDbType> children() {
    if (this instanceof ListOf l) {
      return List.of(l.element());
    }
    if (this instanceof MapOf m) {
      return List.of(m.key(), m.value());
    }
    if (this instanceof Struct s) {
      return s.types();
    }
    if (this instanceof Union u) {
      return u.types();
    }
    return List.of();
  }

  /** Every primitive in this type, depth first. */
  default List<Primitive> primitives() {
    List<Primitive> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(DuckDbType type, List<Primitive> out) {
    if (type instanceof Primitive p) {
      out.add(p);
    }
    for (DuckDbType child : type.children()) {
      collect(child, out);
    }
  }
}
