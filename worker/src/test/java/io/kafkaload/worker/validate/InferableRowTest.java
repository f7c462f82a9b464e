package io.kafkaload.worker.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one row without a schema may not do to the others' columns, rule by rule. */
class InferableRowTest {

  private static String check(InferableRow rows, String json) {
    return rows.check(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void metadataNamesAreNeverTakenFromTheValueWhateverTheirCase() {
    InferableRow rows = new InferableRow(List.of("_offset", "_key"), true);
    assertThat(check(rows, "{\"id\":1,\"_offset\":5}"))
        .isEqualTo(
            "member _offset at byte 8 has the name of a Kafka metadata column the load adds"
                + " (metadataColumns); the metadata column is never taken from the value");
    assertThat(check(rows, "{\"_KEY\":\"x\"}")).startsWith("member _key at byte 1 has the name");
    // nested members and columns the load does not add are ordinary names
    assertThat(check(rows, "{\"a\":{\"_offset\":1},\"_partition\":2}")).isNull();
    // with a schema only this rule applies
    InferableRow typed = new InferableRow(List.of("_offset"), false);
    assertThat(check(typed, "{\"_offset\":1}")).startsWith("member _offset at byte 1");
    assertThat(check(typed, "{\"a\":1,\"a\":\"x\",\"\":1e400}")).isNull();
  }

  @Test
  void namesThatCannotBeColumnsAreRejectedWithTheirPosition() {
    InferableRow rows = new InferableRow(List.of(), true);
    assertThat(check(rows, "{\"\":1}"))
        .isEqualTo("empty member name at byte 1 (a column needs a name)");
    assertThat(check(rows, "{\"a\":{\"\":1}}")).startsWith("empty member name at byte 6");
    assertThat(check(rows, "{\"a\\u0000\":1}"))
        .isEqualTo("member name at byte 1 holds the character U+0000 (no column name can)");
    assertThat(check(rows, "{\"a\":1,\"a\":2}"))
        .isEqualTo(
            "member name at byte 7 appears twice in its object (names are compared ignoring"
                + " case)");
    assertThat(check(rows, "{\"a\":1,\"A\":2}")).startsWith("member name at byte 7 appears twice");
    // the same names in separate objects are fine
    assertThat(check(rows, "{\"x\":{\"a\":1},\"y\":{\"a\":2},\"l\":[{\"a\":1},{\"a\":2}]}"))
        .isNull();
    // the load's first spelling wins
    assertThat(check(rows, "{\"Amount\":1}")).isNull();
    assertThat(check(rows, "{\"amount\":2}"))
        .isEqualTo(
            "member name at byte 1 differs only in case from the name earlier rows of this load"
                + " have at that place (a column has one spelling)");
    assertThat(check(rows, "{\"Amount\":3}")).isNull();
  }

  @Test
  void nestingBeyondWhatParquetReadersTakeIsRejected() {
    InferableRow rows = new InferableRow(List.of(), true);
    String ok = "{\"x\":" + "[".repeat(15) + "]".repeat(15) + "}";
    String deep = "{\"x\":" + "[".repeat(16) + "]".repeat(16) + "}";
    String deepObjects = "{\"z\":" + "{\"y\":".repeat(16) + "1" + "}".repeat(16) + "}";
    assertThat(check(rows, ok)).isNull();
    assertThat(check(rows, deep))
        .isEqualTo(
            "nesting deeper than 16 levels at byte 20 (the most a column can hold without a"
                + " schema: readers of Parquet take time exponential in the depth of nested lists;"
                + " declare the field as json in a schema to keep it as JSON text)");
    assertThat(check(rows, deepObjects)).startsWith("nesting deeper than 16 levels at byte ");
  }

  @Test
  void numbersNoColumnTypeHoldsExactlyAreRejected() {
    InferableRow rows = new InferableRow(List.of(), true);
    assertThat(check(rows, "{\"a\":18446744073709551615,\"b\":-9223372036854775808}")).isNull();
    assertThat(check(rows, "{\"a\":18446744073709551616}"))
        .isEqualTo(
            "integer at byte 5 is beyond 64 bits (without a schema integers are BIGINT or"
                + " UBIGINT; declare the field as decimal(38,0) or string to keep it exactly)");
    assertThat(check(rows, "{\"b\":-9223372036854775809}")).startsWith("integer at byte 5");
    assertThat(check(rows, "{\"c\":1e400}")).startsWith("number at byte 5 is out of range");
    assertThat(check(rows, "{\"c\":-1e-400}")).startsWith("number at byte 5 is out of range");
    assertThat(check(rows, "{\"c\":0.0e-400,\"d\":1e308,\"e\":5e-324}")).isNull();
    assertThat(check(rows, "{\"c\":-1e400}")).startsWith("number at byte 5 is out of range");
  }

  @Test
  void exponentsBeyondAnIntAreOutOfRangeNotAnError() {
    InferableRow rows = new InferableRow(List.of(), true);
    // a huge negative exponent is zero in a double but not written as zero: out of range, like
    // 1e-400 (it was a NumberFormatException thrown out of the check)
    assertThat(check(rows, "{\"c\":1e-99999999999999999999}"))
        .startsWith("number at byte 5 is out of range for a double");
    assertThat(check(rows, "{\"c\":-2.5E-3000000000}")).startsWith("number at byte 5 is out");
    assertThat(check(rows, "{\"c\":1e99999999999999999999}")).startsWith("number at byte 5 is");
    assertThat(check(rows, "{\"c\":0.000e-99999999999999999999,\"d\":0E-3000000000}")).isNull();
  }

  @Test
  void avroNanAndInfinitiesAreNumbersWithAFraction() {
    InferableRow rows = new InferableRow(List.of(), true);
    assertThat(check(rows, "{\"f\":NaN,\"d\":1.5,\"l\":[Infinity,-0.0]}")).isNull();
    assertThat(check(rows, "{\"f\":2.5,\"d\":-Infinity,\"l\":[NaN,3]}")).isNull();
    assertThat(check(rows, "{\"d\":\"NaN\"}")).isNotNull(); // a string is still another kind
  }

  @Test
  void aValueOfAnotherKindCannotChangeTheColumnOfTheOthers() {
    InferableRow rows = new InferableRow(List.of(), true);
    assertThat(check(rows, "{\"amount\":10,\"tags\":[\"a\"],\"user\":{\"id\":1}}")).isNull();
    assertThat(check(rows, "{\"amount\":\"10\"}"))
        .isEqualTo(
            "value at byte 10 is a string where earlier rows of this load have a number (a"
                + " column has one type; declare the field as json in a schema to mix them)");
    assertThat(check(rows, "{\"tags\":[1]}")).startsWith("value at byte 9 is a number");
    assertThat(check(rows, "{\"user\":{\"id\":true}}")).startsWith("value at byte 14 is a boolean");
    assertThat(check(rows, "{\"user\":[]}")).startsWith("value at byte 8 is an array");
    // within one row too
    assertThat(check(rows, "{\"x\":[1,\"a\"]}")).startsWith("value at byte 8 is a string");
    // null fits; integers and fractions share a DOUBLE column while the integers are exact
    assertThat(check(rows, "{\"amount\":null,\"user\":null}")).isNull();
    assertThat(check(rows, "{\"amount\":10.5}")).isNull();
    assertThat(check(rows, "{\"amount\":9007199254740993}"))
        .startsWith("number at byte 10 is an integer beyond 2^53 where earlier rows");
    assertThat(check(rows, "{\"id\":9007199254740993}")).isNull();
    assertThat(check(rows, "{\"id\":1.5}"))
        .startsWith("number at byte 6 has a fraction or an exponent where earlier rows");
    // a rejected row teaches nothing
    assertThat(check(rows, "{\"n\":\"x\",\"amount\":\"bad\"}")).isNotNull();
    assertThat(check(rows, "{\"n\":1}")).isNull();
  }

  @Test
  void aRejectedRowTeachesTheLoadNothing() {
    InferableRow rows = new InferableRow(List.of(), true);
    // rejected for its duplicate name, after its new members set a spelling and kinds
    assertThat(check(rows, "{\"Z\":\"s\",\"w\":[1],\"a\":1,\"a\":2}"))
        .startsWith("member name at byte 23 appears twice");
    assertThat(check(rows, "{\"z\":5,\"w\":[\"x\"],\"a\":true}")).isNull();
    assertThat(check(rows, "{\"Z\":1}")).startsWith("member name at byte 1 differs only in case");
    assertThat(check(rows, "{\"w\":[2]}")).startsWith("value at byte 6 is a number");
  }

  @Test
  void integersBeyondTwoToThe53DoNotShareAColumnWithFractions() {
    InferableRow large = new InferableRow(List.of(), true);
    assertThat(check(large, "{\"n\":9007199254740993}")).isNull(); // 16 digits, beyond 2^53
    assertThat(check(large, "{\"n\":1.5}")).startsWith("number at byte 5 has a fraction");
    InferableRow exact = new InferableRow(List.of(), true);
    assertThat(check(exact, "{\"n\":-999999999999999}")).isNull(); // 15 digits: exact
    assertThat(check(exact, "{\"n\":1.5}")).isNull();
    assertThat(check(exact, "{\"n\":9007199254740993}"))
        .startsWith("number at byte 5 is an integer");
  }
}
