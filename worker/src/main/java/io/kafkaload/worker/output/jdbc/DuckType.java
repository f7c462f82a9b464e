package io.kafkaload.worker.output.jdbc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DuckDB column type reduced to what the PostgreSQL sink needs: its family (how values are read
 * from the result and written to COPY), integer width, decimal precision and scale, and the
 * PostgreSQL type a created table gets.
 */
record DuckType(String duckDb, Family family, int bits, int precision, int scale) {

  enum Family {
    /** Integers read with getLong; {@code bits} is the bits a signed type needs to hold them. */
    INTEGER,
    /** Integers wider than 64 bits or unsigned 64 bits, read as BigInteger. */
    BIG_INTEGER,
    FLOAT,
    DOUBLE,
    DECIMAL,
    BOOLEAN,
    TEXT,
    DATE,
    TIME,
    TIMETZ,
    TIMESTAMP,
    TIMESTAMPTZ,
    INTERVAL,
    UUID,
    BLOB,
    /** DuckDB's JSON: the value's JSON text. */
    JSON,
    /** STRUCT, MAP, LIST, fixed-size ARRAY, UNION: written as JSON. */
    NESTED
  }

  private static final Pattern DECIMAL =
      Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

  /** Parses a DuckDB type name; throws IllegalArgumentException for a type the sink cannot map. */
  static DuckType parse(String type) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("no DuckDB type given");
    }
    String t = type.trim().toUpperCase(Locale.ROOT);
    if (t.endsWith("]")
        || t.startsWith("STRUCT")
        || t.startsWith("MAP")
        || t.startsWith("UNION")
        || t.startsWith("ROW(")) {
      return new DuckType(type, Family.NESTED, 0, 0, 0);
    }
    Matcher m = DECIMAL.matcher(t);
    if (m.matches()) {
      int p = Integer.parseInt(m.group(1));
      int s = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      return new DuckType(type, Family.DECIMAL, 0, p, s);
    }
    if (t.startsWith("VARCHAR(") || t.startsWith("ENUM(")) {
      return simple(type, Family.TEXT);
    }
    return switch (t) {
      case "TINYINT", "INT1" -> integer(type, 8);
      case "UTINYINT" -> integer(type, 9);
      case "SMALLINT", "INT2", "SHORT" -> integer(type, 16);
      case "USMALLINT" -> integer(type, 17);
      case "INTEGER", "INT", "INT4", "SIGNED" -> integer(type, 32);
      case "UINTEGER" -> integer(type, 33);
      case "BIGINT", "INT8", "LONG" -> integer(type, 64);
      case "UBIGINT" -> new DuckType(type, Family.BIG_INTEGER, 65, 20, 0);
      case "HUGEINT", "INT128" -> new DuckType(type, Family.BIG_INTEGER, 128, 39, 0);
      case "UHUGEINT", "UINT128" -> new DuckType(type, Family.BIG_INTEGER, 129, 39, 0);
      case "VARINT", "BIGNUM" -> new DuckType(type, Family.BIG_INTEGER, Integer.MAX_VALUE, 0, 0);
      case "DECIMAL", "NUMERIC" -> new DuckType(type, Family.DECIMAL, 0, 18, 3);
      case "FLOAT", "FLOAT4", "REAL" -> simple(type, Family.FLOAT);
      case "DOUBLE", "FLOAT8" -> simple(type, Family.DOUBLE);
      case "BOOLEAN", "BOOL", "LOGICAL" -> simple(type, Family.BOOLEAN);
      case "VARCHAR",
          "TEXT",
          "STRING",
          "CHAR",
          "BPCHAR",
          "ENUM",
          "BIT",
          "BITSTRING",
          "NULL",
          "\"NULL\"" ->
          simple(type, Family.TEXT);
      case "DATE" -> simple(type, Family.DATE);
      case "TIME" -> simple(type, Family.TIME);
      case "TIMETZ", "TIME WITH TIME ZONE" -> simple(type, Family.TIMETZ);
      case "TIMESTAMP", "DATETIME", "TIMESTAMP_US", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" ->
          simple(type, Family.TIMESTAMP);
      case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> simple(type, Family.TIMESTAMPTZ);
      case "INTERVAL" -> simple(type, Family.INTERVAL);
      case "UUID" -> simple(type, Family.UUID);
      case "BLOB", "BYTEA", "BINARY", "VARBINARY" -> simple(type, Family.BLOB);
      case "JSON" -> simple(type, Family.JSON);
      default ->
          throw new IllegalArgumentException(
              "DuckDB type " + type + " has no PostgreSQL mapping in the sink");
    };
  }

  private static DuckType integer(String type, int bits) {
    return new DuckType(type, Family.INTEGER, bits, 0, 0);
  }

  private static DuckType simple(String type, Family family) {
    return new DuckType(type, family, 0, 0, 0);
  }

  /** The PostgreSQL type a created table gets for this column. */
  String pgType() {
    return switch (family) {
      case INTEGER -> bits <= 16 ? "smallint" : bits <= 32 ? "integer" : "bigint";
      case BIG_INTEGER -> precision == 0 ? "numeric" : "numeric(" + precision + ",0)";
      case FLOAT -> "real";
      case DOUBLE -> "double precision";
      case DECIMAL -> "numeric(" + precision + "," + scale + ")";
      case BOOLEAN -> "boolean";
      case TEXT -> "text";
      case DATE -> "date";
      case TIME -> "time";
      case TIMETZ -> "timetz";
      case TIMESTAMP -> "timestamp";
      case TIMESTAMPTZ -> "timestamptz";
      case INTERVAL -> "interval";
      case UUID -> "uuid";
      case BLOB -> "bytea";
      case JSON, NESTED -> "jsonb";
    };
  }
}
