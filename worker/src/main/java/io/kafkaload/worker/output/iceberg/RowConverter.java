package io.kafkaload.worker.output.iceberg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.duckdb.DuckDBStruct;

/**
 * Turns the rows of a DuckDB result into Iceberg generic records of the table's schema: each result
 * column goes to the table column of the same name, in the table's type (checked before by {@link
 * IcebergTables#checkCanTake}); table columns the result lacks stay null.
 */
final class RowConverter {

  /** Reads one top-level value. */
  private interface CellReader {
    Object read(ResultSet rs, int column) throws SQLException;
  }

  /** Converts one value DuckDB's JDBC driver returned into Iceberg's generic representation. */
  private interface Converter {
    Object convert(Object value) throws SQLException;
  }

  private final Schema schema;
  private final int[] targets;
  private final CellReader[] readers;
  private final String[] names;
  private final boolean[] required;

  RowConverter(Schema tableSchema, ResultSetMetaData metaData) throws SQLException {
    this.schema = tableSchema;
    int n = metaData.getColumnCount();
    this.targets = new int[n];
    this.readers = new CellReader[n];
    this.names = new String[n];
    this.required = new boolean[n];
    List<Types.NestedField> columns = tableSchema.columns();
    for (int i = 0; i < n; i++) {
      String name = metaData.getColumnName(i + 1);
      int target = -1;
      for (int j = 0; j < columns.size(); j++) {
        if (columns.get(j).name().equals(name)) {
          target = j;
        }
      }
      if (target < 0) {
        throw new IllegalArgumentException("table has no column " + name);
      }
      Types.NestedField field = columns.get(target);
      targets[i] = target;
      names[i] = name;
      required[i] = field.isRequired();
      readers[i] = reader(field.type(), name);
    }
  }

  Schema schema() {
    return schema;
  }

  /** Sets {@code record} (of the table schema) from the current row of {@code rs}. */
  void fill(ResultSet rs, GenericRecord record) throws SQLException {
    for (int i = 0; i < readers.length; i++) {
      Object value = readers[i].read(rs, i + 1);
      if (value == null && required[i]) {
        throw new IllegalArgumentException(
            "column " + names[i] + " is required in the table but the row has NULL");
      }
      record.set(targets[i], value);
    }
  }

  private static CellReader reader(Type type, String path) {
    if (type.typeId() == Type.TypeID.TIMESTAMP
        && !((Types.TimestampType) type).shouldAdjustToUTC()) {
      return (rs, c) -> rs.getObject(c, LocalDateTime.class);
    }
    if (type.typeId() == Type.TypeID.LONG) {
      return (rs, c) -> {
        long v = rs.getLong(c);
        return rs.wasNull() ? null : v;
      };
    }
    Converter converter = converter(type, path);
    return (rs, c) -> {
      Object value = rs.getObject(c);
      return value == null ? null : converter.convert(value);
    };
  }

  /**
   * The converter of values of {@code type} at {@code path}: built once per column when the rows
   * start (nested types recursively), so choosing the case costs nothing per value; the returned
   * lambdas are the per-value path.
   */
  private static Converter converter(Type type, String path) {
    return switch (type.typeId()) {
      case BOOLEAN -> v -> (Boolean) v;
      case INTEGER -> v -> ((Number) v).intValue();
      case LONG -> v -> ((Number) v).longValue();
      case FLOAT -> v -> ((Number) v).floatValue();
      case DOUBLE -> v -> ((Number) v).doubleValue();
      case DECIMAL -> decimal((Types.DecimalType) type, path);
      case STRING -> Object::toString;
      case DATE -> v -> v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
      case TIME -> v -> v instanceof java.sql.Time t ? t.toLocalTime() : (LocalTime) v;
      case TIMESTAMP -> timestamp((Types.TimestampType) type);
      case BINARY, FIXED -> RowConverter::bytes;
      case UUID -> v -> v instanceof UUID u ? u : UUID.fromString(v.toString());
      case STRUCT -> struct(type.asStructType(), path);
      case LIST -> list(type.asListType(), path);
      case MAP -> map(type.asMapType(), path);
      default ->
          throw new IllegalArgumentException("column " + path + ": unsupported type " + type);
    };
  }

  /** A decimal of exactly the column's scale and at most its precision, else refused. */
  private static Converter decimal(Types.DecimalType decimal, String path) {
    return v -> {
      BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
      try {
        d = d.setScale(decimal.scale(), RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "column " + path + ": " + d + " does not fit " + decimal + " without rounding");
      }
      if (d.precision() > decimal.precision()) {
        throw new IllegalArgumentException(
            "column " + path + ": " + d + " does not fit " + decimal);
      }
      return d;
    };
  }

  /** A timestamp with zone as an OffsetDateTime in UTC; without, as a LocalDateTime. */
  private static Converter timestamp(Types.TimestampType type) {
    if (type.shouldAdjustToUTC()) {
      return v ->
          v instanceof OffsetDateTime o
              ? o.withOffsetSameInstant(ZoneOffset.UTC)
              : ((Timestamp) v).toInstant().atOffset(ZoneOffset.UTC);
    }
    return v -> v instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) v;
  }

  private static Object bytes(Object v) throws SQLException {
    if (v instanceof Blob blob) {
      return ByteBuffer.wrap(blob.getBytes(1, (int) blob.length()));
    }
    if (v instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return (ByteBuffer) v;
  }

  /** A DuckDB struct as a record of the struct type, each field converted, required ones set. */
  private static Converter struct(Types.StructType struct, String path) {
    List<Types.NestedField> fields = struct.fields();
    Converter[] children = new Converter[fields.size()];
    for (int i = 0; i < children.length; i++) {
      children[i] = converter(fields.get(i).type(), path + "." + fields.get(i).name());
    }
    return v -> {
      Map<String, Object> values = ((DuckDBStruct) v).getMap();
      GenericRecord record = GenericRecord.create(struct);
      for (int i = 0; i < children.length; i++) {
        Object child = values.get(fields.get(i).name());
        if (child == null && fields.get(i).isRequired()) {
          throw new IllegalArgumentException(
              "field " + path + "." + fields.get(i).name() + " is required but NULL");
        }
        record.set(i, child == null ? null : children[i].convert(child));
      }
      return record;
    };
  }

  private static Converter list(Types.ListType type, String path) {
    Converter element = converter(type.elementType(), path + ".element");
    return v -> {
      List<?> items =
          v instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : (List<?>) v;
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) {
        out.add(item == null ? null : element.convert(item));
      }
      return out;
    };
  }

  private static Converter map(Types.MapType type, String path) {
    Converter key = converter(type.keyType(), path + ".key");
    Converter value = converter(type.valueType(), path + ".value");
    return v -> {
      Map<?, ?> in = (Map<?, ?>) v;
      Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
      for (Map.Entry<?, ?> e : in.entrySet()) {
        out.put(key.convert(e.getKey()), e.getValue() == null ? null : value.convert(e.getValue()));
      }
      return out;
    };
  }
}
