package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.InferableRow.BEYOND_64_BITS;
import static io.kafkaload.worker.validate.InferableRow.BOOLEAN;
import static io.kafkaload.worker.validate.InferableRow.FINE;
import static io.kafkaload.worker.validate.InferableRow.FRACTION;
import static io.kafkaload.worker.validate.InferableRow.INTEGER;
import static io.kafkaload.worker.validate.InferableRow.LARGE_INTEGER;
import static io.kafkaload.worker.validate.InferableRow.MAX_PLAIN_FRACTION;
import static io.kafkaload.worker.validate.InferableRow.OUT_OF_DOUBLE;
import static io.kafkaload.worker.validate.InferableRow.STRING;
import static io.kafkaload.worker.validate.InferableRow.fitsDouble;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;

/**
 * {@link InferableRow#check}'s driver: a row parsed with Jackson (rows other decoders make, such as
 * Avro's with NaN tokens, and the metadata-only check of loads with a schema), its tokens turned
 * into the rules' events ({@link InferableRow#open}, {@link InferableRow#name}, {@link
 * InferableRow#value}) with numbers classified as the rules need them. The other driver is {@link
 * InferableScan}, on the JSON decoder's own events. Static; the parser is the only allocation.
 */
final class InferableRowParser {

  private static final JsonFactory JSON = io.kafkaload.worker.decode.RowJson.FACTORY;

  private static final BigInteger MIN_INT = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_INT = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private InferableRowParser() {}

  /** The rules' reason for the row {@code row[from, to)}, or null when it is fine. */
  static String check(InferableRow rules, byte[] row, int from, int to) {
    try (JsonParser p = JSON.createParser(row, from, to - from)) {
      return walk(rules, p);
    } catch (IOException e) {
      // the decoder accepted the row, so not expected; Jackson's message may quote the value
      return "not readable as JSON by the column inference";
    }
  }

  private static String walk(InferableRow rules, JsonParser p) throws IOException {
    boolean inferred = rules.inferred;
    int depth = 0;
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      int rule;
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          if (!inferred && depth == 1) {
            p.skipChildren(); // only top-level names matter
            continue;
          }
          rule = rules.open(depth, t == JsonToken.START_OBJECT);
          depth++;
        }
        case END_OBJECT, END_ARRAY -> {
          depth--;
          continue;
        }
        case FIELD_NAME -> {
          String name = p.currentName();
          rule = rules.name(depth, name, name.toLowerCase(Locale.ROOT));
        }
        case VALUE_NUMBER_INT -> {
          if (!inferred) {
            continue;
          }
          if (digits(p) <= 15) { // below 10^15 < 2^53: exact in a double, no need to parse it
            rule = rules.value(depth, INTEGER);
          } else {
            boolean big = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
            if (big && outOfRange(p.getBigIntegerValue())) {
              rule = BEYOND_64_BITS;
            } else {
              boolean exactInDouble =
                  !big
                      && (p.getNumberType() == JsonParser.NumberType.INT
                          || fitsDouble(p.getLongValue()));
              rule = rules.value(depth, exactInDouble ? INTEGER : LARGE_INTEGER);
            }
          }
        }
        case VALUE_NUMBER_FLOAT -> {
          if (!inferred) {
            continue;
          }
          // NaN and infinities come only from Avro floats (JSON input has no such token): DuckDB
          // reads them into the DOUBLE column as they are
          if (plainFraction(p)) { // digits and a point, no exponent: neither infinite nor zero
            rule = rules.value(depth, FRACTION);
          } else {
            double d = p.getDoubleValue();
            boolean token = isLetterToken(p);
            if (!token && Double.isInfinite(d) || (d == 0 && !writtenAsZero(p))) {
              rule = OUT_OF_DOUBLE;
            } else {
              rule = rules.value(depth, FRACTION);
            }
          }
        }
        case VALUE_STRING, VALUE_TRUE, VALUE_FALSE -> {
          if (!inferred) {
            continue;
          }
          rule = rules.value(depth, t == JsonToken.VALUE_STRING ? STRING : BOOLEAN);
        }
        default -> {
          continue; // null fits any column
        }
      }
      if (rule != FINE) {
        return rules.reason(rule, offset(p));
      }
    }
    return null;
  }

  /** The digits of the integer at the parser, its sign not counted. */
  private static int digits(JsonParser p) throws IOException {
    int length = p.getTextLength();
    return p.getTextCharacters()[p.getTextOffset()] == '-' ? length - 1 : length;
  }

  /**
   * Whether the number at the parser is digits with a point and nothing else, short enough that a
   * double holds it without overflow to infinity or underflow to zero (at most 300 characters:
   * below 10^300 and, when not zero, at least 10^-300).
   */
  private static boolean plainFraction(JsonParser p) throws IOException {
    int length = p.getTextLength();
    if (length > MAX_PLAIN_FRACTION) {
      return false;
    }
    char[] text = p.getTextCharacters();
    int from = p.getTextOffset();
    for (int i = from; i < from + length; i++) {
      char c = text[i];
      if ((c < '0' || c > '9') && c != '.' && c != '-') {
        return false; // an exponent, or a NaN/Infinity token
      }
    }
    return true;
  }

  /**
   * Whether the number at the parser is written as zero: no digit but 0 before its exponent. Read
   * from the text, as {@code getDecimalValue()} refuses exponents beyond an int ({@code
   * 1e-99999999999999999999}).
   */
  private static boolean writtenAsZero(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int from = p.getTextOffset();
    for (int i = from; i < from + p.getTextLength(); i++) {
      char c = text[i];
      if (c == 'e' || c == 'E') {
        break;
      }
      if (c >= '1' && c <= '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code NaN}, {@code Infinity} or {@code -Infinity} as written, not an overflowing number. */
  private static boolean isLetterToken(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int at = p.getTextOffset();
    return text[at] == 'N' || text[at] == 'I' || text[at] == '-' && text[at + 1] == 'I';
  }

  private static boolean outOfRange(BigInteger n) {
    return n.compareTo(MIN_INT) < 0 || n.compareTo(MAX_INT) > 0;
  }

  private static long offset(JsonParser p) {
    return p.currentTokenLocation().getByteOffset();
  }
}
