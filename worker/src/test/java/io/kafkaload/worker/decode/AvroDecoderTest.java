package io.kafkaload.worker.decode;

import static io.kafkaload.worker.decode.AvroTestKit.frame;
import static io.kafkaload.worker.decode.AvroTestKit.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.registry.TestSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Confluent wire format against golden bytes, and every way a value is rejected. */
class AvroDecoderTest {

  static final String USER =
      "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"name\",\"type\":\"string\"},"
          + "{\"name\":\"email\",\"type\":[\"null\",\"string\"]},"
          + "{\"name\":\"score\",\"type\":\"int\"}]}";

  /** id 150 (zig-zag 300: AC 02), "Ada" (length 3: 06), email null (branch 0), score -3 (05). */
  static final int[] ADA = {0xAC, 0x02, 0x06, 'A', 'd', 'a', 0x00, 0x05};

  /** id -1 (01), "" (00), email "a@b" (branch 1: 02, length 06), score 64 (zig-zag 128: 80 01). */
  static final int[] EMPTY_NAME = {0x01, 0x00, 0x02, 0x06, 'a', '@', 'b', 0x80, 0x01};

  private final TestSchemaRegistry registry = new TestSchemaRegistry();
  private final AvroDecoder decoder = AvroTestKit.decoder(registry);

  @AfterEach
  void stop() {
    registry.close();
  }

  private int user() {
    registry.nextId(7);
    return registry.register("users-value", USER);
  }

  private String row(byte[] value) {
    assertThat(decoder.check(value)).isNull();
    return new String(decoder.row(value), StandardCharsets.UTF_8);
  }

  @Test
  void goldenBytesDecodeToTheExpectedRows() {
    assertThat(user()).isEqualTo(7);
    byte[] ada = frame(7, ADA);
    assertThat(Arrays.copyOf(ada, 5)).containsExactly(0, 0, 0, 0, 7);

    assertThat(row(ada)).isEqualTo("{\"id\":150,\"name\":\"Ada\",\"email\":null,\"score\":-3}");
    assertThat(row(frame(7, EMPTY_NAME)))
        .isEqualTo("{\"id\":-1,\"name\":\"\",\"email\":\"a@b\",\"score\":64}");
  }

  @Test
  void goldenBytesAreWhatAvroItselfWrites() {
    user();
    Schema schema = new Schema.Parser().parse(USER);
    GenericRecord ada = new GenericData.Record(schema);
    ada.put("id", 150L);
    ada.put("name", "Ada");
    ada.put("score", -3);
    GenericRecord other = new GenericData.Record(schema);
    other.put("id", -1L);
    other.put("name", "");
    other.put("email", "a@b");
    other.put("score", 64);

    assertThat(wire(7, schema, ada)).isEqualTo(frame(7, ADA));
    assertThat(wire(7, schema, other)).isEqualTo(frame(7, EMPTY_NAME));
  }

  @Test
  void framingRejects() {
    user();
    assertThat(decoder.check(null)).isEqualTo("null value (tombstone)");
    assertThat(decoder.check(new byte[0])).isEqualTo("empty value");
    assertThat(decoder.check("{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(
            "magic byte 0x7b is not 0: not the Confluent wire format (byte 0, a 4-byte schema id,"
                + " Avro binary)");
    assertThat(decoder.check(new byte[] {1, 0, 0, 0, 7})).startsWith("magic byte 0x01 is not 0");
    assertThat(decoder.check(new byte[] {0, 0, 0}))
        .isEqualTo(
            "too short for the Confluent wire format: 3 bytes, its header alone is 5 (byte 0 and a"
                + " 4-byte schema id)");
  }

  @Test
  void unknownSchemaIdIsRejectedAndTheWorkerGoesOn() {
    user();
    assertThat(decoder.check(frame(8, ADA)))
        .startsWith("unknown schema id 8: the schema registry has none (")
        .contains("404");
    assertThat(decoder.check(frame(-2, ADA))).startsWith("unknown schema id -2:");
    assertThat(row(frame(7, ADA))).contains("\"Ada\"");
  }

  @Test
  void corruptBodiesAreRejectedNamingTheFieldAndByte() {
    user();
    byte[] ada = frame(7, ADA);
    assertThat(decoder.check(Arrays.copyOf(ada, ada.length - 1)))
        .isEqualTo(
            "field score: Avro body truncated at byte 12: a varint that starts at byte 12 is cut"
                + " off (schema id 7)");
    assertThat(decoder.check(Arrays.copyOf(ada, 9)))
        .isEqualTo(
            "field name: Avro body truncated at byte 9: a string at byte 7 has 3 bytes, 1 left"
                + " (schema id 7)");
    assertThat(decoder.check(frame(7)))
        .isEqualTo(
            "field id: Avro body truncated at byte 5: a varint that starts at byte 5 is cut off"
                + " (schema id 7)");
    assertThat(decoder.check(frame(7, 0xAC, 0x02, 0x06, 'A', 'd', 'a', 0x00, 0x05, 0xFF)))
        .isEqualTo("trailing data: the record ends at byte 13, the value at byte 14 (schema id 7)");
    assertThat(decoder.check(frame(7, 0xAC, 0x02, 0x06, 'A', 'd', 'a', 0x0A, 0x05)))
        .isEqualTo(
            "field email: union index 5 at byte 11 is out of range (2 branches) (schema id 7)");
    assertThat(decoder.check(frame(7, 0xAC, 0x02, 0x06, 'A', 'd', 'a', 0x01, 0x05)))
        .startsWith("field email: union index -1 at byte 11 is out of range");
    assertThat(decoder.check(frame(7, 0xAC, 0x02, 0x06, 'A', 0xFF, 'a', 0x00, 0x05)))
        .isEqualTo("field name: not valid UTF-8 at byte 9 (schema id 7)");
    assertThat(decoder.check(frame(7, 0xAC, 0x02, 0x03, 'A', 'd', 'a', 0x00, 0x05)))
        .isEqualTo("field name: negative length -2 of a string at byte 7 (schema id 7)");
    assertThat(
            decoder.check(
                frame(7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)))
        .isEqualTo("field id: varint at byte 5 is longer than 64 bits (schema id 7)");
  }

  @Test
  void aCorruptLengthAllocatesNothing() {
    user();
    // a string said to be 2^31 - 1 bytes long: refused from the bytes left, before any buffer
    assertThat(decoder.check(frame(7, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 'x')))
        .isEqualTo(
            "field name: Avro body truncated at byte 12: a string at byte 6 has 2147483647 bytes,"
                + " 1 left (schema id 7)");
  }

  private static final String FLOATS =
      "{\"type\":\"record\",\"name\":\"F\",\"fields\":[{\"name\":\"f\",\"type\":\"float\"},"
          + "{\"name\":\"d\",\"type\":[\"null\",\"double\"]},"
          + "{\"name\":\"ds\",\"type\":{\"type\":\"array\",\"items\":\"double\"}}]}";

  private static GenericRecord floats(Schema schema, float f, Double d, double... ds) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("f", f);
    r.put("d", d);
    r.put("ds", Arrays.stream(ds).boxed().toList());
    return r;
  }

  @Test
  void nanAndInfinitiesBecomeTokensDuckDbReadsIntoDoubles() {
    Schema schema = new Schema.Parser().parse(FLOATS);
    int id = registry.register("f", FLOATS);
    assertThat(
            row(
                wire(
                    id,
                    schema,
                    floats(
                        schema,
                        Float.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        -0.0,
                        Double.NaN,
                        1.5))))
        .isEqualTo("{\"f\":NaN,\"d\":Infinity,\"ds\":[-Infinity,-0.0,NaN,1.5]}");
    assertThat(
            row(
                wire(
                    id,
                    schema,
                    floats(schema, Float.NEGATIVE_INFINITY, Double.NaN, Float.MAX_VALUE))))
        .isEqualTo("{\"f\":-Infinity,\"d\":NaN,\"ds\":[3.4028234663852886E38]}");
    assertThat(row(wire(id, schema, floats(schema, Float.POSITIVE_INFINITY, null, -0.0f))))
        .isEqualTo("{\"f\":Infinity,\"d\":null,\"ds\":[-0.0]}");
    assertThat(row(wire(id, schema, floats(schema, -0.0f, 0.1))))
        .isEqualTo("{\"f\":-0.0,\"d\":0.1,\"ds\":[]}");
  }

  @Test
  void nanAndInfinitiesAreRejectedWhereTheLoadCannotHoldThem() {
    AvroDecoder strict =
        new AvroDecoder(
            io.kafkaload.worker.registry.SchemaRegistryClient.create(
                new io.kafkaload.worker.config.ConnectionSpec.SchemaRegistry(registry.url(), null),
                new io.kafkaload.worker.security.SecretFiles(java.nio.file.Path.of("no-secrets")),
                io.kafkaload.worker.registry.SchemaRegistryClient.Settings.defaults(),
                null),
            "is not a number JSON lines output can hold");
    Schema schema = new Schema.Parser().parse(FLOATS);
    int id = registry.register("f", FLOATS);
    assertThat(strict.check(wire(id, schema, floats(schema, 1.0f, Double.NEGATIVE_INFINITY))))
        .isEqualTo(
            "field d: -Infinity is not a number JSON lines output can hold (schema id " + id + ")");
    assertThat(strict.check(wire(id, schema, floats(schema, Float.NaN, 1.0))))
        .isEqualTo(
            "field f: NaN is not a number JSON lines output can hold (schema id " + id + ")");
    assertThat(strict.check(wire(id, schema, floats(schema, 1.0f, 2.0, 3.0)))).isNull();
  }

  @Test
  void otherScalarsAreCheckedToo() {
    String kinds =
        "{\"type\":\"record\",\"name\":\"K\",\"fields\":[{\"name\":\"flag\",\"type\":\"boolean\"},"
            + "{\"name\":\"ratio\",\"type\":\"double\"},"
            + "{\"name\":\"color\",\"type\":{\"type\":\"enum\",\"name\":\"C\",\"symbols\":[\"RED\",\"GREEN\"]}}]}";
    int id = registry.register("k", kinds);
    int[] one = {0, 0, 0, 0, 0, 0, 0xF0, 0x3F}; // 1.0 little-endian
    assertThat(row(frame(id, concat(new int[] {0x01}, one, new int[] {0x02}))))
        .isEqualTo("{\"flag\":true,\"ratio\":1.0,\"color\":\"GREEN\"}");
    assertThat(decoder.check(frame(id, concat(new int[] {0x02}, one, new int[] {0x02}))))
        .isEqualTo("field flag: boolean at byte 5 is 2, not 0 or 1 (schema id " + id + ")");
    assertThat(decoder.check(frame(id, concat(new int[] {0x00}, one, new int[] {0x04}))))
        .isEqualTo(
            "field color: enum index 2 at byte 14 is out of range (2 symbols) (schema id "
                + id
                + ")");
    int[] nan = {0, 0, 0, 0, 0, 0, 0xF8, 0x7F};
    assertThat(row(frame(id, concat(new int[] {0x00}, nan, new int[] {0x00}))))
        .isEqualTo("{\"flag\":false,\"ratio\":NaN,\"color\":\"RED\"}");
    assertThat(decoder.check(frame(id, 0x00, 0, 0, 0)))
        .isEqualTo(
            "field ratio: Avro body truncated at byte 9: a double at byte 6 needs 8 bytes, 3 left"
                + " (schema id "
                + id
                + ")");
  }

  @Test
  void nestingAndEmptyItemsAreBounded() {
    int list =
        registry.register(
            "l",
            "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
    int[] deep = new int[600];
    Arrays.fill(deep, 0x02); // 600 times branch 1: a Node inside a Node
    assertThat(decoder.check(frame(list, concat(deep, new int[] {0x00}))))
        .startsWith("field next.next.next.")
        .endsWith("nesting deeper than 512 levels (schema id " + list + ")");
    int[] shallow = new int[20];
    Arrays.fill(shallow, 0x02);
    assertThat(row(frame(list, concat(shallow, new int[] {0x00}))))
        .startsWith("{\"next\":{\"next\":");

    int nulls =
        registry.register(
            "n",
            "{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":\"null\"}}]}");
    assertThat(row(frame(nulls, 0x06, 0x00))).isEqualTo("{\"a\":[null,null,null]}");
    // 2^40 nulls take no bytes at all: bounded apart, not looped over
    assertThat(decoder.check(frame(nulls, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00)))
        .isEqualTo(
            "field a: arrays of more than 1000000 items that take no bytes (schema id "
                + nulls
                + ")");
  }

  @Test
  void arraysAndMapsInBlocks() {
    int id =
        registry.register(
            "am",
            "{\"type\":\"record\",\"name\":\"AM\",\"fields\":["
                + "{\"name\":\"xs\",\"type\":{\"type\":\"array\",\"items\":\"long\"}},"
                + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"int\"}}]}");
    // xs: a block of -2 items (2 bytes long: 02 04), then a block of 1 (06), then 0; m: {"k":1}
    assertThat(
            row(frame(id, 0x03, 0x04, 0x02, 0x04, 0x02, 0x06, 0x00, 0x02, 0x02, 'k', 0x02, 0x00)))
        .isEqualTo("{\"xs\":[1,2,3],\"m\":{\"k\":1}}");
    assertThat(decoder.check(frame(id, 0xD0, 0x0F, 0x02)))
        .isEqualTo(
            "field xs: Avro body truncated at byte 8: a block of 1000 items of an array at byte 7, 1"
                + " bytes left (schema id "
                + id
                + ")");
    assertThat(decoder.check(frame(id, 0x03, 0x03, 0x02, 0x04, 0x00, 0x00)))
        .isEqualTo("field xs: negative block size -2 of an array at byte 5 (schema id " + id + ")");
    assertThat(decoder.check(frame(id, 0x04, 0x02, 0x04, 0x00, 0x02, 0x02, 'k')))
        .startsWith("field m[0]: Avro body truncated at byte 12");
  }

  static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] all = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
