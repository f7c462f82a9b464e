package io.kafkaload.worker.output.files.avro;

import io.kafkaload.worker.transform.types.DuckDbType;
import io.kafkaload.worker.transform.types.UnmappedType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * The Avro schema a DuckDB result maps to, and per column the code that turns what the DuckDB JDBC
 * driver returns into the datum {@link org.apache.avro.generic.GenericDatumWriter} writes for that
 * schema (no Avro conversions involved: decimals become two's-complement bytes here, timestamps
 * longs, and so on).
 *
 * <p>Containers that occur at most once per row (the row record, a STRUCT column, a LIST column's
 * list) are allocated once and refilled for every row; those under a LIST or MAP are new per value.
 *
 * <p><i>Over 400 lines, on purpose: for each DuckDB type, the Avro schema it maps to and the
 * converter of its driver values are written side by side, so a type's schema and its datum cannot
 * drift apart.</i>
 */
final class AvroMapping {

  /** The property keeping a field's original name when it is not a valid Avro name. */
  static final String ORIGINAL_NAME = "kafkaload.name";

  private static final BigInteger DECIMAL_38_LIMIT = BigInteger.TEN.pow(38);
  private static final Set<String> PRIMITIVES =
      Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

  /** Turns a non-null driver value into its Avro datum. */
  @FunctionalInterface
  interface Converter {
    Object convert(Object value) throws SQLException;
  }

  /** Reads one column of the current row as its Avro datum (null for SQL NULL). */
  @FunctionalInterface
  interface ColumnReader {
    Object read(ResultSet rs) throws SQLException;
  }

  /** A value that cannot be written; {@link #path()} says where in a nested value. */
  static final class ValueException extends RuntimeException {
    private String path = "";

    ValueException(String reason) {
      super(reason);
    }

    ValueException(String reason, Throwable cause) {
      super(reason, cause);
    }

    ValueException within(String segment) {
      path = segment + path;
      return this;
    }

    String path() {
      return path;
    }
  }

  /** A column, its Avro field, and how to read it. */
  record Column(String label, String duckType, Schema.Field field, ColumnReader reader) {}

  /** The row's schema and its columns, in order. */
  record Plan(Schema schema, List<Column> columns) {}

  private final Set<String> recordNames = new HashSet<>();
  private String namespace; // of the row's record and every record inside it
  private String column;
  private String columnType;

  private AvroMapping() {}

  /**
   * The plan for a result's columns. IllegalArgumentException naming the column when a type has no
   * Avro mapping.
   */
  static Plan plan(ResultSetMetaData md, String recordName) throws SQLException {
    return new AvroMapping().build(md, md.getColumnCount(), recordName, null);
  }

  /**
   * The plan for the first {@code columns} columns of a result, its record {@code recordName} in
   * {@code namespace} (null: none).
   */
  static Plan plan(ResultSetMetaData md, int columns, String recordName, String namespace)
      throws SQLException {
    return new AvroMapping().build(md, columns, recordName, namespace);
  }

  /** {@code recordName} sanitised; a primitive type's name gets a '_' appended. */
  static String recordName(String recordName) {
    String name =
        AvroNames.sanitize(recordName == null || recordName.isBlank() ? "row" : recordName);
    return PRIMITIVES.contains(name) ? name + "_" : name;
  }

  private Plan build(ResultSetMetaData md, int n, String recordName, String namespace)
      throws SQLException {
    String rowName = recordName(recordName);
    recordNames.add(rowName);
    this.namespace = namespace;
    List<String> labels = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      labels.add(md.getColumnLabel(i));
    }
    List<String> names = AvroNames.fieldNames(labels);
    List<Schema.Field> fields = new ArrayList<>(n);
    List<Column> columns = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      column = labels.get(i - 1);
      columnType = md.getColumnTypeName(i);
      DuckDbType type;
      try {
        type = DuckDbType.parse(columnType);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column '" + column + "': " + e.getMessage(), e);
      }
      String name = names.get(i - 1);
      Node node = node(type, rowName + "_" + name, column, false);
      Schema.Field field = field(name, column, node.schema());
      fields.add(field);
      columns.add(new Column(column, columnType, field, reader(i, type, node.converter())));
    }
    Schema schema = Schema.createRecord(rowName, null, namespace, false, fields);
    return new Plan(schema, List.copyOf(columns));
  }

  /** Timestamps are read as LocalDateTime: java.sql.Timestamp goes through the JVM's zone. */
  private static ColumnReader reader(int index, DuckDbType type, Converter converter) {
    String name = type.primitiveName();
    if (name.equals("TIMESTAMP")
        || name.equals("TIMESTAMP_MS")
        || name.equals("TIMESTAMP_S")
        || name.equals("TIMESTAMP_NS")) {
      return rs -> {
        LocalDateTime value = rs.getObject(index, LocalDateTime.class);
        return value == null ? null : converter.convert(value);
      };
    }
    return rs -> {
      Object value = rs.getObject(index);
      return value == null ? null : converter.convert(value);
    };
  }

  private static Schema.Field field(String name, String original, Schema schema) {
    Schema.Field field = new Schema.Field(name, nullable(schema), null, JsonProperties.NULL_VALUE);
    if (!name.equals(original)) {
      field.addProp(ORIGINAL_NAME, original);
    }
    return field;
  }

  /** {@code ["null", schema]}; a DuckDB NULL column stays plain {@code "null"}. */
  private static Schema nullable(Schema schema) {
    if (schema.getType() == Schema.Type.NULL) {
      return schema;
    }
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }

  /** A type's non-null Avro schema and converter. */
  private record Node(Schema schema, Converter converter) {}

  /**
   * @param path the name a record at this place gets (made unique)
   * @param where the user-facing place, for messages ({@code payload.items[]})
   * @param repeated under a LIST or MAP: containers cannot be reused
   */
  private Node node(DuckDbType type, String path, String where, boolean repeated) {
    if (type instanceof DuckDbType.Primitive primitive) {
      return scalar(primitive, where);
    }
    if (type instanceof DuckDbType.ListOf list) {
      return list(list, path, where, repeated);
    }
    if (type instanceof DuckDbType.Struct struct) {
      return struct(struct, path, where, repeated);
    }
    if (type instanceof DuckDbType.MapOf map) {
      return map(map, path, where, repeated);
    }
    throw unsupported("UNION", where);
  }

  private Node list(DuckDbType.ListOf type, String path, String where, boolean repeated) {
    Node element = node(type.element(), path, where + "[]", true);
    Schema schema = Schema.createArray(nullable(element.schema()));
    Converter converter = element.converter();
    ArrayList<Object> shared = repeated ? null : new ArrayList<>();
    return new Node(
        schema,
        value -> {
          Object[] items = (Object[]) ((java.sql.Array) value).getArray();
          List<Object> out;
          if (shared == null) {
            out = new ArrayList<>(items.length);
          } else {
            shared.clear();
            out = shared;
          }
          for (int i = 0; i < items.length; i++) {
            Object item = items[i];
            out.add(item == null ? null : child(converter, item, "[" + i + "]"));
          }
          return out;
        });
  }

  private Node struct(DuckDbType.Struct type, String path, String where, boolean repeated) {
    String name = AvroNames.unique(path, recordNames);
    List<String> names = AvroNames.fieldNames(type.names());
    int n = names.size();
    List<Schema.Field> fields = new ArrayList<>(n);
    Converter[] converters = new Converter[n];
    String[] segments = new String[n];
    for (int i = 0; i < n; i++) {
      String original = type.names().get(i);
      Node child =
          node(type.types().get(i), name + "_" + names.get(i), where + "." + original, repeated);
      fields.add(field(names.get(i), original, child.schema()));
      converters[i] = child.converter();
      segments[i] = "." + original;
    }
    Schema schema = Schema.createRecord(name, null, namespace, false, fields);
    GenericData.Record shared = repeated ? null : new GenericData.Record(schema);
    return new Node(
        schema,
        value -> {
          Object[] attributes = ((java.sql.Struct) value).getAttributes();
          if (attributes.length != n) {
            throw new ValueException(
                "the driver returned " + attributes.length + " fields for a STRUCT of " + n);
          }
          GenericData.Record record = shared == null ? new GenericData.Record(schema) : shared;
          for (int i = 0; i < n; i++) {
            Object attribute = attributes[i];
            record.put(i, attribute == null ? null : child(converters[i], attribute, segments[i]));
          }
          return record;
        });
  }

  private Node map(DuckDbType.MapOf type, String path, String where, boolean repeated) {
    if (type.key().primitiveName().equals("VARCHAR")) {
      Node value = node(type.value(), path, where + "{}", true);
      Converter converter = value.converter();
      LinkedHashMap<String, Object> shared = repeated ? null : new LinkedHashMap<>();
      return new Node(
          Schema.createMap(nullable(value.schema())),
          map -> {
            Map<?, ?> entries = (Map<?, ?>) map;
            Map<String, Object> out;
            if (shared == null) {
              out = new LinkedHashMap<>(entries.size() * 2);
            } else {
              shared.clear();
              out = shared;
            }
            int i = 0;
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
              if (entry.getKey() == null) {
                throw new ValueException("a MAP key is NULL").within("{entry " + i + "}");
              }
              Object v = entry.getValue();
              out.put(
                  entry.getKey().toString(),
                  v == null ? null : child(converter, v, "{entry " + i + "}"));
              i++;
            }
            return out;
          });
    }
    String name = AvroNames.unique(path + "_entry", recordNames);
    Node key = node(type.key(), name + "_key", where + "{key}", true);
    Node value = node(type.value(), name + "_value", where + "{}", true);
    Schema entrySchema =
        Schema.createRecord(
            name,
            null,
            namespace,
            false,
            List.of(
                new Schema.Field("key", key.schema()),
                new Schema.Field(
                    "value", nullable(value.schema()), null, JsonProperties.NULL_VALUE)));
    Converter keyConverter = key.converter();
    Converter valueConverter = value.converter();
    ArrayList<Object> shared = repeated ? null : new ArrayList<>();
    return new Node(
        Schema.createArray(entrySchema),
        map -> {
          Map<?, ?> entries = (Map<?, ?>) map;
          List<Object> out;
          if (shared == null) {
            out = new ArrayList<>(entries.size());
          } else {
            shared.clear();
            out = shared;
          }
          int i = 0;
          for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String segment = "{entry " + i + "}";
            if (entry.getKey() == null) {
              throw new ValueException("a MAP key is NULL").within(segment);
            }
            GenericData.Record record = new GenericData.Record(entrySchema);
            record.put(0, child(keyConverter, entry.getKey(), segment + ".key"));
            Object v = entry.getValue();
            record.put(1, v == null ? null : child(valueConverter, v, segment + ".value"));
            out.add(record);
            i++;
          }
          return out;
        });
  }

  private static Object child(Converter converter, Object value, String segment)
      throws SQLException {
    try {
      return converter.convert(value);
    } catch (ValueException e) {
      throw e.within(segment);
    } catch (RuntimeException e) {
      throw new ValueException(describe(e), e).within(segment);
    }
  }

  static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private Node scalar(DuckDbType.Primitive type, String where) {
    String name = type.name();
    switch (name) {
      case "BOOLEAN":
        return new Node(Schema.create(Schema.Type.BOOLEAN), v -> (Boolean) v);
      case "TINYINT":
      case "SMALLINT":
      case "INTEGER":
      case "UTINYINT":
      case "USMALLINT":
        return new Node(Schema.create(Schema.Type.INT), v -> ((Number) v).intValue());
      case "BIGINT":
      case "UINTEGER":
        return new Node(Schema.create(Schema.Type.LONG), v -> ((Number) v).longValue());
      case "UBIGINT":
      case "HUGEINT":
      case "UHUGEINT":
        return new Node(
            LogicalTypes.decimal(38, 0).addToSchema(Schema.create(Schema.Type.BYTES)),
            AvroMapping::integer38);
      case "FLOAT":
        return new Node(Schema.create(Schema.Type.FLOAT), v -> ((Number) v).floatValue());
      case "DOUBLE":
        return new Node(Schema.create(Schema.Type.DOUBLE), v -> ((Number) v).doubleValue());
      case "DECIMAL":
        return decimal(type);
      case "VARCHAR":
      case "JSON":
      case "ENUM":
        return new Node(Schema.create(Schema.Type.STRING), Object::toString);
      case "UUID":
        return new Node(
            LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING)), Object::toString);
      case "BLOB":
        return new Node(Schema.create(Schema.Type.BYTES), AvroMapping::bytes);
      case "DATE":
        return new Node(
            LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT)), AvroMapping::date);
      case "TIME":
        return new Node(
            LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG)),
            AvroMapping::time);
      case "TIMESTAMP":
      case "TIMESTAMP_MS":
      case "TIMESTAMP_S":
        return new Node(localTimestampMicros(), v -> localMicros(v, false));
      case "TIMESTAMP_NS":
        return new Node(localTimestampMicros(), v -> localMicros(v, true));
      case "TIMESTAMP WITH TIME ZONE":
        return new Node(
            LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)),
            AvroMapping::instantMicros);
      case "INTERVAL":
        return new Node(Schema.create(Schema.Type.STRING), v -> Intervals.toIso(v.toString()));
      case "NULL":
        return new Node(Schema.create(Schema.Type.NULL), v -> null);
      default:
        throw unsupported(name, where);
    }
  }

  private UnmappedType unsupported(String name, String where) {
    String place = where.equals(column) ? "" : " (at " + where + ")";
    return new UnmappedType(
        UnmappedType.Target.AVRO,
        name,
        "column '"
            + column
            + "' of DuckDB type "
            + columnType
            + place
            + ": "
            + name
            + " has no Avro mapping; cast it in the query (to VARCHAR, for instance)");
  }

  private Node decimal(DuckDbType.Primitive type) {
    int precision = type.precision();
    int scale = type.scale();
    Schema schema =
        LogicalTypes.decimal(precision, scale).addToSchema(Schema.create(Schema.Type.BYTES));
    return new Node(
        schema,
        v -> {
          BigDecimal decimal = v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
          BigDecimal scaled;
          try {
            scaled = decimal.setScale(scale, RoundingMode.UNNECESSARY);
          } catch (ArithmeticException e) {
            throw new ValueException(
                "a DECIMAL value has more than the column's " + scale + " fractional digits");
          }
          if (scaled.precision() > precision) {
            throw new ValueException(
                "a DECIMAL value has more than the column's " + precision + " digits");
          }
          return ByteBuffer.wrap(scaled.unscaledValue().toByteArray());
        });
  }

  private static Object integer38(Object v) {
    BigInteger integer = v instanceof BigInteger b ? b : new BigInteger(v.toString());
    if (integer.abs().compareTo(DECIMAL_38_LIMIT) >= 0) {
      throw new ValueException(
          "a value has "
              + integer.abs().toString().length()
              + " digits; Avro decimal(38,0) holds 38: cast the column to VARCHAR or DOUBLE");
    }
    return ByteBuffer.wrap(integer.toByteArray());
  }

  private static Object bytes(Object v) throws SQLException {
    if (v instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    }
    if (v instanceof ByteBuffer b) {
      return b;
    }
    Blob blob = (Blob) v;
    long length = blob.length();
    if (length > Integer.MAX_VALUE - 8) {
      throw new ValueException("a BLOB of " + length + " bytes is larger than Java arrays");
    }
    return ByteBuffer.wrap(blob.getBytes(1, (int) length));
  }

  private static Object date(Object v) {
    LocalDate date = v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
    return Math.toIntExact(date.toEpochDay());
  }

  private static Object time(Object v) {
    LocalTime time = v instanceof java.sql.Time t ? t.toLocalTime() : (LocalTime) v;
    return time.toNanoOfDay() / 1000;
  }

  private static Schema localTimestampMicros() {
    return LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
  }

  /**
   * Micros since 1970-01-01T00:00 of the wall-clock value. A top-level column is read as
   * LocalDateTime; the driver gives nested ones as java.sql.Timestamp made in the JVM's zone, which
   * {@link Timestamp#toLocalDateTime()} undoes (exactly, except for wall-clock times inside that
   * zone's DST gaps: run the worker in UTC).
   */
  private static Object localMicros(Object v, boolean nanos) {
    LocalDateTime time = v instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) v;
    int nano = time.getNano();
    if (nanos && nano % 1000 != 0) {
      throw new ValueException(
          "a TIMESTAMP_NS value has nanoseconds below the microsecond, which Avro's"
              + " local-timestamp-micros cannot hold: cast the column to TIMESTAMP to truncate them");
    }
    return micros(time.toEpochSecond(ZoneOffset.UTC), nano);
  }

  private static Object instantMicros(Object v) {
    Instant instant;
    if (v instanceof OffsetDateTime o) {
      instant = o.toInstant();
    } else if (v instanceof ZonedDateTime z) {
      instant = z.toInstant();
    } else if (v instanceof Timestamp t) {
      instant = t.toInstant();
    } else {
      instant = (Instant) v;
    }
    return micros(instant.getEpochSecond(), instant.getNano());
  }

  /**
   * Exact, including DuckDB's infinities (stored as +-(2^63 - 1) micros, which come back as they
   * went in): for negative seconds the fraction is borrowed first so the product cannot overflow.
   */
  static long micros(long epochSecond, int nano) {
    if (epochSecond < 0 && nano > 0) {
      return Math.addExact(
          Math.multiplyExact(epochSecond + 1, 1_000_000L), nano / 1000 - 1_000_000L);
    }
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nano / 1000);
  }
}
