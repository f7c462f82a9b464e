package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads a DuckDB type name and gives the Iceberg type that holds its values without loss.
 *
 * <pre>
 * type   := base ("[" digits? "]")*
 * base   := "STRUCT(" field ("," field)* ")" | "MAP(" type "," type ")" | "DECIMAL(" p "," s ")"
 *         | word+
 * field  := (quoted | word) type
 * </pre>
 *
 * Every field is optional (DuckDB columns may hold NULL). A column whose values are all null
 * (DuckDB's type {@code NULL}, also quoted) is a string column, as in PostgreSQL. Types without a
 * lossless Iceberg type (HUGEINT, UBIGINT, INTERVAL, TIMESTAMP_NS, UNION, ...) are refused naming
 * the column, with a hint to CAST them in the transform.
 */
final class DuckDbTypes {

  private final String column;
  private final String text;
  private final IntSupplier ids;
  private int pos;

  private DuckDbTypes(String column, String text, IntSupplier ids) {
    this.column = column;
    this.text = text;
    this.ids = ids;
  }

  /** The Iceberg type of DuckDB type {@code duckDbType} of column {@code column}. */
  static Type toIceberg(String column, String duckDbType, IntSupplier ids) {
    DuckDbTypes parser = new DuckDbTypes(column, duckDbType, ids);
    Type type = parser.type();
    parser.skipSpaces();
    if (parser.pos != parser.text.length()) {
      throw parser.fail("unexpected text at position " + parser.pos);
    }
    return type;
  }

  private Type type() {
    Type type = base();
    while (true) {
      skipSpaces();
      if (!accept('[')) {
        return type;
      }
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      expect(']');
      type = Types.ListType.ofOptional(ids.getAsInt(), type);
    }
  }

  private Type base() {
    skipSpaces();
    if (peek('"')) {
      // DuckDB's type of a column whose values are all null, quoted as ColumnType writes it
      String quoted = quoted();
      if (quoted.equalsIgnoreCase("NULL")) {
        return Types.StringType.get();
      }
      throw fail("unexpected type name \"" + quoted + "\"");
    }
    String word = word().toUpperCase(Locale.ROOT);
    skipSpaces();
    if (word.equals("STRUCT") && accept('(')) {
      List<Types.NestedField> fields = new ArrayList<>();
      do {
        skipSpaces();
        String name = peek('"') ? quoted() : word();
        Type fieldType = type();
        fields.add(Types.NestedField.optional(ids.getAsInt(), name, fieldType));
        skipSpaces();
      } while (accept(','));
      expect(')');
      return Types.StructType.of(fields);
    }
    if (word.equals("MAP") && accept('(')) {
      int keyId = ids.getAsInt();
      int valueId = ids.getAsInt();
      Type key = type();
      skipSpaces();
      expect(',');
      Type value = type();
      skipSpaces();
      expect(')');
      return Types.MapType.ofOptional(keyId, valueId, key, value);
    }
    if ((word.equals("DECIMAL") || word.equals("NUMERIC")) && accept('(')) {
      int precision = number();
      int scale = 0;
      skipSpaces();
      if (accept(',')) {
        scale = number();
      }
      skipSpaces();
      expect(')');
      if (precision > 38) {
        throw fail("DECIMAL(" + precision + "," + scale + ") is wider than Iceberg's 38 digits");
      }
      return Types.DecimalType.of(precision, scale);
    }
    StringBuilder name = new StringBuilder(word);
    while (true) {
      int mark = pos;
      skipSpaces();
      if (pos < text.length() && isWordChar(text.charAt(pos))) {
        name.append(' ').append(word().toUpperCase(Locale.ROOT));
      } else {
        pos = mark;
        break;
      }
    }
    return scalar(name.toString());
  }

  private Type scalar(String name) {
    return switch (name) {
      case "BIGINT", "INT8", "LONG", "UINTEGER", "UINT32" -> Types.LongType.get();
      case "INTEGER",
          "INT",
          "INT4",
          "SIGNED",
          "SMALLINT",
          "INT2",
          "SHORT",
          "TINYINT",
          "INT1",
          "USMALLINT",
          "UINT16",
          "UTINYINT",
          "UINT8" ->
          Types.IntegerType.get();
      case "DOUBLE", "FLOAT8" -> Types.DoubleType.get();
      case "FLOAT", "REAL", "FLOAT4" -> Types.FloatType.get();
      case "DECIMAL", "NUMERIC" -> Types.DecimalType.of(18, 3);
      // NULL: a column whose values are all null (as PostgreSQL's text, the sink's choice)
      case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "JSON", "NULL" -> Types.StringType.get();
      case "BOOLEAN", "BOOL", "LOGICAL" -> Types.BooleanType.get();
      case "DATE" -> Types.DateType.get();
      case "TIME" -> Types.TimeType.get();
      case "TIMESTAMP", "DATETIME" -> Types.TimestampType.withoutZone();
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> Types.TimestampType.withZone();
      case "BLOB", "BYTEA", "BINARY", "VARBINARY" -> Types.BinaryType.get();
      case "UUID" -> Types.UUIDType.get();
      default ->
          throw fail(
              "DuckDB type "
                  + name
                  + " has no lossless Iceberg type; CAST it in the transform (for example"
                  + " HUGEINT/UBIGINT to DECIMAL(38,0), TIMESTAMP_NS to TIMESTAMP, INTERVAL or"
                  + " UNION to VARCHAR)");
    };
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && isWordChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw fail("expected a type name at position " + start);
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw fail("unterminated quoted name");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        if (pos < text.length() && text.charAt(pos) == '"') {
          out.append('"');
          pos++;
        } else {
          return out.toString();
        }
      } else {
        out.append(c);
      }
    }
  }

  private int number() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw fail("expected a number at position " + start);
    }
    return Integer.parseInt(text.substring(start, pos));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private boolean accept(char c) {
    if (peek(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    skipSpaces();
    if (!accept(c)) {
      throw fail("expected '" + c + "' at position " + pos);
    }
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private ConfigException fail(String why) {
    return new ConfigException("column " + column + " (DuckDB type " + text + "): " + why);
  }
}
