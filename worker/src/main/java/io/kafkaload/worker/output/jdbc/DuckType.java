package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.transform.types.DuckDbType;
import io.kafkaload.worker.transform.types.UnmappedType;

/**
 * A DuckDB column type ({@link DuckDbType}) reduced to what the PostgreSQL sink needs: its family
 * (how values are read from the result and written to COPY), integer width, decimal precision and
 * scale, and the PostgreSQL type a created table gets.
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

  /**
   * Parses a DuckDB type name; throws IllegalArgumentException for a type the sink cannot map
   * ({@link UnmappedType} when it reads but has no PostgreSQL type).
   */
  static DuckType parse(String type) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("no DuckDB type given");
    }
    DuckDbType parsed;
    try {
      parsed = DuckDbType.parse(type);
    } catch (IllegalArgumentException e) {
      throw unmapped(type, type.trim());
    }
    return of(type, parsed);
  }

  /** {@code parsed} (read from {@code type}) as the sink sees it. */
  static DuckType of(String type, DuckDbType parsed) {
    if (!(parsed instanceof DuckDbType.Primitive p)) {
      return new DuckType(type, Family.NESTED, 0, 0, 0);
    }
    return switch (p.name()) {
      case "TINYINT" -> integer(type, 8);
      case "UTINYINT" -> integer(type, 9);
      case "SMALLINT" -> integer(type, 16);
      case "USMALLINT" -> integer(type, 17);
      case "INTEGER" -> integer(type, 32);
      case "UINTEGER" -> integer(type, 33);
      case "BIGINT" -> integer(type, 64);
      case "UBIGINT" -> new DuckType(type, Family.BIG_INTEGER, 65, 20, 0);
      case "HUGEINT" -> new DuckType(type, Family.BIG_INTEGER, 128, 39, 0);
      case "UHUGEINT" -> new DuckType(type, Family.BIG_INTEGER, 129, 39, 0);
      case "BIGNUM" -> new DuckType(type, Family.BIG_INTEGER, Integer.MAX_VALUE, 0, 0);
      case "DECIMAL" -> new DuckType(type, Family.DECIMAL, 0, p.precision(), p.scale());
      case "FLOAT" -> simple(type, Family.FLOAT);
      case "DOUBLE" -> simple(type, Family.DOUBLE);
      case "BOOLEAN" -> simple(type, Family.BOOLEAN);
      case "VARCHAR", "ENUM", "BIT", "NULL" -> simple(type, Family.TEXT);
      case "DATE" -> simple(type, Family.DATE);
      case "TIME" -> simple(type, Family.TIME);
      case "TIME WITH TIME ZONE" -> simple(type, Family.TIMETZ);
      case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" ->
          simple(type, Family.TIMESTAMP);
      case "TIMESTAMP WITH TIME ZONE" -> simple(type, Family.TIMESTAMPTZ);
      case "INTERVAL" -> simple(type, Family.INTERVAL);
      case "UUID" -> simple(type, Family.UUID);
      case "BLOB" -> simple(type, Family.BLOB);
      case "JSON" -> simple(type, Family.JSON);
      default -> throw unmapped(type, p.name());
    };
  }

  private static UnmappedType unmapped(String type, String refused) {
    return new UnmappedType(
        UnmappedType.Target.POSTGRESQL,
        refused,
        "DuckDB type " + type + " has no PostgreSQL mapping in the sink");
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
