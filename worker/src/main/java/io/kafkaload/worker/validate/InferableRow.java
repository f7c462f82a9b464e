package io.kafkaload.worker.validate;

import io.kafkaload.worker.validate.LoadPlaces.Place;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The check of a row whose columns are inferred (no schema, or names the schema keeps with {@code
 * unknownFields: Keep}): it accepts only rows that can change their own row, never the columns of
 * the others. Without it, one record (a member named like a Kafka metadata column, an empty name, a
 * name twice, nesting DuckDB cannot type, a number no column type holds) made a whole chunk
 * untypable, and a member named {@code _offset} could forge the Kafka coordinates.
 *
 * <p>A row is rejected (stage {@code validate}) when it has:
 *
 * <ul>
 *   <li>a top-level member whose name equals, ignoring case, a metadata column the load adds
 *       ({@code _offset}, ...): metadata columns always come from Kafka;
 *   <li>an empty member name, or one holding U+0000, anywhere;
 *   <li>two members of one object whose names are equal ignoring case (DuckDB's names are
 *       case-insensitive: one value would be lost);
 *   <li>a member whose name differs only in case from a name an earlier row of the load had at the
 *       same place (the load's column keeps the first spelling);
 *   <li>a value whose kind (string, number, boolean, object, array) differs from the kind earlier
 *       rows of the load (or earlier values of the row) had at the same place: the column keeps one
 *       type instead of turning into JSON for every row; integers and numbers with a fraction share
 *       a DOUBLE column as long as every integer is exact in a double (|n| at most 2^53); null fits
 *       any column;
 *   <li>nesting deeper than {@value #MAX_INFERRED_DEPTH} levels (counting the row's object) without
 *       a schema (see {@link #MAX_INFERRED_DEPTH}); DuckDB's own limit is {@value #MAX_DEPTH};
 *   <li>an integer outside [-2^63, 2^64-1] (DuckDB's exact integer types; DuckDB would read it as a
 *       rounded DOUBLE): a schema field of type {@code decimal(38,0)} or {@code string} keeps it;
 *   <li>a number with a fraction or an exponent beyond the range of a DOUBLE ({@code 1e400} would
 *       become infinity, {@code 1e-400} zero). The tokens {@code NaN}, {@code Infinity} and {@code
 *       -Infinity}, which only Avro's floats bring (JSON input refuses them), are numbers with a
 *       fraction: DuckDB reads them into the DOUBLE column as they are.
 * </ul>
 *
 * <p>Two drivers feed the same rules ({@link #open}, {@link #name}, {@link #value}): {@link #check}
 * parses a row with Jackson ({@link InferableRowParser}: rows other decoders make, such as Avro's
 * with NaN tokens, and the metadata-only check of loads with a schema); {@link InferableScan} takes
 * the JSON decoder's events, so a schemaless JSON value is read once (issue 11). The places the
 * rules remember, and the undo of a rejected row, are {@link LoadPlaces}.
 *
 * <p>Reasons name byte positions and the metadata column, never a value or a producer's name (no
 * payload in messages). One instance per run, used on the consumer thread: not thread-safe.
 */
public final class InferableRow {

  /** DuckDB's JSON nesting limit, counted from the row's object (depth 1). */
  public static final int MAX_DEPTH = 128;

  /**
   * Levels a row without a schema may nest (counting the row's object): its nested values become
   * nested Parquet, Avro and Iceberg columns, and DuckDB 2.0 reads Parquet lists nested deeper in
   * time that doubles with each level (20 levels 0.35 s, 24 levels 5 s, 28 levels a minute for one
   * value), so one deeper record would stop every reader of the load's files, the load's own merges
   * (coalesce, Overwrite) included. A schema's json field keeps deeper values as JSON text.
   */
  public static final int MAX_INFERRED_DEPTH = 16;

  /** Places longer than this are not remembered (bounded memory). */
  private static final int MAX_REMEMBERED_PLACE = 1024;

  private final Set<String> metadata = new HashSet<>();
  final boolean inferred;
  // the load's places (only those whose path is at most MAX_REMEMBERED_PLACE long are remembered)
  private final LoadPlaces places = new LoadPlaces();
  // the row being checked: its open containers (the place of each, and for an object the stamp
  // that tells its members apart from those of other objects)
  private final Place[] openPlaces = new Place[MAX_DEPTH + 1];
  private final long[] openObjects = new long[MAX_DEPTH + 1]; // 0: an array
  private final Place[] lastMembers = new Place[MAX_DEPTH + 1]; // in the object open there
  private long objects; // stamps of the objects met so far
  private Place memberPlace; // the place of the member whose value comes next
  // the details of the last rule that found a reason, for its words
  private String metadataName;
  private char kindMet;
  private char kindBefore;

  /**
   * @param metadataColumns the Kafka metadata columns the load adds to each row
   * @param inferred true when the row's columns are inferred (no schema): every rule applies; false
   *     when a schema fixes them: only the metadata rule does (the schema checks the rest)
   */
  public InferableRow(List<String> metadataColumns, boolean inferred) {
    for (String c : metadataColumns) {
      metadata.add(c.toLowerCase(Locale.ROOT));
    }
    this.inferred = inferred;
  }

  /**
   * Null when the row (one JSON object the decoder accepted) is fine, else a one-line reason. The
   * spellings and kinds of an accepted row become the load's.
   */
  public String check(byte[] row) {
    return check(row, 0, row.length);
  }

  /** Like {@link #check(byte[])} over {@code row[from, to)}. */
  public String check(byte[] row, int from, int to) {
    begin();
    String reason = InferableRowParser.check(this, row, from, to);
    end(reason == null);
    return reason;
  }

  /**
   * Starts the check of a row told by events ({@link #open}, {@link #name}, {@link #value}: see
   * {@link InferableScan}) instead of parsed by {@link #check}.
   */
  void begin() {
    places.beginRow();
  }

  /**
   * Ends the row begun by {@link #begin}: its spellings and kinds become the load's when {@code
   * keep}, else it teaches the load nothing. Returns whether they became the load's (not past the
   * bound of places).
   */
  boolean end(boolean keep) {
    return places.endRow(keep);
  }

  // What a rule found: FINE, or the reason, which reason() words with the byte offset the driver
  // gives (an offset is looked up only for a reason).
  static final int FINE = 0;
  static final int METADATA_NAME = 1;
  static final int EMPTY_NAME = 2;
  static final int NUL_IN_NAME = 3;
  static final int NAME_TWICE = 4;
  static final int OTHER_SPELLING = 5;
  static final int TOO_DEEP = 6;
  static final int BEYOND_64_BITS = 7;
  static final int OUT_OF_DOUBLE = 8;
  static final int FRACTION_AFTER_LARGE = 9;
  static final int LARGE_AFTER_FRACTION = 10;
  static final int OTHER_KIND = 11;

  /** Numbers with a point and no exponent up to this many characters need no parsing. */
  static final int MAX_PLAIN_FRACTION = 300;

  /** The reason for what a rule found ({@code rule} not FINE) at byte {@code offset}. */
  String reason(int rule, long offset) {
    return switch (rule) {
      case METADATA_NAME ->
          "member "
              + metadataName
              + " at byte "
              + offset
              + " has the name of a Kafka metadata column the load adds (metadataColumns); the"
              + " metadata column is never taken from the value";
      case EMPTY_NAME -> "empty member name at byte " + offset + " (a column needs a name)";
      case NUL_IN_NAME ->
          "member name at byte " + offset + " holds the character U+0000 (no column name can)";
      case NAME_TWICE ->
          "member name at byte "
              + offset
              + " appears twice in its object (names are compared ignoring case)";
      case OTHER_SPELLING ->
          "member name at byte "
              + offset
              + " differs only in case from the name earlier rows of this load have at that place"
              + " (a column has one spelling)";
      case TOO_DEEP ->
          "nesting deeper than "
              + (inferred ? MAX_INFERRED_DEPTH : MAX_DEPTH)
              + " levels at byte "
              + offset
              + " (the most a column can hold without a schema: readers of Parquet take time"
              + " exponential in the depth of nested lists; declare the field as json in a schema"
              + " to keep it as JSON text)";
      case BEYOND_64_BITS ->
          "integer at byte "
              + offset
              + " is beyond 64 bits (without a schema integers are BIGINT or UBIGINT; declare"
              + " the field as decimal(38,0) or string to keep it exactly)";
      case OUT_OF_DOUBLE ->
          "number at byte "
              + offset
              + " is out of range for a double (without a schema numbers with a fraction or an"
              + " exponent are DOUBLE; declare the field as decimal(p,s) or string to keep"
              + " it)";
      case FRACTION_AFTER_LARGE ->
          "number at byte "
              + offset
              + " has a fraction or an exponent where earlier rows of this load have integers"
              + " beyond 2^53 (a DOUBLE column would round them); declare the field in a schema";
      case LARGE_AFTER_FRACTION ->
          "number at byte "
              + offset
              + " is an integer beyond 2^53 where earlier rows of this load have numbers with a"
              + " fraction (a DOUBLE column would round it); declare the field in a schema";
      default ->
          "value at byte "
              + offset
              + " is "
              + describe(kindMet)
              + " where earlier rows of this load have "
              + describe(kindBefore)
              + " (a column has one type; declare the field as json in a schema to mix them)";
    };
  }

  /** An object or an array starts inside the container at {@code depth} (0: it is the row). */
  int open(int depth, boolean object) {
    if (depth == (inferred ? MAX_INFERRED_DEPTH : MAX_DEPTH)) {
      return TOO_DEEP;
    }
    Place place = valuePlace(depth);
    if (place != null) {
      int rule = kind(place, object ? OBJECT : ARRAY);
      if (rule != FINE) {
        return rule;
      }
    }
    openPlaces[depth] = place == null ? places.root : place;
    openObjects[depth] = object ? ++objects : 0;
    lastMembers[depth] = null;
    return FINE;
  }

  /** A string, boolean or number of {@code kind} inside the container at {@code depth}. */
  int value(int depth, char kind) {
    return kind(valuePlace(depth), kind);
  }

  /** The place of a value inside the container at {@code depth}: null for the row itself. */
  private Place valuePlace(int depth) {
    if (depth == 0) {
      return null;
    }
    return openObjects[depth - 1] == 0 ? places.element(openPlaces[depth - 1]) : memberPlace;
  }

  /**
   * A member named {@code name} ({@code lower}: in lower case, {@link Locale#ROOT}) of the object
   * at {@code depth} (1: the row's).
   */
  int name(int depth, String name, String lower) {
    if (name.isEmpty() && inferred) {
      return EMPTY_NAME;
    }
    if (inferred && name.indexOf('\u0000') >= 0) {
      return NUL_IN_NAME;
    }
    if (depth == 1 && metadata.contains(lower)) {
      metadataName = lower;
      return METADATA_NAME;
    }
    if (!inferred) {
      return FINE;
    }
    Place parent = openPlaces[depth - 1];
    Place last = lastMembers[depth - 1];
    Place member = last == null ? parent.firstHint : last.nextHint;
    if (member == null || member.removed || !lower.equals(member.name)) {
      member = places.member(parent, lower);
      if (last == null) {
        parent.firstHint = member;
      } else {
        last.nextHint = member;
      }
    }
    lastMembers[depth - 1] = member;
    long object = openObjects[depth - 1];
    if (member.object == object) {
      return NAME_TWICE;
    }
    member.object = object;
    memberPlace = member;
    if (member.spelling == null) {
      if (member.length <= MAX_REMEMBERED_PLACE) {
        places.changing(member);
        member.spelling = name;
      }
    } else if (!member.spelling.equals(name)) {
      return OTHER_SPELLING;
    }
    return FINE;
  }

  /**
   * Checks the kind of a value at {@code place} against the kind the load's (and this row's)
   * earlier values there had, and records it: integers and numbers with a fraction share a DOUBLE
   * column only while every integer is exact in a double; else kinds must be equal.
   */
  private int kind(Place place, char kind) {
    if (place == null || place.length > MAX_REMEMBERED_PLACE) {
      return FINE;
    }
    char before = place.kind;
    char now;
    if (before == 0 || before == kind) {
      now = kind;
    } else if (isNumber(before) && isNumber(kind)) {
      char a = (char) Math.min(before, kind);
      char b = (char) Math.max(before, kind);
      if (a == INTEGER) { // with LARGE_INTEGER or FRACTION
        now = b;
      } else { // FRACTION with LARGE_INTEGER: a DOUBLE would round the integers
        return kind == FRACTION ? FRACTION_AFTER_LARGE : LARGE_AFTER_FRACTION;
      }
    } else {
      kindMet = kind;
      kindBefore = before;
      return OTHER_KIND;
    }
    if (before != now) {
      places.changing(place);
      place.kind = now;
    }
    return FINE;
  }

  static final char INTEGER = 'a'; // exact in a double: |n| <= 2^53
  static final char LARGE_INTEGER = 'b';
  static final char FRACTION = 'c';
  static final char STRING = 's';
  static final char BOOLEAN = 't';
  private static final char OBJECT = 'o';
  private static final char ARRAY = 'r';

  private static boolean isNumber(char kind) {
    return kind == INTEGER || kind == LARGE_INTEGER || kind == FRACTION;
  }

  private static String describe(char kind) {
    return switch (kind) {
      case INTEGER, LARGE_INTEGER, FRACTION -> "a number";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case OBJECT -> "an object";
      default -> "an array";
    };
  }

  static boolean fitsDouble(long n) {
    return n >= -(1L << 53) && n <= (1L << 53);
  }
}
