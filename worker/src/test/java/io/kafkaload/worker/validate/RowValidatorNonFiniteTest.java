package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.run;
import static io.kafkaload.worker.validate.F.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.Field;
import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import org.junit.jupiter.api.Test;

/**
 * Avro {@code float}/{@code double} NaN and infinities reach the validator as the bare tokens
 * {@code NaN}, {@code Infinity}, {@code -Infinity} (AvroRows): with {@code nonFinite} a double
 * field writes them as they are, every other type rejects them by name, and JSON input (no {@code
 * nonFinite}) never gets them past the validator.
 */
class RowValidatorNonFiniteTest {

  private static final String[] TOKENS = {"NaN", "Infinity", "-Infinity"};

  private static String avro(UnknownFields unknown, Field field, String row) {
    return run(RowValidator.of(schema(unknown, field), null, true), row);
  }

  private static String avro(Field field, String value) {
    return avro(null, field, "{\"" + field.name() + "\":" + value + "}");
  }

  @Test
  void aDoubleFieldWritesTheTokenAsItIs() {
    for (String t : TOKENS) {
      assertThat(avro(f("d", "double"), t)).isEqualTo("{\"d\":" + t + "}");
    }
    assertThat(avro(f("d", "double"), "-0.0")).isEqualTo("{\"d\":-0.0}");
  }

  @Test
  void aStringFieldWritesItsText() {
    for (String t : TOKENS) {
      assertThat(avro(f("s", "string"), t)).isEqualTo("{\"s\":\"" + t + "\"}");
    }
  }

  @Test
  void otherTypesRejectItNamingTheField() {
    assertThat(avro(f("n", "long"), "NaN")).isEqualTo("REJECT: field n: NaN is not a long");
    assertThat(avro(f("n", "int"), "-Infinity"))
        .isEqualTo("REJECT: field n: -Infinity is not an int");
    assertThat(avro(f("n", "decimal(10,2)"), "Infinity"))
        .isEqualTo("REJECT: field n: Infinity is not a decimal(10,2)");
    assertThat(avro(f("n", "boolean"), "NaN")).isEqualTo("REJECT: field n: NaN is not a boolean");
    assertThat(avro(f("n", "timestamp"), "NaN")).startsWith("REJECT: field n: NaN is not ");
    for (String v : new String[] {"NaN", "[1.5,-Infinity]", "{\"x\":Infinity}"}) {
      assertThat(avro(f("j", "json"), v))
          .isEqualTo(
              "REJECT: field j: holds NaN or Infinity, which a json value cannot (JSON has no"
                  + " number for them); declare the number as a double field");
    }
  }

  @Test
  void keptMembersKeepItAndDroppedOnesAreSkipped() {
    String row = "{\"id\":1,\"m\":NaN,\"r\":{\"v\":-Infinity}}";
    assertThat(avro(UnknownFields.Keep, f("id", "long"), row)).isEqualTo(row);
    assertThat(avro(UnknownFields.Ignore, f("id", "long"), row)).isEqualTo("{\"id\":1}");
  }

  @Test
  void jsonInputStillRefusesTheTokens() {
    RowValidator json = RowValidator.of(schema(UnknownFields.Keep, f("d", "double")), null);
    assertThat(run(json, "{\"d\":NaN}")).startsWith("REJECT: invalid JSON at byte 5");
    assertThat(run(json, "{\"d\":1,\"m\":Infinity}")).startsWith("REJECT: invalid JSON at byte");
    assertThat(run(json, "{\"d\":-Infinity}")).startsWith("REJECT: invalid JSON at byte 5");
  }
}
