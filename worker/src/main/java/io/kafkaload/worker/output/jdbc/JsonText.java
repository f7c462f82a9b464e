package io.kafkaload.worker.output.jdbc;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * The JSON text of a nested DuckDB value as its JDBC driver returns it (STRUCT as {@link
 * DuckDBStruct}, LIST and ARRAY as {@link Array}, MAP as {@link Map}, JSON as its text): objects
 * keep the field order, dates and times become ISO-8601 strings, UUIDs strings, BLOBs base64
 * strings. NaN and Infinity have no JSON form: {@link NotJson} names them.
 */
final class JsonText {
  private JsonText() {}

  /** A value with no JSON form. */
  static final class NotJson extends Exception {
    NotJson(String message) {
      super(message, null, false, false);
    }
  }

  static String of(Object value) throws SQLException, NotJson {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) throws SQLException, NotJson {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Boolean
        || v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof java.math.BigInteger) {
      out.append(v);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new NotJson("a nested value holds " + d + ", which JSON cannot represent");
      }
      out.append(d);
    } else if (v instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        throw new NotJson("a nested value holds " + f + ", which JSON cannot represent");
      }
      out.append(f);
    } else if (v instanceof BigDecimal d) {
      out.append(d.toString());
    } else if (v instanceof DuckDBStruct s) {
      object(s.getMap(), out);
    } else if (v instanceof Struct s) {
      array(s.getAttributes(), out);
    } else if (v instanceof Map<?, ?> m) {
      object(m, out);
    } else if (v instanceof Array a) {
      array((Object[]) a.getArray(), out);
    } else if (v instanceof Object[] a) {
      array(a, out);
    } else if (v instanceof Collection<?> c) {
      array(c.toArray(), out);
    } else if (v instanceof org.duckdb.JsonNode j) {
      out.append(j.toString());
    } else if (v instanceof Timestamp t) {
      string(t.toLocalDateTime().toString(), out);
    } else if (v instanceof byte[] b) {
      string(Base64.getEncoder().encodeToString(b), out);
    } else if (v instanceof ByteBuffer b) {
      ByteBuffer d = b.duplicate();
      byte[] bytes = new byte[d.remaining()];
      d.get(bytes);
      string(Base64.getEncoder().encodeToString(bytes), out);
    } else if (v instanceof Blob b) {
      string(Base64.getEncoder().encodeToString(b.getBytes(1, (int) b.length())), out);
    } else {
      string(v.toString(), out);
    }
  }

  private static void object(Map<?, ?> m, StringBuilder out) throws SQLException, NotJson {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(String.valueOf(e.getKey()), out);
      out.append(':');
      write(e.getValue(), out);
    }
    out.append('}');
  }

  private static void array(Object[] a, StringBuilder out) throws SQLException, NotJson {
    out.append('[');
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      write(a[i], out);
    }
    out.append(']');
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
