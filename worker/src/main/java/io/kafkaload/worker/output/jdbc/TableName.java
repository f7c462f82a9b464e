package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A table name as {@code sink.jdbc.table} gives it: {@code table} or {@code schema.table}. Each
 * part is taken literally (case kept, no folding to lower case) and always quoted in SQL; a part
 * holding a dot or a double quote is written in double quotes with quotes doubled ({@code
 * "my.schema"."Events"}). {@code schema} is null when the name has none: the connection's current
 * schema ({@code current_schema()}) is used.
 */
public record TableName(String schema, String table) {

  /** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes; longer names are truncated. */
  static final int MAX_IDENTIFIER_BYTES = 63;

  public TableName {
    if (schema != null) {
      checkIdentifier(schema, "schema");
    }
    checkIdentifier(table, "table");
  }

  /** Parses {@code table}, {@code schema.table}, with optional double-quoted parts. */
  public static TableName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ConfigException("sink.jdbc.table is empty; give `table` or `schema.table`");
    }
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            part.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          part.append(c);
        }
      } else if (c == '"' && part.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == '.') {
        parts.add(part.toString());
        part.setLength(0);
        wasQuoted = false;
      } else if (wasQuoted || c == '"') {
        throw new ConfigException(
            "sink.jdbc.table '" + text + "' is not `table` or `schema.table` (stray quote)");
      } else {
        part.append(c);
      }
    }
    if (quoted) {
      throw new ConfigException("sink.jdbc.table '" + text + "' has an unclosed double quote");
    }
    parts.add(part.toString());
    if (parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
      throw new ConfigException(
          "sink.jdbc.table '"
              + text
              + "' is not `table` or `schema.table`; quote a part that holds a dot:"
              + " \"my.schema\".events");
    }
    return parts.size() == 1
        ? new TableName(null, parts.get(0))
        : new TableName(parts.get(0), parts.get(1));
  }

  /** The name in SQL, each part quoted: {@code "schema"."table"} or {@code "table"}. */
  public String sql() {
    return schema == null ? quote(table) : quote(schema) + "." + quote(table);
  }

  /** A quoted identifier: double quotes around, inner double quotes doubled. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Refuses a name PostgreSQL would truncate or cannot hold. */
  static void checkIdentifier(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new ConfigException("the " + what + " name is empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new ConfigException("the " + what + " name holds a NUL character");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      throw new ConfigException(
          "the "
              + what
              + " name '"
              + name
              + "' is longer than PostgreSQL's 63 bytes (it would be truncated); rename it");
    }
  }

  @Override
  public String toString() {
    return sql();
  }
}
