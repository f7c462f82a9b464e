package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.transform.types.DuckDbType;
import io.kafkaload.worker.transform.types.UnmappedType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg type that holds the values of a DuckDB type ({@link DuckDbType}) without loss.
 *
 * <p>Every field is optional (DuckDB columns may hold NULL). A column whose values are all null
 * (DuckDB's type {@code NULL}) is a string column, as in PostgreSQL. Types without a lossless
 * Iceberg type (HUGEINT, UBIGINT, INTERVAL, TIMESTAMP_NS, UNION, ...) are refused naming the
 * column, with a hint to CAST them in the transform. Field ids are drawn depth first, a list's or a
 * field's after those of its element's or type's, a map's two before its key's and value's.
 */
final class DuckDbTypes {

  private DuckDbTypes() {}

  /** The Iceberg type of DuckDB type {@code duckDbType} of column {@code column}. */
  static Type toIceberg(String column, String duckDbType, IntSupplier ids) {
    try {
      return toIceberg(DuckDbType.parse(duckDbType), ids);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "column " + column + " (DuckDB type " + duckDbType + "): " + e.getMessage(), e);
    }
  }

  /**
   * The Iceberg type of {@code type}, ids from {@code ids}.
   *
   * @throws UnmappedType for a type without a lossless Iceberg type
   */
  static Type toIceberg(DuckDbType type, IntSupplier ids) {
    if (type instanceof DuckDbType.Primitive p) {
      return primitive(p);
    }
    if (type instanceof DuckDbType.ListOf list) {
      Type element = toIceberg(list.element(), ids);
      return Types.ListType.ofOptional(ids.getAsInt(), element);
    }
    if (type instanceof DuckDbType.Struct struct) {
      List<Types.NestedField> fields = new ArrayList<>();
      for (int i = 0; i < struct.names().size(); i++) {
        Type fieldType = toIceberg(struct.types().get(i), ids);
        fields.add(Types.NestedField.optional(ids.getAsInt(), struct.names().get(i), fieldType));
      }
      return Types.StructType.of(fields);
    }
    if (type instanceof DuckDbType.MapOf map) {
      int keyId = ids.getAsInt();
      int valueId = ids.getAsInt();
      Type key = toIceberg(map.key(), ids);
      Type value = toIceberg(map.value(), ids);
      return Types.MapType.ofOptional(keyId, valueId, key, value);
    }
    throw unmapped("UNION");
  }

  /**
   * The other way: the DuckDB type whose values DuckDB writes to Parquet as Iceberg writes {@code
   * type}'s, so DuckDB's files can be the table's data files ({@link DuckDbDataFiles}): the
   * primitives but TIME, UUID and FIXED, and structs of optional such fields; null for any other
   * type. {@link #toIceberg} takes each one back to {@code type}.
   */
  static DuckDbType writtenAs(Type type) {
    if (type.isStructType()) {
      List<String> names = new ArrayList<>();
      List<DuckDbType> types = new ArrayList<>();
      for (Types.NestedField f : type.asStructType().fields()) {
        DuckDbType inner = writtenAs(f.type());
        if (inner == null || f.isRequired()) {
          return null;
        }
        names.add(f.name());
        types.add(inner);
      }
      return names.isEmpty() ? null : new DuckDbType.Struct(names, types);
    }
    String name =
        switch (type.typeId()) {
          case BOOLEAN -> "BOOLEAN";
          case INTEGER -> "INTEGER";
          case LONG -> "BIGINT";
          case FLOAT -> "FLOAT";
          case DOUBLE -> "DOUBLE";
          case DECIMAL -> "DECIMAL";
          case DATE -> "DATE";
          case TIMESTAMP ->
              ((Types.TimestampType) type).shouldAdjustToUTC()
                  ? "TIMESTAMP WITH TIME ZONE"
                  : "TIMESTAMP";
          case STRING -> "VARCHAR";
          case BINARY -> "BLOB";
          default -> null;
        };
    if (name == null) {
      return null;
    }
    if (type instanceof Types.DecimalType d) {
      return new DuckDbType.Primitive(
          name, List.of(Integer.toString(d.precision()), Integer.toString(d.scale())));
    }
    return DuckDbType.primitive(name);
  }

  private static Type primitive(DuckDbType.Primitive p) {
    return switch (p.name()) {
      case "BIGINT", "UINTEGER" -> Types.LongType.get();
      case "INTEGER", "SMALLINT", "TINYINT", "USMALLINT", "UTINYINT" -> Types.IntegerType.get();
      case "DOUBLE" -> Types.DoubleType.get();
      case "FLOAT" -> Types.FloatType.get();
      case "DECIMAL" -> {
        if (p.precision() > 38) {
          throw new UnmappedType(
              UnmappedType.Target.ICEBERG,
              p.name(),
              p.duckDb() + " is wider than Iceberg's 38 digits");
        }
        yield Types.DecimalType.of(p.precision(), p.scale());
      }
      // NULL: a column whose values are all null (as PostgreSQL's text, the sink's choice)
      case "VARCHAR", "JSON", "NULL" -> Types.StringType.get();
      case "BOOLEAN" -> Types.BooleanType.get();
      case "DATE" -> Types.DateType.get();
      case "TIME" -> Types.TimeType.get();
      case "TIMESTAMP" -> Types.TimestampType.withoutZone();
      case "TIMESTAMP WITH TIME ZONE" -> Types.TimestampType.withZone();
      case "BLOB" -> Types.BinaryType.get();
      case "UUID" -> Types.UUIDType.get();
      default -> throw unmapped(p.name());
    };
  }

  private static UnmappedType unmapped(String name) {
    return new UnmappedType(
        UnmappedType.Target.ICEBERG,
        name,
        "DuckDB type "
            + name
            + " has no lossless Iceberg type; CAST it in the transform (for example"
            + " HUGEINT/UBIGINT to DECIMAL(38,0), TIMESTAMP_NS to TIMESTAMP, INTERVAL or"
            + " UNION to VARCHAR)");
  }
}
