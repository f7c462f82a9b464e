package io.kafkaload.worker.output.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which column types the subject's latest schema takes ({@code schemaStrategy: Latest}), what it
 * makes of their values, and the reasons it gives for a column it cannot take and a value that does
 * not fit.
 */
class LatestSchemaFitTest {

  /** A derived row schema with one column {@code c} of {@code type} (made nullable as derived). */
  private static Schema derived(String type) {
    return parse(
        "{\"type\":\"record\",\"name\":\"row\",\"fields\":[{\"name\":\"c\",\"type\":[\"null\","
            + type
            + "],\"default\":null}]}");
  }

  private static Schema latest(String fields) {
    return parse("{\"type\":\"record\",\"name\":\"Latest\",\"fields\":[" + fields + "]}");
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  private static Object write(Schema derived, Schema latest, Object value) throws Exception {
    GenericRecord row = new GenericData.Record(derived);
    row.put("c", value);
    return LatestSchemaFit.plan(derived, latest).convert(row).get("c");
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"long\"   | \"long\"                    | 5  | 5",
        "\"int\"    | \"long\"                    | 5  | 5",
        "\"int\"    | \"double\"                  | 5  | 5.0",
        "\"float\"  | \"double\"                  | 2.5| 2.5",
        "\"int\"    | [\"null\",\"string\",\"long\"] | 7  | 7",
        "\"string\" | [\"string\",\"null\"]         | x  | x",
      })
  void typesItTakesWithoutChangingAValue(String from, String to, String in, String out)
      throws Exception {
    Object value =
        switch (from) {
          case "\"long\"" -> Long.parseLong(in);
          case "\"int\"" -> Integer.parseInt(in);
          case "\"float\"" -> Float.parseFloat(in);
          default -> in;
        };
    Object written = write(derived(from), latest("{\"name\":\"c\",\"type\":" + to + "}"), value);
    assertThat(written.toString()).isEqualTo(out);
    if (to.contains("long") && !to.contains("string")) {
      assertThat(written).isInstanceOf(Long.class);
    }
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"long\"   | \"int\"    | is long in Avro, which its field's int cannot take",
        "\"long\"   | \"double\" | is long in Avro, which its field's double cannot take",
        "\"string\" | \"long\"   | is string in Avro, which its field's long cannot take",
        "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"} | \"long\""
            + " | is long (timestamp-micros) in Avro, which its field's long cannot take",
        "{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}"
            + " | {\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}"
            + " | is long (local-timestamp-micros) in Avro, which its field's long"
            + " (timestamp-millis) cannot take",
        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}"
            + " | {\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":3}"
            + " | is bytes (decimal(10,2)) in Avro, which its field's bytes (decimal(10,3))"
            + " cannot take",
      })
  void typesItRefusesNamingTheColumn(String from, String to, String why) {
    assertThatThrownBy(
            () ->
                LatestSchemaFit.plan(derived(from), latest("{\"name\":\"c\",\"type\":" + to + "}")))
        .isInstanceOf(LatestSchemaFit.Mismatch.class)
        .hasMessage("column 'c' " + why + " without changing a value");
  }

  @Test
  void aNullWhereTheFieldHasNoneIsAValueThatDoesNotFit() throws Exception {
    Schema derived = derived("\"long\"");
    assertThat(write(derived, latest("{\"name\":\"c\",\"type\":[\"null\",\"long\"]}"), null))
        .isNull();
    assertThatThrownBy(() -> write(derived, latest("{\"name\":\"c\",\"type\":\"long\"}"), null))
        .isInstanceOf(LatestSchemaFit.Unfit.class)
        .hasMessage("is null, and the latest schema's long has no null");
  }

  @Test
  void aStringIsWrittenAsAnEnumSymbolAndAnotherStringDoesNotFit() throws Exception {
    Schema derived = derived("\"string\"");
    Schema latest =
        latest(
            "{\"name\":\"c\",\"type\":{\"type\":\"enum\",\"name\":\"Status\","
                + "\"symbols\":[\"NEW\",\"PAID\"]}}");
    Object paid = write(derived, latest, "PAID");
    assertThat(paid).isInstanceOf(GenericData.EnumSymbol.class);
    assertThat(paid.toString()).isEqualTo("PAID");
    assertThatThrownBy(() -> write(derived, latest, "LOST"))
        .isInstanceOf(LatestSchemaFit.Unfit.class)
        .hasMessage("'LOST' is not a symbol of the latest schema's enum Status [NEW, PAID]");
  }

  @Test
  void aDecimalOfTheSameScaleFitsWhileItsDigitsDo() throws Exception {
    Schema derived =
        derived("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}");
    Schema narrower =
        latest(
            "{\"name\":\"c\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\","
                + "\"precision\":4,\"scale\":2}}");
    ByteBuffer small = ByteBuffer.wrap(BigInteger.valueOf(9999).toByteArray());
    assertThat(write(derived, narrower, small)).isEqualTo(small);
    assertThatThrownBy(
            () ->
                write(derived, narrower, ByteBuffer.wrap(BigInteger.valueOf(-10000).toByteArray())))
        .isInstanceOf(LatestSchemaFit.Unfit.class)
        .hasMessage("has more digits than the latest schema's decimal(4)");
  }

  @Test
  void microsAreWrittenAsMillisWhenNoDigitIsBelowTheMillisecond() throws Exception {
    Schema derived = derived("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}");
    Schema millis =
        latest(
            "{\"name\":\"c\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}");
    assertThat(write(derived, millis, 1_767_323_045_123_000L)).isEqualTo(1_767_323_045_123L);
    assertThatThrownBy(() -> write(derived, millis, 1_767_323_045_123_001L))
        .isInstanceOf(LatestSchemaFit.Unfit.class)
        .hasMessageContaining("has digits below the millisecond");
  }

  @Test
  void fieldsMatchByNameAMissingOneTakesItsDefaultAndAnExtraColumnIsRefused() throws Exception {
    Schema derived =
        parse(
            "{\"type\":\"record\",\"name\":\"row\",\"fields\":["
                + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null},"
                + "{\"name\":\"a\",\"type\":[\"null\",\"long\"],\"default\":null},"
                + "{\"name\":\"p\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"P\","
                + "\"fields\":[{\"name\":\"x\",\"type\":[\"null\",\"int\"],\"default\":null}]}],"
                + "\"default\":null}]}");
    Schema latest =
        latest(
            "{\"name\":\"a\",\"type\":\"long\"},"
                + "{\"name\":\"channel\",\"type\":\"string\",\"default\":\"web\"},"
                + "{\"name\":\"p\",\"type\":{\"type\":\"record\",\"name\":\"Point\",\"fields\":["
                + "{\"name\":\"x\",\"type\":\"long\"},"
                + "{\"name\":\"y\",\"type\":[\"null\",\"long\"],\"default\":null}]}},"
                + "{\"name\":\"b\",\"type\":[\"null\",\"string\"]}");
    GenericRecord row = new GenericData.Record(derived);
    row.put("b", "text");
    row.put("a", 3L);
    GenericRecord p = new GenericData.Record(derived.getField("p").schema().getTypes().get(1));
    p.put("x", 4);
    row.put("p", p);

    GenericRecord out = LatestSchemaFit.plan(derived, latest).convert(row);

    assertThat(out.getSchema()).isEqualTo(latest);
    assertThat(out.get("a")).isEqualTo(3L);
    assertThat(out.get("channel").toString()).isEqualTo("web");
    assertThat(out.get("b")).isEqualTo("text");
    GenericRecord point = (GenericRecord) out.get("p");
    assertThat(point.get("x")).isEqualTo(4L);
    assertThat(point.get("y")).isNull();

    p.put("x", null);
    assertThatThrownBy(() -> LatestSchemaFit.plan(derived, latest).convert(row))
        .isInstanceOf(LatestSchemaFit.Unfit.class)
        .satisfies(e -> assertThat(((LatestSchemaFit.Unfit) e).path()).isEqualTo("p.x"))
        .hasMessage("is null, and the latest schema's long has no null");

    Schema without =
        latest("{\"name\":\"a\",\"type\":\"long\"},{\"name\":\"b\",\"type\":\"string\"}");
    assertThatThrownBy(() -> LatestSchemaFit.plan(derived, without))
        .isInstanceOf(LatestSchemaFit.Mismatch.class)
        .hasMessage(
            "column 'p' is not one of its fields (a, b); drop it in the SQL or register a schema"
                + " that has it");
    Schema more =
        latest(
            "{\"name\":\"a\",\"type\":\"long\"},{\"name\":\"b\",\"type\":\"string\"},"
                + "{\"name\":\"p\",\"type\":[\"null\",\"string\"]},{\"name\":\"z\",\"type\":\"int\"}");
    assertThatThrownBy(() -> LatestSchemaFit.plan(derived, more))
        .isInstanceOf(LatestSchemaFit.Mismatch.class)
        .hasMessageStartingWith("column 'p' is record P in Avro");
  }

  @Test
  void listsAndMapsFitItemByItem() throws Exception {
    Schema list = derived("{\"type\":\"array\",\"items\":[\"null\",\"int\"]}");
    Object out =
        write(
            list,
            latest("{\"name\":\"c\",\"type\":{\"type\":\"array\",\"items\":\"long\"}}"),
            List.of(1, 2));
    assertThat(out).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(
            () ->
                write(
                    list,
                    latest("{\"name\":\"c\",\"type\":{\"type\":\"array\",\"items\":\"long\"}}"),
                    java.util.Arrays.asList(1, null)))
        .isInstanceOf(LatestSchemaFit.Unfit.class)
        .satisfies(e -> assertThat(((LatestSchemaFit.Unfit) e).path()).isEqualTo("c[1]"));
    Schema map = derived("{\"type\":\"map\",\"values\":[\"null\",\"float\"]}");
    assertThat(
            write(
                map,
                latest(
                    "{\"name\":\"c\",\"type\":{\"type\":\"map\",\"values\":[\"null\",\"double\"]}}"),
                Map.of("k", 1.5f)))
        .isEqualTo(Map.of("k", 1.5d));
  }
}
