package io.kafkaload.worker.transform.types;

import io.kafkaload.worker.transform.types.DuckDbType.ListOf;
import io.kafkaload.worker.transform.types.DuckDbType.MapOf;
import io.kafkaload.worker.transform.types.DuckDbType.Primitive;
import io.kafkaload.worker.transform.types.DuckDbType.Struct;
import io.kafkaload.worker.transform.types.DuckDbType.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one reader of DuckDB type text, by recursive descent:
 *
 * <pre>
 * type    := base ("[" digits? "]")*
 * base    := ("STRUCT" | "ROW" | "UNION") "(" member ("," member)* ")" | "MAP(" type "," type ")"
 *          | quoted | word+ args?
 * member  := (quoted | word) type
 * args    := "(" anything with balanced parentheses and quotes ")"
 * quoted  := '"' ('""' | any other char)* '"'
 * </pre>
 *
 * Multi-word names ({@code TIMESTAMP WITH TIME ZONE}) are one primitive; {@code T[a][b]} is an
 * ARRAY of b ARRAYs of a. DuckDB caps nesting, and so does {@link #MAX_DEPTH} here.
 */
final class DuckDbTypeParser {

  private static final int MAX_DEPTH = 256;
  private final String text;
  private int pos;

  private DuckDbTypeParser(String text) {
    this.text = text;
  }

  static DuckDbType parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no DuckDB type given");
    }
    DuckDbTypeParser parser = new DuckDbTypeParser(text);
    DuckDbType type = parser.type(0);
    parser.skipSpaces();
    if (parser.pos != text.length()) {
      throw parser.fail("end of type");
    }
    return type;
  }

  private DuckDbType type(int depth) {
    if (depth > MAX_DEPTH) {
      throw fail("a type nested at most " + MAX_DEPTH + " levels");
    }
    DuckDbType type = base(depth);
    while (accept('[')) {
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

  private DuckDbType base(int depth) {
    skipSpaces();
    if (peek('"')) {
      return primitive(quoted().toUpperCase(Locale.ROOT), List.of());
    }
    String word = word().toUpperCase(Locale.ROOT);
    if ((word.equals("STRUCT") || word.equals("ROW")) && accept('(')) {
      Members members = members(depth);
      return new Struct(members.names(), members.types());
    }
    if (word.equals("UNION") && accept('(')) {
      Members members = members(depth);
      return new Union(members.names(), members.types());
    }
    if (word.equals("MAP") && accept('(')) {
      DuckDbType key = type(depth + 1);
      expect(',');
      DuckDbType value = type(depth + 1);
      expect(')');
      return new MapOf(key, value);
    }
    StringBuilder name = new StringBuilder(word);
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
    return primitive(name.toString(), args);
  }

  /** The names and types of STRUCT fields or UNION members, after the opening parenthesis. */
  private record Members(List<String> names, List<DuckDbType> types) {}

  private Members members(int depth) {
    List<String> names = new ArrayList<>();
    List<DuckDbType> types = new ArrayList<>();
    do {
      skipSpaces();
      names.add(peek('"') ? quoted() : word());
      types.add(type(depth + 1));
    } while (accept(','));
    expect(')');
    return new Members(names, types);
  }

  /** DuckDB's name for an alias; DECIMAL with its precision and scale (default 18, 3). */
  private Primitive primitive(String name, List<String> args) {
    String canonical = DuckDbType.ALIASES.getOrDefault(name, name);
    if (!canonical.equals("DECIMAL")) {
      return new Primitive(canonical, args);
    }
    if (args.isEmpty()) {
      return new Primitive("DECIMAL", List.of("18", "3"));
    }
    if (args.size() > 2 || !args.stream().allMatch(a -> a.matches("\\d{1,9}"))) {
      throw fail("DECIMAL(precision, scale) of numbers");
    }
    int precision = Integer.parseInt(args.get(0));
    int scale = args.size() == 2 ? Integer.parseInt(args.get(1)) : 0;
    return new Primitive("DECIMAL", List.of(Integer.toString(precision), Integer.toString(scale)));
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
        "cannot read DuckDB type at " + pos + ", expected " + expected + ": " + text);
  }
}
