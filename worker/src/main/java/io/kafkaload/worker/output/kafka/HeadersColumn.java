package io.kafkaload.worker.output.kafka;

import io.kafkaload.worker.transform.types.DuckDbType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The column whose value becomes a record's headers ({@code sink.kafka.headers}): a {@code MAP}
 * (its entries in order), or a list of {@code STRUCT(key, value)} (the shape of the Kafka source's
 * {@code _headers} metadata column: order and repeated names kept). Names are the keys' text;
 * values their text as UTF-8 (nested values as JSON), a null value a header with a null value; a
 * null column no headers. DuckDB flattens the column into {@code [name, value, name, value, ...]}
 * ({@link #expression}), read here per row ({@link #read}).
 */
final class HeadersColumn {

  private HeadersColumn() {}

  /**
   * The SQL that turns {@code column} (a quoted, qualified reference) of DuckDB type {@code type}
   * into a {@code VARCHAR[]} of names and values; an {@link IOException} naming the column and its
   * type when headers cannot come from it.
   */
  static String expression(String name, String column, String type) throws IOException {
    DuckDbType parsed;
    try {
      parsed = DuckDbType.parse(type);
    } catch (RuntimeException e) {
      throw wrongType(name, type);
    }
    if (parsed instanceof DuckDbType.MapOf map) {
      return "flatten(list_transform(map_entries("
          + column
          + "), lambda e: ["
          + text("e.key", map.key())
          + ", "
          + text("e.value", map.value())
          + "]))";
    }
    if (parsed instanceof DuckDbType.ListOf list
        && list.element() instanceof DuckDbType.Struct struct) {
      int k = field(struct, "key");
      int v = field(struct, "value");
      if (k >= 0 && v >= 0) {
        String key = "e." + quote(struct.names().get(k));
        String value = "e." + quote(struct.names().get(v));
        return "flatten(list_transform("
            + column
            + ", lambda e: ["
            + text(key, struct.types().get(k))
            + ", "
            + text(value, struct.types().get(v))
            + "]))";
      }
    }
    throw wrongType(name, type);
  }

  /** The headers of the current row of {@code rs} (column {@code index}); empty when null. */
  static List<Header> read(ResultSet rs, int index) throws SQLException, Refused {
    Array array = rs.getArray(index);
    if (array == null) {
      return List.of();
    }
    Object[] items = (Object[]) array.getArray();
    List<Header> headers = new ArrayList<>(items.length / 2);
    for (int i = 0; i + 1 < items.length; i += 2) {
      Object name = items[i];
      Object value = items[i + 1];
      if (name == null) {
        if (value == null) {
          continue; // a null entry of the list: no header
        }
        throw new Refused("a header of sink.kafka.headers has a null name (Kafka needs one)");
      }
      headers.add(
          new RecordHeader(
              name.toString(),
              value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8)));
    }
    return headers;
  }

  /** A row whose headers cannot be sent. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private static IOException wrongType(String name, String type) {
    return new IOException(
        "spec.sink.kafka.headers: the column "
            + name
            + " is "
            + type
            + "; headers come from a MAP (e.g. MAP(VARCHAR, VARCHAR)) or a list of STRUCT(key"
            + " VARCHAR, value VARCHAR) such as the _headers metadata column: make the column one"
            + " in transform.sql (e.g. MAP {'source': 'orders'} AS hdrs), or name another");
  }

  private static int field(DuckDbType.Struct struct, String name) {
    for (int i = 0; i < struct.names().size(); i++) {
      if (struct.names().get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String text(String expression, DuckDbType type) {
    return nested(type)
        ? "to_json(" + expression + ")::VARCHAR"
        : "CAST(" + expression + " AS VARCHAR)";
  }

  private static boolean nested(DuckDbType type) {
    return type instanceof DuckDbType.Struct
        || type instanceof DuckDbType.MapOf
        || type instanceof DuckDbType.ListOf
        || type instanceof DuckDbType.Union
        || (type instanceof DuckDbType.Primitive p
            && p.name().toUpperCase(Locale.ROOT).equals("JSON"));
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
