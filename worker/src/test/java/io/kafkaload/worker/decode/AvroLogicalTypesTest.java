package io.kafkaload.worker.decode;

import static io.kafkaload.worker.decode.AvroTestKit.wire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logical types become exact, readable JSON; values out of range are rejected. */
class AvroLogicalTypesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      {"type":"record","name":"L","fields":[
        {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
        {"name":"big","type":{"type":"fixed","name":"F8","size":8,"logicalType":"decimal","precision":18,"scale":4}},
        {"name":"any","type":{"type":"bytes","logicalType":"big-decimal"}},
        {"name":"day","type":{"type":"int","logicalType":"date"}},
        {"name":"tm","type":{"type":"int","logicalType":"time-millis"}},
        {"name":"tu","type":{"type":"long","logicalType":"time-micros"}},
        {"name":"ms","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"us","type":{"type":"long","logicalType":"timestamp-micros"}},
        {"name":"ns","type":{"type":"long","logicalType":"timestamp-nanos"}},
        {"name":"local","type":{"type":"long","logicalType":"local-timestamp-millis"}},
        {"name":"id","type":{"type":"string","logicalType":"uuid"}},
        {"name":"raw_id","type":{"type":"fixed","name":"U16","size":16,"logicalType":"uuid"}},
        {"name":"span","type":{"type":"fixed","name":"D12","size":12,"logicalType":"duration"}},
        {"name":"maybe","type":["null",{"type":"long","logicalType":"timestamp-millis"}]}
      ]}""";

  private final TestSchemaRegistry registry = new TestSchemaRegistry();
  private final AvroDecoder decoder = AvroTestKit.decoder(registry);
  private final Schema schema = new Schema.Parser().parse(SCHEMA);
  private final int id = registry.register("l", SCHEMA);

  @AfterEach
  void stop() {
    registry.close();
  }

  /** A record of base-type values (what a producer's serializer writes for the logical ones). */
  private GenericRecord record() {
    GenericRecord r = new GenericData.Record(schema);
    r.put("price", ByteBuffer.wrap(BigInteger.valueOf(1230).toByteArray()));
    r.put("big", fixed("big", BigInteger.valueOf(-123_456_789L), 8));
    r.put(
        "any",
        new Conversions.BigDecimalConversion()
            .toBytes(new BigDecimal("-1234.5678"), null, LogicalTypes.bigDecimal()));
    r.put("day", (int) LocalDate.of(2026, 11, 25).toEpochDay());
    r.put("tm", 45_000_125);
    r.put("tu", 1L);
    r.put("ms", 1_700_000_000_123L);
    r.put("us", -1L);
    r.put("ns", 1L);
    r.put("local", 0L);
    r.put("id", "6f1e3b2a-0000-4000-8000-00000000abcd");
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    r.put(
        "raw_id",
        new GenericData.Fixed(
            schema.getField("raw_id").schema(),
            ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array()));
    r.put(
        "span",
        new GenericData.Fixed(
            schema.getField("span").schema(),
            ByteBuffer.allocate(12)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(1)
                .putInt(2)
                .putInt(-1) // unsigned: 4294967295
                .array()));
    r.put("maybe", 86_400_000L);
    return r;
  }

  private GenericData.Fixed fixed(String field, BigInteger value, int size) {
    byte[] bytes = new byte[size];
    byte[] raw = value.toByteArray();
    byte pad = (byte) (value.signum() < 0 ? 0xFF : 0);
    java.util.Arrays.fill(bytes, pad); // sign-extended, as Avro's DecimalConversion writes it
    System.arraycopy(raw, 0, bytes, size - raw.length, raw.length);
    return new GenericData.Fixed(schema.getField(field).schema(), bytes);
  }

  private JsonNode row(GenericRecord r) throws Exception {
    byte[] value = wire(id, schema, r);
    assertThat(decoder.check(value)).isNull();
    return JSON.readTree(decoder.row(value));
  }

  @Test
  void logicalTypesAsExactText() throws Exception {
    JsonNode row = row(record());

    assertThat(row.get("price").asText()).isEqualTo("12.30");
    assertThat(row.get("price").isTextual()).as("decimals stay exact: strings").isTrue();
    assertThat(row.get("big").asText()).isEqualTo("-12345.6789");
    assertThat(row.get("any").asText()).isEqualTo("-1234.5678");
    assertThat(row.get("day").asText()).isEqualTo("2026-11-25");
    assertThat(row.get("tm").asText()).isEqualTo("12:30:00.125");
    assertThat(row.get("tu").asText()).isEqualTo("00:00:00.000001");
    assertThat(row.get("ms").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(row.get("us").asText()).isEqualTo("1969-12-31T23:59:59.999999Z");
    assertThat(row.get("ns").asText()).isEqualTo("1970-01-01T00:00:00.000000001Z");
    assertThat(row.get("local").asText()).isEqualTo("1970-01-01T00:00:00.000");
    assertThat(row.get("id").asText()).isEqualTo("6f1e3b2a-0000-4000-8000-00000000abcd");
    assertThat(row.get("raw_id").asText()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(row.get("span").toString())
        .isEqualTo("{\"months\":1,\"days\":2,\"millis\":4294967295}");
    assertThat(row.get("maybe").asText()).isEqualTo("1970-01-02T00:00:00.000Z");
  }

  @Test
  void valuesOutsideTheirTypeAreRejected() {
    GenericRecord r = record();
    r.put("day", 3_000_000);
    assertThat(decoder.check(wire(id, schema, r)))
        .isEqualTo(
            "field day: date 3000000 (days since 1970-01-01) is outside years 0001-9999 (schema id "
                + id
                + ")");

    r = record();
    r.put("ms", Long.MAX_VALUE);
    assertThat(decoder.check(wire(id, schema, r)))
        .startsWith("field ms: timestamp 9223372036854775807 (ms since 1970-01-01) is outside");

    r = record();
    r.put("price", ByteBuffer.wrap(new BigInteger("12345678901").toByteArray()));
    assertThat(decoder.check(wire(id, schema, r)))
        .isEqualTo(
            "field price: decimal has more digits than its precision 10 (schema id " + id + ")");

    r = record();
    r.put("price", ByteBuffer.allocate(0));
    assertThat(decoder.check(wire(id, schema, r))).startsWith("field price: decimal has no bytes");

    r = record();
    r.put("tm", 86_400_000);
    assertThat(decoder.check(wire(id, schema, r)))
        .startsWith("field tm: time of day 86400000 is outside");
  }

  @Test
  void theLastMillisecondOfYear9999IsStillAccepted() throws Exception {
    GenericRecord r = record();
    r.put("ms", LocalDate.of(10000, 1, 1).toEpochDay() * 86_400_000L - 1);
    assertThat(row(r).get("ms").asText()).isEqualTo("9999-12-31T23:59:59.999Z");
    r.put("ms", LocalDate.of(1, 1, 1).toEpochDay() * 86_400_000L);
    assertThat(row(r).get("ms").asText()).isEqualTo("0001-01-01T00:00:00.000Z");
  }
}
