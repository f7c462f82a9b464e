package io.kafkaload.worker.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels (counting the row's object), DuckDB's limit;
 *   <li>an integer outside [-2^63, 2^64-1] (DuckDB's exact integer types; DuckDB would read it as a
 *       rounded DOUBLE): a schema field of type {@code decimal(38,0)} or {@code string} keeps it;
 *   <li>a number with a fraction or an exponent beyond the range of a DOUBLE ({@code 1e400} would
 *       become infinity, {@code 1e-400} zero). The tokens {@code NaN}, {@code Infinity} and {@code
 *       -Infinity}, which only Avro's floats bring (JSON input refuses them), are numbers with a
 *       fraction: DuckDB reads them into the DOUBLE column as they are.
 * </ul>
 *
 * <p>Reasons name byte positions and the metadata column, never a value or a producer's name (no
 * payload in messages). One instance per run, used on the consumer thread: not thread-safe.
 */
public final class InferableRow {

  /** DuckDB's JSON nesting limit, counted from the row's object (depth 1). */
  public static final int MAX_DEPTH = 128;

  /** Places remembered per load; past this, new places are not checked (a map's many keys). */
  static final int MAX_PLACES = 200_000;

  private static final BigInteger MIN_INT = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_INT = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** Places longer than this are not remembered (bounded memory). */
  private static final int MAX_REMEMBERED_PLACE = 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .maxDocumentLength(-1)
                  .build())
          // Avro's NaN and infinities reach the rows as bare tokens (AvroRows)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private final Set<String> metadata = new HashSet<>();
  private final boolean inferred;
  // the load's places: a place is the path of lower-case names from the row (see path()); for the
  // place of a member, its first spelling, then the kind of its values
  private final Map<String, String> spellings = new HashMap<>();
  private final Map<String, Character> kinds = new HashMap<>();
  // the row being checked: its open containers (names of an object so far; null for an array)
  private final List<Set<String>> open = new ArrayList<>();
  // the name sets of open objects, one per depth, reused row after row (no allocation per object)
  private final List<Set<String>> nameSets = new ArrayList<>();
  // the place of each member under each place, built once (no string built per member and row)
  private final Map<String, Map<String, String>> memberPlaces = new HashMap<>();
  private int cachedPlaces;
  private final List<String> places = new ArrayList<>();
  private final Map<String, String> rowSpellings = new HashMap<>();
  private final Map<String, Character> rowKinds = new HashMap<>();
  private String memberPlace;

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
    open.clear();
    places.clear();
    rowSpellings.clear();
    rowKinds.clear();
    String reason;
    try (JsonParser p = JSON.createParser(row, from, to - from)) {
      reason = walk(p);
    } catch (IOException e) {
      // the decoder accepted the row, so not expected; Jackson's message may quote the value
      reason = "not readable as JSON by the column inference";
    }
    if (reason == null && spellings.size() + kinds.size() < MAX_PLACES) {
      rowSpellings.forEach(spellings::putIfAbsent);
      rowKinds.forEach(kinds::put);
    }
    return reason;
  }

  private String walk(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          if (!inferred && open.size() == 1) {
            p.skipChildren(); // only top-level names matter
            continue;
          }
          if (open.size() == MAX_DEPTH) {
            return "nesting deeper than "
                + MAX_DEPTH
                + " levels at byte "
                + offset(p)
                + " (the most a column can hold without a schema)";
          }
          String place = valuePlace();
          if (place != null) {
            String reason = kind(p, place, t == JsonToken.START_OBJECT ? OBJECT : ARRAY);
            if (reason != null) {
              return reason;
            }
          }
          open.add(t == JsonToken.START_OBJECT ? names(open.size()) : null);
          places.add(place == null ? "" : place);
        }
        case END_OBJECT, END_ARRAY -> {
          open.remove(open.size() - 1);
          places.remove(places.size() - 1);
        }
        case FIELD_NAME -> {
          String reason = name(p);
          if (reason != null) {
            return reason;
          }
        }
        case VALUE_NUMBER_INT -> {
          if (!inferred) {
            continue;
          }
          boolean big = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
          if (big && outOfRange(p.getBigIntegerValue())) {
            return "integer at byte "
                + offset(p)
                + " is beyond 64 bits (without a schema integers are BIGINT or UBIGINT; declare"
                + " the field as decimal(38,0) or string to keep it exactly)";
          }
          boolean exactInDouble =
              !big
                  && (p.getNumberType() == JsonParser.NumberType.INT
                      || fitsDouble(p.getLongValue()));
          String reason = kind(p, valuePlace(), exactInDouble ? INTEGER : LARGE_INTEGER);
          if (reason != null) {
            return reason;
          }
        }
        case VALUE_NUMBER_FLOAT -> {
          if (!inferred) {
            continue;
          }
          // NaN and infinities come only from Avro floats (JSON input has no such token): DuckDB
          // reads them into the DOUBLE column as they are
          double d = p.getDoubleValue();
          boolean token = isLetterToken(p);
          if (!token && Double.isInfinite(d) || (d == 0 && p.getDecimalValue().signum() != 0)) {
            return "number at byte "
                + offset(p)
                + " is out of range for a double (without a schema numbers with a fraction or an"
                + " exponent are DOUBLE; declare the field as decimal(p,s) or string to keep"
                + " it)";
          }
          String reason = kind(p, valuePlace(), FRACTION);
          if (reason != null) {
            return reason;
          }
        }
        case VALUE_STRING, VALUE_TRUE, VALUE_FALSE -> {
          if (!inferred) {
            continue;
          }
          String reason = kind(p, valuePlace(), t == JsonToken.VALUE_STRING ? STRING : BOOLEAN);
          if (reason != null) {
            return reason;
          }
        }
        default -> {} // null fits any column
      }
    }
    return null;
  }

  /** {@code NaN}, {@code Infinity} or {@code -Infinity} as written, not an overflowing number. */
  private static boolean isLetterToken(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int at = p.getTextOffset();
    return text[at] == 'N' || text[at] == 'I' || text[at] == '-' && text[at + 1] == 'I';
  }

  /** An empty set for the names of an object at {@code depth}. */
  private Set<String> names(int depth) {
    while (nameSets.size() <= depth) {
      nameSets.add(new HashSet<>());
    }
    Set<String> names = nameSets.get(depth);
    names.clear();
    return names;
  }

  /** The place of member {@code lower} of the object at {@code parent}. */
  private String memberPlace(String parent, String lower) {
    Map<String, String> members = memberPlaces.get(parent);
    String place = members == null ? null : members.get(lower);
    if (place == null) {
      place = parent + "\u0001" + lower;
      if (cachedPlaces < MAX_PLACES) { // bounded memory: past the bound, built each time
        memberPlaces.computeIfAbsent(parent, k -> new HashMap<>()).put(lower, place);
        cachedPlaces++;
      }
    }
    return place;
  }

  /** The place of the value at the parser: null for the row itself. */
  private String valuePlace() {
    if (open.isEmpty()) {
      return null;
    }
    return open.get(open.size() - 1) == null
        ? places.get(places.size() - 1) + "\u0002"
        : memberPlace;
  }

  private String name(JsonParser p) throws IOException {
    String name = p.currentName();
    if (name.isEmpty() && inferred) {
      return "empty member name at byte " + offset(p) + " (a column needs a name)";
    }
    if (inferred && name.indexOf('\u0000') >= 0) {
      return "member name at byte "
          + offset(p)
          + " holds the character U+0000 (no column name can)";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (open.size() == 1 && metadata.contains(lower)) {
      return "member "
          + lower
          + " at byte "
          + offset(p)
          + " has the name of a Kafka metadata column the load adds (metadataColumns); the"
          + " metadata column is never taken from the value";
    }
    if (!inferred) {
      return null;
    }
    if (!open.get(open.size() - 1).add(lower)) {
      return "member name at byte "
          + offset(p)
          + " appears twice in its object (names are compared ignoring case)";
    }
    memberPlace = memberPlace(places.get(places.size() - 1), lower);
    String first = rowSpellings.get(memberPlace);
    if (first == null) {
      first = spellings.get(memberPlace);
    }
    if (first == null) {
      if (memberPlace.length() <= MAX_REMEMBERED_PLACE) {
        rowSpellings.put(memberPlace, name);
      }
    } else if (!first.equals(name)) {
      return "member name at byte "
          + offset(p)
          + " differs only in case from the name earlier rows of this load have at that place"
          + " (a column has one spelling)";
    }
    return null;
  }

  /**
   * Checks the kind of a value at {@code place} against the kind the load's (and this row's)
   * earlier values there had, and records it: integers and numbers with a fraction share a DOUBLE
   * column only while every integer is exact in a double; else kinds must be equal.
   */
  private String kind(JsonParser p, String place, char kind) {
    if (place.length() > MAX_REMEMBERED_PLACE) {
      return null;
    }
    Character before = rowKinds.get(place);
    if (before == null) {
      before = kinds.get(place);
    }
    char now;
    if (before == null || before == kind) {
      now = kind;
    } else if (isNumber(before) && isNumber(kind)) {
      char a = (char) Math.min(before, kind);
      char b = (char) Math.max(before, kind);
      if (a == INTEGER) { // with LARGE_INTEGER or FRACTION
        now = b;
      } else { // FRACTION with LARGE_INTEGER: a DOUBLE would round the integers
        return "number at byte "
            + offset(p)
            + (kind == FRACTION
                ? " has a fraction or an exponent where earlier rows of this load have integers"
                    + " beyond 2^53 (a DOUBLE column would round them)"
                : " is an integer beyond 2^53 where earlier rows of this load have numbers with a"
                    + " fraction (a DOUBLE column would round it)")
            + "; declare the field in a schema";
      }
    } else {
      return "value at byte "
          + offset(p)
          + " is "
          + describe(kind)
          + " where earlier rows of this load have "
          + describe(before)
          + " (a column has one type; declare the field as json in a schema to mix them)";
    }
    if (before == null || before != now) {
      rowKinds.put(place, now);
    }
    return null;
  }

  private static final char INTEGER = 'a'; // exact in a double: |n| <= 2^53
  private static final char LARGE_INTEGER = 'b';
  private static final char FRACTION = 'c';
  private static final char STRING = 's';
  private static final char BOOLEAN = 't';
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

  private static boolean fitsDouble(long n) {
    return n >= -(1L << 53) && n <= (1L << 53);
  }

  private static boolean outOfRange(BigInteger n) {
    return n.compareTo(MIN_INT) < 0 || n.compareTo(MAX_INT) > 0;
  }

  private static long offset(JsonParser p) {
    return p.currentTokenLocation().getByteOffset();
  }
}
