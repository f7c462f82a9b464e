package io.kafkaload.worker.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DuckDB type name as {@code DESCRIBE} prints the types {@code read_json} infers:
 *
 * <pre>
 * type   := base ("[]")*
 * base   := "STRUCT(" field ("," field)* ")" | "MAP(" type "," type ")" | quoted | word+
 * field  := (quoted | word) type
 * quoted := '"' ('""' | any other char)* '"'
 * </pre>
 *
 * Multi-word names ({@code TIMESTAMP WITH TIME ZONE}) are one scalar. Nesting follows the JSON's,
 * which DuckDB caps at 128 levels, so the recursion is bounded.
 */
final class TypeParser {

  private final String text;
  private int pos;

  TypeParser(String text) {
    this.text = text;
  }

  ColumnType type() {
    ColumnType type = base();
    while (peek("[")) {
      expect("[");
      expect("]");
      type = ColumnType.list(type);
    }
    return type;
  }

  void end() {
    skipSpaces();
    if (pos != text.length()) {
      throw fail("end of type");
    }
  }

  private ColumnType base() {
    skipSpaces();
    if (peek("\"")) {
      return ColumnType.scalar(quoted());
    }
    String word = word();
    if (word.equals("STRUCT") && peek("(")) {
      expect("(");
      List<String> names = new ArrayList<>();
      List<ColumnType> types = new ArrayList<>();
      do {
        skipSpaces();
        names.add(peek("\"") ? quoted() : word());
        types.add(type());
      } while (accept(","));
      expect(")");
      return ColumnType.struct(names, types);
    }
    if (word.equals("MAP") && peek("(")) {
      expect("(");
      ColumnType key = type();
      expect(",");
      ColumnType value = type();
      expect(")");
      return ColumnType.map(key, value);
    }
    if (word.equals("DECIMAL") && peek("(")) {
      // as DESCRIBE prints it, without spaces: DECIMAL(38,0)
      int close = text.indexOf(')', pos);
      if (close < 0) {
        throw fail("')'");
      }
      String args = text.substring(pos, close + 1).replace(" ", "");
      pos = close + 1;
      return ColumnType.scalar("DECIMAL" + args);
    }
    StringBuilder name = new StringBuilder(word);
    while (true) {
      int mark = pos;
      skipSpaces();
      if (pos < text.length() && isWordChar(text.charAt(pos))) {
        name.append(' ').append(word());
      } else {
        pos = mark;
        return ColumnType.scalar(name.toString());
      }
    }
  }

  private String word() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && isWordChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw fail("a name");
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    expect("\"");
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw fail("closing quote");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        if (pos < text.length() && text.charAt(pos) == '"') {
          s.append('"');
          pos++;
        } else {
          return s.toString();
        }
      } else {
        s.append(c);
      }
    }
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private boolean peek(String s) {
    skipSpaces();
    return text.startsWith(s, pos);
  }

  private boolean accept(String s) {
    if (peek(s)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private void expect(String s) {
    if (!accept(s)) {
      throw fail("'" + s + "'");
    }
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private IllegalArgumentException fail(String expected) {
    return new IllegalArgumentException(
        "cannot read DuckDB type at " + pos + ", expected " + expected + ": " + text);
  }
}
