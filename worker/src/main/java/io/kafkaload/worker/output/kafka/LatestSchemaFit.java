package io.kafkaload.worker.output.kafka;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * How the rows of a chunk, as records of the schema derived from their columns, are written with
 * the subject's latest schema ({@code sink.kafka.schemaStrategy: Latest}). Planned once per derived
 * schema: every field of the latest schema is a column of the same name (or the latest schema's
 * default, when no column has its name), every column is a field, and each column's type is written
 * as its field's without changing a value: the same type; {@code int} as {@code long} or {@code
 * double}; {@code float} as {@code double}; a string as an enum (per value: one of its symbols); a
 * decimal as a decimal of the same scale (per value: within the field's precision); micros
 * timestamps and times as millis (per value: no digit below the millisecond); a union branch that
 * takes the type. Anything else refuses the plan, naming the column and why.
 *
 * <p>A value the plan cannot rule out but the field does not take (a null where the field has no
 * null, a string that is no symbol of the enum, a digit too many) is {@link Unfit}: its row is
 * refused with that reason.
 */
final class LatestSchemaFit {

  /** The property {@code AvroMapping} keeps a field's original name in when it was sanitised. */
  private static final String ORIGINAL_NAME = "kafkaload.name";

  /** A value the latest schema does not take; {@link #getMessage()} says where and why. */
  static final class Unfit extends Exception {
    private String path;

    Unfit(String path, String reason) {
      super(reason, null, false, false);
      this.path = path;
    }

    Unfit within(String segment) {
      path = segment + path;
      return this;
    }

    /** Where, from the column on ({@code payload.items[2]}). */
    String path() {
      return path;
    }
  }

  /** A column's type that the latest schema's field cannot take. */
  static final class Mismatch extends Exception {
    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Converter {
    /** {@code value}: a non-null datum of the derived schema; returns the latest schema's. */
    Object convert(Object value) throws Unfit;
  }

  private final Schema latest;
  private final Converter row;

  private LatestSchemaFit(Schema latest, Converter row) {
    this.latest = latest;
    this.row = row;
  }

  /**
   * The plan writing records of {@code derived} (the columns' schema) with {@code latest}.
   *
   * @throws Mismatch naming the column (or the latest schema's field) and why it cannot be written
   */
  static LatestSchemaFit plan(Schema derived, Schema latest) throws Mismatch {
    if (latest.getType() != Schema.Type.RECORD) {
      throw new Mismatch(
          "it is a " + latest.getType().getName() + ", not a record a row can be written as");
    }
    return new LatestSchemaFit(latest, record(derived, latest, null));
  }

  /** {@code derived} (a record of the derived schema) as a record of the latest schema. */
  GenericRecord convert(GenericRecord derived) throws Unfit {
    return (GenericRecord) row.convert(derived);
  }

  Schema latest() {
    return latest;
  }

  private static int find(Schema record, String name) {
    List<Schema.Field> fields = record.getFields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      if (name.equals(fields.get(i).getProp(ORIGINAL_NAME))) {
        return i;
      }
    }
    return -1;
  }

  private static String names(List<Schema.Field> fields) {
    List<String> names = new ArrayList<>();
    for (Schema.Field f : fields) {
      names.add(f.name());
    }
    return String.join(", ", names);
  }

  /**
   * A place that may hold null: {@code from} is the derived {@code ["null", T]} (or {@code "null"}
   * for a column of nulls), {@code to} the latest schema's type there, a union or not.
   */
  private static Converter slot(Schema from, Schema to, String where) throws Mismatch {
    Schema value = nonNull(from);
    boolean nullable = to.getType() == Schema.Type.NULL || to.isNullable();
    Converter branch;
    if (value == null) {
      branch = v -> v;
    } else if (to.getType() == Schema.Type.UNION) {
      branch = null;
      Mismatch first = null;
      for (Schema b : to.getTypes()) {
        if (b.getType() == Schema.Type.NULL) {
          continue;
        }
        try {
          branch = fit(value, b, where);
          break;
        } catch (Mismatch m) {
          first = first == null ? m : first;
        }
      }
      if (branch == null) {
        throw first != null ? first : mismatch(where, value, to);
      }
    } else if (to.getType() == Schema.Type.NULL) {
      throw mismatch(where, value, to);
    } else {
      branch = fit(value, to, where);
    }
    if (value == null && !nullable) {
      throw new Mismatch(
          "column '" + where + "' holds only nulls (type NULL), and its field is " + describe(to));
    }
    Converter converter = branch;
    return v -> {
      if (v == null) {
        if (!nullable) {
          throw new Unfit("", "is null, and the latest schema's " + describe(to) + " has no null");
        }
        return null;
      }
      return converter.convert(v);
    };
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() == Schema.Type.NULL) {
      return null;
    }
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema b : schema.getTypes()) {
        if (b.getType() != Schema.Type.NULL) {
          return b;
        }
      }
      return null;
    }
    return schema;
  }

  /** {@code from} (not null, not a union) written as {@code to} (not a union). */
  private static Converter fit(Schema from, Schema to, String where) throws Mismatch {
    Schema.Type f = from.getType();
    Schema.Type t = to.getType();
    LogicalType fl = from.getLogicalType();
    LogicalType tl = to.getLogicalType();
    if (f == Schema.Type.RECORD && t == Schema.Type.RECORD) {
      return record(from, to, where);
    }
    if (f == Schema.Type.ARRAY && t == Schema.Type.ARRAY) {
      Converter item = slot(from.getElementType(), to.getElementType(), where + "[]");
      return v -> {
        List<?> in = (List<?>) v;
        List<Object> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
          try {
            out.add(item.convert(in.get(i)));
          } catch (Unfit e) {
            throw e.within("[" + i + "]");
          }
        }
        return out;
      };
    }
    if (f == Schema.Type.MAP && t == Schema.Type.MAP) {
      Converter entry = slot(from.getValueType(), to.getValueType(), where + "{}");
      return v -> {
        Map<?, ?> in = (Map<?, ?>) v;
        Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
        for (Map.Entry<?, ?> e : in.entrySet()) {
          try {
            out.put(e.getKey(), entry.convert(e.getValue()));
          } catch (Unfit u) {
            throw u.within("{" + e.getKey() + "}");
          }
        }
        return out;
      };
    }
    if (fl instanceof LogicalTypes.Decimal fd) {
      if (tl instanceof LogicalTypes.Decimal td
          && t == Schema.Type.BYTES
          && td.getScale() == fd.getScale()) {
        if (td.getPrecision() >= fd.getPrecision()) {
          return v -> v;
        }
        BigInteger limit = BigInteger.TEN.pow(td.getPrecision());
        return v -> {
          ByteBuffer bytes = ((ByteBuffer) v).duplicate();
          byte[] b = new byte[bytes.remaining()];
          bytes.get(b);
          if (new BigInteger(b).abs().compareTo(limit) >= 0) {
            throw new Unfit(
                "", "has more digits than the latest schema's decimal(" + td.getPrecision() + ")");
          }
          return v;
        };
      }
      throw mismatch(where, from, to);
    }
    String fName = fl == null ? null : fl.getName();
    String tName = tl == null ? null : tl.getName();
    if (fName != null && fName.equals(tName) && f == t) {
      return v -> v;
    }
    if (fName != null && tName != null) {
      Converter millis = millis(fName, tName, f, t);
      if (millis != null) {
        return millis;
      }
      throw mismatch(where, from, to);
    }
    if ("uuid".equals(fName) && tl == null && t == Schema.Type.STRING) {
      return v -> v;
    }
    if (fl != null || tl != null) {
      throw mismatch(where, from, to);
    }
    if (f == t && f != Schema.Type.ENUM && f != Schema.Type.FIXED) {
      return v -> v;
    }
    if (f == Schema.Type.INT && t == Schema.Type.LONG) {
      return v -> ((Integer) v).longValue();
    }
    if (f == Schema.Type.INT && t == Schema.Type.DOUBLE) {
      return v -> ((Integer) v).doubleValue();
    }
    if (f == Schema.Type.FLOAT && t == Schema.Type.DOUBLE) {
      return v -> ((Float) v).doubleValue();
    }
    if (f == Schema.Type.STRING && t == Schema.Type.ENUM) {
      List<String> symbols = to.getEnumSymbols();
      return v -> {
        String s = v.toString();
        if (!to.hasEnumSymbol(s)) {
          throw new Unfit(
              "",
              "'"
                  + (s.length() > 100 ? s.substring(0, 100) + "..." : s)
                  + "' is not a symbol of the latest schema's enum "
                  + to.getName()
                  + " "
                  + symbols);
        }
        return new GenericData.EnumSymbol(to, s);
      };
    }
    throw mismatch(where, from, to);
  }

  /** Micros timestamps and times as the same kind in millis, or null. */
  private static Converter millis(String from, String to, Schema.Type f, Schema.Type t) {
    boolean timestamp =
        (from.equals("timestamp-micros") && to.equals("timestamp-millis"))
            || (from.equals("local-timestamp-micros") && to.equals("local-timestamp-millis"));
    if (timestamp && f == Schema.Type.LONG && t == Schema.Type.LONG) {
      return v -> {
        long micros = (Long) v;
        if (micros % 1000 != 0) {
          throw new Unfit(
              "",
              "has digits below the millisecond, which the latest schema's " + to + " cannot hold");
        }
        return micros / 1000;
      };
    }
    if (from.equals("time-micros") && to.equals("time-millis") && t == Schema.Type.INT) {
      return v -> {
        long micros = (Long) v;
        if (micros % 1000 != 0) {
          throw new Unfit("", "has digits below the millisecond, which time-millis cannot hold");
        }
        return (int) (micros / 1000);
      };
    }
    return null;
  }

  /**
   * A record of {@code from} as one of {@code to}, field by field by name; {@code where}: the
   * column it is (null: the row, whose fields are the columns).
   */
  private static Converter record(Schema from, Schema to, String where) throws Mismatch {
    List<Schema.Field> toFields = to.getFields();
    int n = toFields.size();
    Converter[] converters = new Converter[n];
    int[] sources = new int[n];
    Object[] defaults = new Object[n];
    String[] segments = new String[n];
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Schema.Field field = toFields.get(i);
      int source = find(from, field.name());
      sources[i] = source;
      if (source < 0) {
        if (!field.hasDefaultValue()) {
          throw new Mismatch(
              where == null
                  ? "its field '"
                      + field.name()
                      + "' has no default, and the rows have no column of that name; add the"
                      + " column in the SQL"
                  : "column '"
                      + where
                      + "' has no field '"
                      + field.name()
                      + "', which the latest schema's record "
                      + to.getName()
                      + " has without a default");
        }
        defaults[i] = GenericData.get().getDefaultValue(field);
        continue;
      }
      used.add(source);
      Schema.Field sourceField = from.getFields().get(source);
      String original = sourceField.getProp(ORIGINAL_NAME);
      String name = original == null ? sourceField.name() : original;
      segments[i] = where == null ? name : "." + name;
      converters[i] =
          slot(sourceField.schema(), field.schema(), where == null ? name : where + segments[i]);
    }
    for (int c = 0; c < from.getFields().size(); c++) {
      if (!used.contains(c)) {
        Schema.Field extra = from.getFields().get(c);
        String name =
            extra.getProp(ORIGINAL_NAME) == null ? extra.name() : extra.getProp(ORIGINAL_NAME);
        throw new Mismatch(
            where == null
                ? "column '"
                    + name
                    + "' is not one of its fields ("
                    + names(toFields)
                    + "); drop it in the SQL or register a schema that has it"
                : "column '"
                    + where
                    + "' has a field '"
                    + name
                    + "' that the latest schema's record "
                    + to.getName()
                    + " has not ("
                    + names(toFields)
                    + ")");
      }
    }
    return v -> {
      GenericRecord in = (GenericRecord) v;
      GenericData.Record out = new GenericData.Record(to);
      for (int i = 0; i < n; i++) {
        if (sources[i] < 0) {
          out.put(i, defaults[i]);
        } else {
          try {
            out.put(i, converters[i].convert(in.get(sources[i])));
          } catch (Unfit e) {
            throw e.within(segments[i]);
          }
        }
      }
      return out;
    };
  }

  private static Mismatch mismatch(String where, Schema from, Schema to) {
    return new Mismatch(
        "column '"
            + where
            + "' is "
            + describe(from)
            + " in Avro, which its field's "
            + describe(to)
            + " cannot take without changing a value");
  }

  /** A type as messages show it: {@code long (timestamp-millis)}, {@code record Item}. */
  static String describe(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      List<String> types = new ArrayList<>();
      for (Schema b : schema.getTypes()) {
        types.add(describe(b));
      }
      return "union " + types;
    }
    LogicalType logical = schema.getLogicalType();
    String base =
        switch (schema.getType()) {
          case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getName();
          case ARRAY -> "array of " + describe(schema.getElementType());
          case MAP -> "map of " + describe(schema.getValueType());
          default -> schema.getType().getName();
        };
    if (logical instanceof LogicalTypes.Decimal d) {
      return base + " (decimal(" + d.getPrecision() + "," + d.getScale() + "))";
    }
    return logical == null ? base : base + " (" + logical.getName() + ")";
  }
}
