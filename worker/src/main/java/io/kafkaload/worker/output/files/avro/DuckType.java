package io.kafkaload.worker.output.files.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DuckDB type as {@code ResultSetMetaData.getColumnTypeName} spells it, read into a tree:
 *
 * <pre>
 * type   := base ("[" digits? "]")*
 * base   := "STRUCT(" field ("," field)* ")" | "MAP(" type "," type ")" | quoted | words args?
 * field  := (quoted | word) type
 * args   := "(" anything with balanced parentheses and quotes ")"
 * quoted := '"' ('""' | any other char)* '"'
 * </pre>
 *
 * Multi-word names ({@code TIMESTAMP WITH TIME ZONE}) are one scalar; the arguments of other
 * scalars ({@code DECIMAL(10,2)}, {@code ENUM('a', 'b')}, {@code UNION(...)}) are kept as raw text
 * split at their top-level commas.
 */
sealed interface DuckType {

  /** A type without children the writer looks into; {@code name} is upper case. */
  record Scalar(String name, List<String> args) implements DuckType {}

  /** {@code T[]} (a LIST) or {@code T[n]} (a fixed-size ARRAY, {@code size} not null). */
  record ListOf(DuckType element, Integer size) implements DuckType {}

  record Struct(List<String> names, List<DuckType> types) implements DuckType {}

  record MapOf(DuckType key, DuckType value) implements DuckType {}

  /** Reads a whole type text; IllegalArgumentException naming the position when it is not one. */
  static DuckType parse(String text) {
    Parser parser = new Parser(text);
    DuckType type = parser.type(0);
    parser.end();
    return type;
  }

  /** The scalar's name, or "" for a nested type. */
  default String scalarName() {
    return this instanceof Scalar s ? s.name() : "";
  }

  /** Recursive descent; DuckDB caps nesting, and so does {@link #MAX_DEPTH} here. */
  final class Parser {
    private static final int MAX_DEPTH = 256;
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    DuckType type(int depth) {
      if (depth > MAX_DEPTH) {
        throw fail("a type nested at most " + MAX_DEPTH + " levels");
      }
      DuckType type = base(depth);
      while (peek('[')) {
        pos++;
        skipSpaces();
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        Integer size = start == pos ? null : Integer.valueOf(text.substring(start, pos));
        expect(']');
        type = new ListOf(type, size);
      }
      return type;
    }

    void end() {
      skipSpaces();
      if (pos != text.length()) {
        throw fail("the end of the type");
      }
    }

    private DuckType base(int depth) {
      skipSpaces();
      if (peek('"')) {
        return new Scalar(quoted().toUpperCase(Locale.ROOT), List.of());
      }
      String word = word();
      String upper = word.toUpperCase(Locale.ROOT);
      if (upper.equals("STRUCT") && peek('(')) {
        pos++;
        List<String> names = new ArrayList<>();
        List<DuckType> types = new ArrayList<>();
        do {
          skipSpaces();
          names.add(peek('"') ? quoted() : word());
          types.add(type(depth + 1));
        } while (accept(','));
        expect(')');
        return new Struct(List.copyOf(names), List.copyOf(types));
      }
      if (upper.equals("MAP") && peek('(')) {
        pos++;
        DuckType key = type(depth + 1);
        expect(',');
        DuckType value = type(depth + 1);
        expect(')');
        return new MapOf(key, value);
      }
      StringBuilder name = new StringBuilder(upper);
      while (true) {
        int mark = pos;
        skipSpaces();
        if (pos > mark && pos < text.length() && isWordChar(text.charAt(pos))) {
          name.append(' ').append(word().toUpperCase(Locale.ROOT));
        } else {
          pos = mark;
          break;
        }
      }
      List<String> args = peek('(') ? args() : List.of();
      return new Scalar(name.toString(), args);
    }

    /** The raw arguments between balanced parentheses, split at top-level commas. */
    private List<String> args() {
      expect('(');
      List<String> args = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      int level = 0;
      while (true) {
        if (pos >= text.length()) {
          throw fail("')'");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
          int start = pos;
          skipQuoted(c);
          current.append(text, start, pos);
          continue;
        }
        pos++;
        if (c == '(') {
          level++;
        } else if (c == ')') {
          if (level == 0) {
            args.add(current.toString().trim());
            return List.copyOf(args);
          }
          level--;
        } else if (c == ',' && level == 0) {
          args.add(current.toString().trim());
          current.setLength(0);
          continue;
        }
        current.append(c);
      }
    }

    private void skipQuoted(char quote) {
      pos++;
      while (true) {
        if (pos >= text.length()) {
          throw fail("closing " + quote);
        }
        if (text.charAt(pos++) == quote) {
          if (pos < text.length() && text.charAt(pos) == quote) {
            pos++;
          } else {
            return;
          }
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
      expect('"');
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
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private boolean peek(char c) {
      skipSpaces();
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
      if (!accept(c)) {
        throw fail("'" + c + "'");
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException fail(String expected) {
      return new IllegalArgumentException(
          "cannot read DuckDB type '" + text + "': expected " + expected + " at position " + pos);
    }
  }
}
