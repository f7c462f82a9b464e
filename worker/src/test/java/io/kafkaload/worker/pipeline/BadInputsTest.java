package io.kafkaload.worker.pipeline;

import static io.kafkaload.worker.pipeline.LoadChecks.assertLoad;
import static io.kafkaload.worker.pipeline.LoadChecks.bytes;
import static io.kafkaload.worker.pipeline.LoadChecks.parquet;
import static io.kafkaload.worker.pipeline.LoadChecks.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.pipeline.LoadChecks.Recs;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.testkit.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs of RELIABILITY.md (B1-B3, B5, B8-B12) on the real broker, each mixed with good
 * records: the run succeeds, read = written + rejected + filtered, every bad record is in {@code
 * _rejected/} once with its stage, its exact reason and its original value bytes, key, headers and
 * timestamp, every good record is written exactly once, and every data file reads back in DuckDB.
 */
class BadInputsTest {

  private static final String DECODE = "decode";
  private static final String VALIDATE = "validate";
  private static final String TRANSFORM = "transform";
  private static final LoadSpec.FileFormat PARQUET = LoadSpec.FileFormat.Parquet;

  @TempDir Path dir;

  /** A load of {@code topic} into Parquet files under {@code out}, its runtime under the test's. */
  private TestLoads files(String topic, Path out) {
    return Loads.files(SharedKafka.uniqueName("bad"), topic, out).dir(dir);
  }

  private static RunReport load(TestLoads load) {
    return Loads.run(load.build());
  }

  /** B1: truncated JSON, trailing garbage, a byte order mark, an empty value: stage decode. */
  @Test
  void b1MalformedJsonIsRejectedAtDecodeWithTheByte() throws Exception {
    String topic = SharedKafka.createTopic("b1", 2);
    Recs recs = new Recs(2);
    recs.goods(0, 4);
    recs.bad(DECODE, "not valid JSON: truncated at byte 14", "{\"id\":100,\"a\":");
    recs.bad(DECODE, "not valid JSON: truncated at byte 9", "{\"id\":101");
    recs.bad(DECODE, "not valid JSON: trailing data after the object at byte 11", "{\"id\":102} x");
    recs.bad(DECODE, "not valid JSON: trailing data after the object at byte 10", "{\"id\":103}{}");
    recs.bad(DECODE, "starts with a UTF-8 byte order mark", "\uFEFF{\"id\":104}");
    recs.bad(DECODE, "empty value", new byte[0]);
    recs.bad(DECODE, "blank value (only whitespace)", " \n");
    recs.bad(DECODE, "value is a JSON array, expected an object", "[{\"id\":105}]");
    recs.bad(
        DECODE,
        "not valid JSON: unexpected character '}' at byte 10 (expected a name in double quotes)",
        "{\"id\":106,}");
    recs.goods(4, 4);
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out));

    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(query("SELECT name FROM " + parquet(out) + " WHERE id = 5"))
        .containsExactly(Map.of("name", "n-5"));
  }

  private static final String B2_SCHEMA =
      """
      fields:
        - name: id
          type: long
          required: true
        - name: name
          required: true
        - name: amount
          type: double
      """;

  /** B2: a missing required field, a wrong type, null in a required field: stage validate. */
  @Test
  void b2SchemaMismatchIsRejectedAtValidate() throws Exception {
    String topic = SharedKafka.createTopic("b2", 2);
    Recs recs = new Recs(2);
    recs.good(1, "{\"id\":1,\"name\":\"a\",\"amount\":1.5}");
    recs.good(2, "{\"name\":\"b\",\"id\":\"2\"}");
    recs.good(3, "{\"id\":3,\"name\":\"c\",\"amount\":null}");
    recs.bad(VALIDATE, "field name: required but missing", "{\"id\":10,\"amount\":1}");
    recs.bad(VALIDATE, "field id: required but missing", "{\"name\":\"x\"}");
    recs.bad(VALIDATE, "field name: required but null", "{\"id\":11,\"name\":null}");
    recs.bad(VALIDATE, "field id: required but null", "{\"id\":null,\"name\":\"x\"}");
    recs.bad(
        VALIDATE,
        "field amount: \"12,3\" is not a double",
        "{\"id\":12,\"name\":\"x\",\"amount\":\"12,3\"}");
    recs.bad(VALIDATE, "field id: 12.5 is not a long", "{\"id\":12.5,\"name\":\"x\"}");
    recs.bad(VALIDATE, "field name: {\"a\":1} is not a string", "{\"id\":13,\"name\":{\"a\":1}}");
    recs.bad(
        VALIDATE,
        "field amount: true is not a double",
        "{\"id\":14,\"name\":\"x\",\"amount\":true}");
    recs.good(4, "{\"id\":4,\"name\":\"d\",\"extra\":[1,2]}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out).schema(B2_SCHEMA));

    assertLoad(report, out, PARQUET, topic, recs);
    List<Map<String, Object>> rows =
        query(
            "SELECT id, name, amount, typeof(id) AS ti, typeof(amount) AS ta FROM "
                + parquet(out)
                + " ORDER BY id");
    assertThat(rows).extracting(r -> r.get("name")).containsExactly("a", "b", "c", "d");
    assertThat(rows).extracting(r -> r.get("amount")).containsExactly(1.5, null, null, null);
    assertThat(rows).allMatch(r -> r.get("ti").equals("BIGINT") && r.get("ta").equals("DOUBLE"));
    assertThat(query("DESCRIBE SELECT * FROM " + parquet(out)))
        .extracting(r -> r.get("column_name"))
        .containsExactly("id", "name", "amount");
  }

  static final String ORDER =
      """
      {"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"id","type":"long"},
        {"name":"name","type":"string"}
      ]}""";

  /**
   * B3 and B5: an unknown schema id, a wrong magic byte, a value too short for the framing and a
   * truncated body are rejected at decode; the worker loads the good records around them. B8 for
   * Avro: a tombstone and an empty value.
   */
  @Test
  void b3b5AvroWithUnknownIdOrCorruptFramingIsRejected() throws Exception {
    try (TestSchemaRegistry registry = new TestSchemaRegistry()) {
      int id = registry.register("orders-value", ORDER);
      Schema schema = new Schema.Parser().parse(ORDER);
      String topic = SharedKafka.createTopic("b3b5", 2);
      Recs recs = new Recs(2);
      for (int i = 0; i < 6; i++) {
        recs.good(i, wire(id, schema, i, "name-" + i));
      }
      byte[] good = wire(id, schema, 7, "a name that is long enough");
      byte[] unknown = good.clone();
      unknown[4] = (byte) 99; // schema id 99: not registered
      recs.bad(
          DECODE,
          r -> assertThat(r).startsWith("unknown schema id 99: the schema registry has none"),
          unknown);
      byte[] magic = good.clone();
      magic[0] = 1;
      recs.bad(
          DECODE,
          r ->
              assertThat(r)
                  .startsWith("magic byte 0x01 is not 0: not the Confluent wire format (byte 0,"),
          magic);
      recs.bad(
          DECODE,
          r -> assertThat(r).startsWith("magic byte 0x7b is not 0: not the Confluent wire format"),
          bytes("{\"id\":8,\"name\":\"json, not Avro\"}"));
      recs.bad(
          DECODE,
          r -> assertThat(r).startsWith("too short for the Confluent wire format: "),
          new byte[] {0, 0, 0});
      recs.bad(
          DECODE,
          "field name: Avro body truncated at byte 12: a string at byte 6 has 26 bytes, 5 left"
              + " (schema id "
              + id
              + ")",
          Arrays.copyOf(good, 12));
      recs.bad(
          DECODE,
          r -> assertThat(r).startsWith("field id: Avro body truncated at byte 5"),
          Arrays.copyOf(good, 5));
      recs.tombstone();
      recs.bad(DECODE, "empty value", new byte[0]);
      for (int i = 10; i < 14; i++) {
        recs.good(i, wire(id, schema, i, "name-" + i));
      }
      recs.produce(topic);
      Path out = dir.resolve("out");
      String name = SharedKafka.uniqueName("b3b5");
      WorkerConfig config =
          Loads.files(name, topic, out)
              .set("connection.spec.schemaRegistry.url", registry.url())
              .valueFormat(LoadSpec.ValueFormat.Avro)
              .dir(dir)
              .build();

      RunReport report = Loads.run(config);

      assertLoad(report, out, PARQUET, topic, recs);
      assertThat(query("SELECT name FROM " + parquet(out) + " WHERE id = 11"))
          .containsExactly(Map.of("name", "name-11"));
    }
  }

  /** Byte 0, the schema id big-endian, the record in Avro binary. */
  private static byte[] wire(int id, Schema schema, long orderId, String name) throws Exception {
    GenericRecord record = new GenericData.Record(schema);
    record.put("id", orderId);
    record.put("name", name);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /**
   * B8 for Json: tombstones (with and without a key) are not loaded and counted as filtered, an
   * empty value is rejected with its documented reason; a record without a key is loaded like any
   * other.
   */
  @Test
  void b8TombstonesEmptyValuesAndNullKeysAreCountedAsDocumented() throws Exception {
    String topic = SharedKafka.createTopic("b8", 2);
    Recs recs = new Recs(2);
    recs.goodWithoutKey(1, "{\"id\":1,\"name\":\"no key\"}");
    recs.good(2, "{\"id\":2,\"name\":\"key\"}");
    recs.tombstone();
    recs.tombstoneWithoutKey();
    recs.bad(DECODE, "empty value", new byte[0]);
    recs.badWithoutKey(DECODE, "empty value", new byte[0]);
    recs.goodWithoutKey(3, "{\"id\":3,\"name\":\"no key\"}");
    recs.good(4, "{\"id\":4,\"name\":\"key\"}");
    recs.produce(topic);
    Path json = dir.resolve("json");

    RunReport report = load(files(topic, json));

    assertLoad(report, json, PARQUET, topic, recs);

    // String and Bytes take an empty value as the empty text / no bytes; tombstones are filtered
    for (String format : List.of("String", "Bytes")) {
      Path out = dir.resolve(format);
      RunReport r =
          Loads.run(
              TestLoads.files(topic, out)
                  .sharedKafka()
                  .name(SharedKafka.uniqueName("bad"))
                  .valueFormat(LoadSpec.ValueFormat.valueOf(format))
                  .dir(dir)
                  .build());
      assertThat(r.result()).as(r.message()).isEqualTo(RunReport.SUCCEEDED);
      assertThat(r.recordsRead()).isEqualTo(8);
      assertThat(r.recordsRejected()).isZero();
      assertThat(r.recordsFiltered()).isEqualTo(2);
      assertThat(r.recordsWritten()).isEqualTo(6);
      LoadChecks.assertAccounted(r);
      assertThat(LoadChecks.rejected(out)).isEmpty();
      List<Object> values =
          query("SELECT value FROM " + parquet(out)).stream().map(m -> m.get("value")).toList();
      List<Object> expected =
          recs.all.stream()
              .filter(x -> x.value != null)
              .map(
                  x ->
                      (Object)
                          (format.equals("String")
                              ? new String(x.value, StandardCharsets.UTF_8)
                              : java.util.Base64.getEncoder().encodeToString(x.value)))
              .toList();
      assertThat(values).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static final String B9_SCHEMA =
      """
      fields:
        - name: id
          type: long
          required: true
        - name: s
      """;

  /**
   * B9: invalid UTF-8, NUL bytes (raw, and as {@code \u0000} escapes) and fields of several MB. Raw
   * NULs and invalid UTF-8 are decode rejects; a {@code \u0000} escape is a validate reject for a
   * schema field; a 5 MB field is written intact, and one with a bad byte at its end is rejected
   * with that byte and its 5 MB kept.
   */
  @Test
  void b9InvalidUtf8NulBytesAndHugeFields() throws Exception {
    String topic = LoadChecks.createLargeTopic("b9", 1);
    Recs recs = new Recs(1);
    recs.good(1, "{\"id\":1,\"s\":\"plain\"}");
    recs.bad(
        DECODE,
        "not valid UTF-8 at byte 15",
        concat(bytes("{\"id\":2,\"s\":\"ab"), new byte[] {(byte) 0xff}, bytes("\"}")));
    recs.bad(
        DECODE,
        "not valid UTF-8 at byte 13",
        concat(bytes("{\"id\":3,\"s\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\"}")));
    recs.bad(
        DECODE,
        "not valid UTF-8 at byte 13",
        concat( // an encoded surrogate U+D800
            bytes("{\"id\":4,\"s\":\""),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            bytes("\"}")));
    recs.bad(
        DECODE,
        "unpaired UTF-16 surrogate escape \\ud800 at byte 13 (not a Unicode character)",
        "{\"id\":5,\"s\":\"\\ud800\"}");
    recs.bad(
        DECODE,
        "not valid JSON: unescaped control character U+0000 in a string at byte 14",
        concat(bytes("{\"id\":6,\"s\":\"a"), new byte[] {0}, bytes("b\"}")));
    recs.bad(
        DECODE,
        "not valid JSON: trailing data after the object at byte 8",
        concat(bytes("{\"id\":7}"), new byte[] {0}));
    recs.bad(
        VALIDATE, "field s: contains a NUL character (\\u0000)", "{\"id\":8,\"s\":\"a\\u0000b\"}");
    // a NUL escape in a member the schema drops never reaches a file: accepted
    recs.good(9, "{\"id\":9,\"s\":\"ok\",\"dropped\":\"a\\u0000b\"}");
    String huge = "é".repeat(1_000_000) + "x".repeat(3_000_000) + "✓";
    recs.good(10, "{\"id\":10,\"s\":\"" + huge + "\"}");
    byte[] hugeBad =
        concat(
            bytes("{\"id\":11,\"s\":\"" + huge),
            new byte[] {(byte) 0xE2, (byte) 0x9C},
            bytes("\"}"));
    int badAt = bytes("{\"id\":11,\"s\":\"" + huge).length;
    recs.bad(DECODE, "not valid UTF-8 at byte " + badAt, hugeBad);
    recs.good(12, "{\"id\":12,\"s\":\"end\"}");
    recs.produce(topic, true);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out).schema(B9_SCHEMA));

    assertLoad(report, out, PARQUET, topic, recs);
    List<Map<String, Object>> rows =
        query("SELECT id, length(s) AS len, md5(s) AS md5 FROM " + parquet(out) + " ORDER BY id");
    assertThat(rows).hasSize(4);
    Map<String, Object> big = rows.get(2);
    assertThat(big.get("id")).isEqualTo(10L);
    assertThat(((Number) big.get("len")).longValue())
        .isEqualTo(huge.codePointCount(0, huge.length()));
    assertThat(big.get("md5")).isEqualTo(md5(huge));
  }

  /**
   * B9 without a schema: a {@code \u0000} escape is valid JSON; RELIABILITY.md wants NULs rejected
   * (PostgreSQL text refuses 0x00), and a file must keep the text exactly when it does take it.
   */
  @Test
  void b9NulEscapesWithoutASchemaAreRejectedOrKeptExactly() throws Exception {
    String topic = SharedKafka.createTopic("b9-noschema", 1);
    Recs recs = new Recs(1);
    recs.good(1, "{\"id\":1,\"s\":\"plain\"}");
    recs.good(2, "{\"id\":2,\"s\":\"a\\u0000b\"}");
    recs.good(3, "{\"id\":3,\"s\":\"end\"}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out));

    // documented: without a schema nothing checks string content beyond JSON, so the row is
    // written; the NUL must then be in the file, not cut or turned into something else
    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(query("SELECT s, length(s) AS n FROM " + parquet(out) + " WHERE id = 2"))
        .containsExactly(Map.of("s", "a\u0000b", "n", 3L));
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static final String B10_SCHEMA =
      """
      fields:
        - name: id
          type: long
          required: true
        - name: d
          type: double
        - name: amount
          type: decimal(10,2)
        - name: ts
          type: timestamp
        - name: ms
          type: timestamp
          format: epochMillis
        - name: day
          type: date
      """;

  /**
   * B10: NaN/Infinity, 1e400, decimal overflow and extra decimals, timestamps out of range or finer
   * than a microsecond, epoch microseconds given for epochMillis: each rejected with a precise
   * reason; good values written with exact types.
   */
  @Test
  void b10NumbersAndTimesOutOfRangeAreRejectedPrecisely() throws Exception {
    String topic = SharedKafka.createTopic("b10", 2);
    Recs recs = new Recs(2);
    recs.good(
        1,
        "{\"id\":1,\"d\":1.5,\"amount\":\"12.5\",\"ts\":\"2026-11-25T10:00:00+01:00\","
            + "\"ms\":1795600800123,\"day\":\"2026-11-25\"}");
    recs.good(2, "{\"id\":2,\"d\":1e308,\"amount\":99999999.99,\"ms\":\"1795600800123.456\"}");
    recs.good(
        3, "{\"id\":3,\"d\":-2.5e-3,\"amount\":-1.5e2,\"ts\":\"9999-12-31T23:59:59.999999Z\"}");
    recs.bad(VALIDATE, "field d: 1e400 is out of range for double", "{\"id\":10,\"d\":1e400}");
    recs.bad(VALIDATE, "field d: -1e400 is out of range for double", "{\"id\":11,\"d\":-1e400}");
    recs.bad(VALIDATE, "field d: 1e-400 is out of range for double", "{\"id\":12,\"d\":1e-400}");
    recs.bad(VALIDATE, "field d: \"NaN\" is not a double", "{\"id\":13,\"d\":\"NaN\"}");
    recs.bad(VALIDATE, "field d: \"Infinity\" is not a double", "{\"id\":14,\"d\":\"Infinity\"}");
    recs.bad(DECODE, "not valid JSON: NaN at byte 13 (not a JSON number)", "{\"id\":15,\"d\":NaN}");
    recs.bad(
        DECODE,
        "not valid JSON: -Infinity at byte 13 (not a JSON number)",
        "{\"id\":16,\"d\":-Infinity}");
    recs.bad(
        VALIDATE,
        "field amount: 100000000 is out of range for decimal(10,2)",
        "{\"id\":17,\"amount\":100000000}");
    recs.bad(
        VALIDATE,
        "field amount: \"12.345\" has more than 2 decimals",
        "{\"id\":18,\"amount\":\"12.345\"}");
    recs.bad(
        VALIDATE,
        "field amount: 1e8 is out of range for decimal(10,2)",
        "{\"id\":19,\"amount\":1e8}");
    recs.bad(
        VALIDATE,
        "field ts: \"0000-12-31T23:59:59Z\" is out of range for a timestamp (years 0001 to 9999)",
        "{\"id\":20,\"ts\":\"0000-12-31T23:59:59Z\"}");
    recs.bad(
        VALIDATE,
        "field ts: \"9999-12-31T23:59:59-01:00\" is out of range for a timestamp (years 0001 to"
            + " 9999)",
        "{\"id\":21,\"ts\":\"9999-12-31T23:59:59-01:00\"}");
    recs.bad(
        VALIDATE,
        "field ts: \"2026-11-25T10:00:00.1234567Z\" has digits finer than a microsecond"
            + " (timestamps keep microseconds; no rounding)",
        "{\"id\":22,\"ts\":\"2026-11-25T10:00:00.1234567Z\"}");
    recs.bad(
        VALIDATE,
        "field ms: 1795600800123000 looks like microseconds, not epochMillis",
        "{\"id\":23,\"ms\":1795600800123000}");
    recs.bad(
        VALIDATE,
        "field ms: 1795600800123000000 looks like nanoseconds, not epochMillis",
        "{\"id\":24,\"ms\":1795600800123000000}");
    recs.bad(
        VALIDATE,
        "field ms: 1795600800123.4567 has digits finer than a microsecond (timestamps keep"
            + " microseconds; no rounding)",
        "{\"id\":25,\"ms\":1795600800123.4567}");
    recs.bad(
        VALIDATE,
        "field day: \"2026-02-29\" is not an ISO-8601 date",
        "{\"id\":26,\"day\":\"2026-02-29\"}");
    recs.bad(
        VALIDATE,
        "field day: \"0000-01-01\" is out of range for a date (years 0001 to 9999)",
        "{\"id\":27,\"day\":\"0000-01-01\"}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out).schema(B10_SCHEMA));

    assertLoad(report, out, PARQUET, topic, recs);
    List<Map<String, Object>> rows =
        query(
            "SELECT id, d, CAST(amount AS VARCHAR) AS amount, typeof(amount) AS ta,"
                + " strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS ts,"
                + " typeof(ts) AS tt, epoch_us(ms) AS ms, CAST(day AS VARCHAR) AS day"
                + " FROM "
                + parquet(out)
                + " ORDER BY id");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .containsEntry("d", 1.5)
        .containsEntry("amount", "12.50")
        .containsEntry("ta", "DECIMAL(10,2)")
        .containsEntry("ts", "2026-11-25 09:00:00.000000")
        .containsEntry("tt", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("ms", 1_795_600_800_123_000L)
        .containsEntry("day", "2026-11-25");
    assertThat(rows.get(1))
        .containsEntry("d", 1e308)
        .containsEntry("amount", "99999999.99")
        .containsEntry("ms", 1_795_600_800_123_456L);
    assertThat(rows.get(2))
        .containsEntry("d", -0.0025)
        .containsEntry("amount", "-150.00")
        .containsEntry("ts", "9999-12-31 23:59:59.999999");
  }

  private static final String B11_SCHEMA =
      """
      fields:
        - name: id
          type: long
          required: true
        - name: a
          type: long
      """;

  /**
   * B11: JSON nested 10,000 deep (a decode reject, no stack overflow), a 1M-element array and
   * duplicate keys. Without a schema the array is written as a list and the duplicate-key row
   * losslessly as JSON text; with a schema the array is dropped (not named) and a duplicate schema
   * member is a validate reject.
   */
  @Test
  void b11DeepNestingHugeArraysAndDuplicateKeys() throws Exception {
    String topic = LoadChecks.createLargeTopic("b11", 1);
    String deep = "{\"id\":2,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    String array =
        "{\"id\":3,\"a\":3,\"arr\":[" + "7,".repeat(999_999) + "7]}"; // 1,000,000 elements
    String duplicate = "{\"id\":4,\"a\":1,\"a\":2}";
    String duplicateUnknown = "{\"id\":5,\"a\":5,\"b\":1,\"b\":2}";
    String nested200 = "{\"id\":6,\"a\":6,\"x\":" + "[".repeat(200) + "]".repeat(200) + "}";
    String deepReason = "nesting deeper than 512 levels at byte 523";

    // without a schema
    Recs plain = new Recs(1);
    plain.good(1, "{\"id\":1,\"a\":1}");
    plain.bad(DECODE, deepReason, deep);
    plain.good(3, array);
    plain.bad(
        VALIDATE,
        "member name at byte 14 appears twice in its object (names are compared ignoring case)",
        duplicate);
    plain.bad(
        VALIDATE,
        "member name at byte 20 appears twice in its object (names are compared ignoring case)",
        duplicateUnknown);
    plain.bad(
        VALIDATE,
        "nesting deeper than 16 levels at byte 33 (the most a column can hold without a schema:"
            + " readers of Parquet take time exponential in the depth of nested lists; declare the"
            + " field as json in a schema to keep it as JSON text)",
        nested200);
    plain.good(7, "{\"id\":7,\"a\":7}");
    plain.produce(topic, true);
    Path out = dir.resolve("plain");

    // all in one chunk: the rows DuckDB cannot type are rejected, the others keep typed columns
    RunReport report = load(files(topic, out));

    assertLoad(report, out, PARQUET, topic, plain);
    List<Map<String, Object>> arr =
        query(
            "SELECT len(arr) AS n, list_sum(arr) AS total FROM "
                + parquet(out)
                + " WHERE arr IS NOT NULL AND id = 3");
    assertThat(arr)
        .containsExactly(Map.of("n", 1_000_000L, "total", new java.math.BigInteger("7000000")));
    assertThat(query("SELECT id, typeof(a) AS t FROM " + parquet(out) + " ORDER BY id"))
        .extracting(r -> r.get("id") + ":" + r.get("t"))
        .containsExactly("1:BIGINT", "3:BIGINT", "7:BIGINT");

    // with a schema, over the same records
    Recs schema = new Recs(1);
    schema.good(1, "{\"id\":1,\"a\":1}");
    schema.bad(DECODE, deepReason, deep);
    schema.good(3, array);
    schema.bad(VALIDATE, "field a: appears twice", duplicate);
    schema.good(5, duplicateUnknown);
    schema.good(6, nested200);
    schema.good(7, "{\"id\":7,\"a\":7}");
    // the same records: copy what was produced (keys, headers, timestamps)
    Recs same = sameRecords(plain, schema);
    Path typed = dir.resolve("typed");

    RunReport typedReport = load(files(topic, typed).schema(B11_SCHEMA));

    assertLoad(typedReport, typed, PARQUET, topic, same);
    assertThat(query("SELECT id, a FROM " + parquet(typed) + " ORDER BY id"))
        .extracting(r -> r.get("id") + "=" + r.get("a"))
        .containsExactly("1=1", "3=3", "5=5", "6=6", "7=7");
  }

  /**
   * B19 without a schema: a member named like a requested metadata column, an empty name, a value
   * of another kind than the column's, in one chunk with good rows. Each odd record is rejected
   * with its reason, the others keep typed columns, and the metadata columns hold Kafka's values.
   */
  @Test
  void b19OneRecordCannotChangeTheOthersColumnsOrForgeMetadata() throws Exception {
    String topic = SharedKafka.createTopic("b19", 1);
    Recs recs = new Recs(1);
    recs.good(1, "{\"id\":1,\"amount\":10,\"user\":{\"name\":\"a\"}}");
    recs.bad(
        VALIDATE,
        "member _offset at byte 8 has the name of a Kafka metadata column the load adds"
            + " (metadataColumns); the metadata column is never taken from the value",
        "{\"id\":2,\"_offset\":999999,\"amount\":1}");
    recs.bad(
        VALIDATE,
        "empty member name at byte 8 (a column needs a name)",
        "{\"id\":3,\"\":1,\"amount\":2}");
    recs.bad(
        VALIDATE,
        "value at byte 17 is a string where earlier rows of this load have a number (a column has"
            + " one type; declare the field as json in a schema to mix them)",
        "{\"id\":4,\"amount\":\"12\"}");
    recs.bad(
        VALIDATE,
        "member name at byte 8 differs only in case from the name earlier rows of this load have"
            + " at that place (a column has one spelling)",
        "{\"id\":5,\"Amount\":3}");
    recs.good(6, "{\"id\":6,\"amount\":10.5,\"user\":{\"name\":\"b\"}}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out).metadataColumns("_offset", "_partition"));

    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(
            query(
                "SELECT id, _offset, typeof(amount) AS t, user.name AS u FROM "
                    + parquet(out)
                    + " ORDER BY id"))
        .extracting(r -> r.get("id") + ":" + r.get("_offset") + ":" + r.get("t") + ":" + r.get("u"))
        .containsExactly("1:0:DOUBLE:a", "6:5:DOUBLE:b");
  }

  /**
   * B18: partitionBy values whose folder name would pass the file system's 255 bytes (ASCII, or
   * multi-byte characters that take 3 bytes per byte after escaping) are rejected at stage write
   * without their value in the reason; the others, up to the limit, get their folders.
   */
  @Test
  void b18PartitionValuesThatCannotBeFolderNamesAreRejected() throws Exception {
    String topic = SharedKafka.createTopic("b18", 1);
    String fits = "\u00e9".repeat(41); // region= + 41 x 2 bytes x 3 = 253 bytes
    Recs recs = new Recs(1);
    recs.good(1, "{\"id\":1,\"region\":\"eu west\"}");
    recs.bad(
        "write",
        "partitionBy column region: the value makes a folder name of 307 bytes after escaping,"
            + " more than the 255 a file system takes (every byte but A-Z a-z 0-9 - . _ ~ takes 3)",
        "{\"id\":2,\"region\":\"" + "x".repeat(300) + "\"}");
    recs.bad(
        "write",
        "partitionBy column region: the value makes a folder name of 259 bytes after escaping,"
            + " more than the 255 a file system takes (every byte but A-Z a-z 0-9 - . _ ~ takes 3)",
        "{\"id\":3,\"region\":\"" + "\u00e9".repeat(42) + "\"}");
    recs.good(4, "{\"id\":4,\"region\":\"" + fits + "\"}");
    recs.good(5, "{\"id\":5}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report = load(files(topic, out).partitionBy("region"));

    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(
            query(
                "SELECT id, region FROM read_parquet('"
                    + out
                    + "/*/*.parquet', hive_partitioning = true) ORDER BY id"))
        .extracting(r -> r.get("id") + ":" + r.get("region"))
        .containsExactly("1:eu west", "4:" + fits, "5:null");
  }

  /**
   * B18 with the load's SQL: partition values exist only after it ran, so a chunk with a value too
   * long for a folder is rejected as a whole at stage transform, without the value in the reason,
   * and the run goes on.
   */
  @Test
  void b18PartitionValuesComputedBySqlRejectTheirChunkWithoutTheValue() throws Exception {
    String topic = SharedKafka.createTopic("b18sql", 1);
    String reason =
        "a partitionBy value makes a folder name longer than the 255 bytes a file system takes"
            + " after escaping (a value the load's SQL or a script computed)";
    Recs recs = new Recs(1);
    recs.bad(TRANSFORM, reason, "{\"id\":1,\"region\":\"eu\"}");
    recs.bad(TRANSFORM, reason, "{\"id\":2,\"region\":\"" + "x".repeat(300) + "\"}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report =
        load(files(topic, out).partitionBy("region").sql("SELECT id, region FROM message"));

    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(report.message()).doesNotContain("xxxxxxxxxx");
  }

  /**
   * B10: Kafka timestamps no timestamp column holds, with {@code metadataColumns: [_timestamp]},
   * with and without a schema: each such record rejected with the exact reason, the others keep a
   * TIMESTAMP WITH TIME ZONE column, the latest holdable timestamp included.
   */
  @Test
  void b10KafkaTimestampsBeyondATimestampColumnAreRejected() throws Exception {
    for (String schema : new String[] {null, B11_SCHEMA}) {
      // Kafka 4 refuses timestamps more than an hour ahead unless the topic allows them
      String topic = SharedKafka.uniqueName("b10ts");
      SharedKafka.admin()
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)
                      .configs(
                          Map.of(
                              "message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE)))))
          .all()
          .get();
      long max = Long.MAX_VALUE / 1000;
      Recs recs = new Recs(1);
      recs.good(1, "{\"id\":1,\"a\":1}");
      recs.bad(
                  VALIDATE,
                  "Kafka timestamp "
                      + Long.MAX_VALUE
                      + " ms is after 294247-01-10, the latest a timestamp column holds (microseconds"
                      + " in 64 bits); _timestamp cannot hold it",
                  "{\"id\":2,\"a\":2}")
              .timestamp =
          Long.MAX_VALUE;
      recs.bad(
                  VALIDATE,
                  "Kafka timestamp "
                      + (max + 1)
                      + " ms is after 294247-01-10, the latest a timestamp column holds (microseconds"
                      + " in 64 bits); _timestamp cannot hold it",
                  "{\"id\":3,\"a\":3}")
              .timestamp =
          max + 1;
      recs.good(4, "{\"id\":4,\"a\":4}").timestamp = max;
      recs.produce(topic);
      Path out = dir.resolve(schema == null ? "out-schemaless" : "out-schema");
      TestLoads base = files(topic, out).metadataColumns("_timestamp");

      RunReport report = load(schema == null ? base : base.schema(schema));

      assertLoad(report, out, PARQUET, topic, recs);
      assertThat(
              query(
                  "SELECT id, typeof(_timestamp) AS t, epoch_ms(_timestamp) AS ms FROM "
                      + parquet(out)
                      + " ORDER BY id"))
          .extracting(r -> r.get("id") + ":" + r.get("t") + ":" + r.get("ms"))
          .containsExactly(
              "1:TIMESTAMP WITH TIME ZONE:" + recs.all.get(0).timestamp,
              "4:TIMESTAMP WITH TIME ZONE:" + max);
    }
  }

  /** {@code expected}'s expectations over the records {@code produced} (same order). */
  private static Recs sameRecords(Recs produced, Recs expected) {
    assertThat(expected.all).hasSameSizeAs(produced.all);
    for (int i = 0; i < produced.all.size(); i++) {
      assertThat(expected.all.get(i).value).isEqualTo(produced.all.get(i).value);
      assertThat(expected.all.get(i).key).isEqualTo(produced.all.get(i).key);
      assertThat(expected.all.get(i).timestamp).isEqualTo(produced.all.get(i).timestamp);
      assertThat(expected.all.get(i).partition).isEqualTo(produced.all.get(i).partition);
      expected.all.get(i).offset = produced.all.get(i).offset;
    }
    return expected;
  }

  /**
   * B12: a CAST that fails and an integer out of range at stage transform; one record per chunk, so
   * each error rejects exactly its record.
   */
  @Test
  void b12SqlRuntimeErrorsAreRejectedAtTransform() throws Exception {
    String topic = SharedKafka.createTopic("b12", 1);
    Recs recs = new Recs(1);
    recs.good(1, "{\"id\":1,\"s\":\"7\",\"big\":1}");
    recs.bad(
        TRANSFORM,
        // DuckDB's message without the quoted value (no payloads in reasons, R5), but with
        // what it was converted to
        r ->
            assertThat(r)
                .startsWith("Conversion Error: Could not convert string <value> to INT")
                .doesNotContain("'x'"),
        bytes("{\"id\":2,\"s\":\"x\",\"big\":1}"));
    recs.good(3, "{\"id\":3,\"s\":\"-7\",\"big\":1}");
    recs.bad(
        TRANSFORM,
        r ->
            assertThat(r)
                .startsWith("Conversion Error: Could not convert string <value> to INT")
                .doesNotContain("99999999999"),
        bytes("{\"id\":4,\"s\":\"99999999999\",\"big\":1}"));
    recs.bad(
        TRANSFORM,
        r -> assertThat(r).startsWith("Out of Range Error").contains("multiplication"),
        bytes("{\"id\":5,\"s\":\"0\",\"big\":9223372036854775807}"));
    recs.good(6, "{\"id\":6,\"s\":\"0\",\"big\":1}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report =
        load(
            files(topic, out)
                .flush(1L, null)
                .sql("SELECT id, CAST(s AS INTEGER) AS n, big * 2 AS big2 FROM message"));

    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(query("SELECT id, n FROM " + parquet(out) + " ORDER BY id"))
        .extracting(r -> r.get("id") + "=" + r.get("n"))
        .containsExactly("1=7", "3=-7", "6=0");
  }

  /**
   * B12: integer division by zero ({@code 1 // 0}) in the transform. RELIABILITY.md: division by
   * zero is a transform reject, never a silent null.
   */
  @Test
  void b12IntegerDivisionByZeroIsRejectedAtTransform() throws Exception {
    String topic = SharedKafka.createTopic("b12-div", 1);
    Recs recs = new Recs(1);
    recs.good(1, "{\"id\":1,\"d\":4}");
    recs.bad(
        TRANSFORM,
        r ->
            assertThat(r)
                .startsWith("Invalid Input Error: Division by zero in expression (8 // d)"),
        bytes("{\"id\":2,\"d\":0}"));
    recs.good(3, "{\"id\":3,\"d\":-2}");
    recs.produce(topic);
    Path out = dir.resolve("out");

    RunReport report =
        load(files(topic, out).flush(1L, null).sql("SELECT id, 8 // d AS q FROM message"));

    assertLoad(report, out, PARQUET, topic, recs);
    assertThat(query("SELECT id, q FROM " + parquet(out) + " ORDER BY id"))
        .extracting(r -> r.get("id") + "=" + r.get("q"))
        .containsExactly("1=2", "3=-4");
  }

  /**
   * B17: poison records (decode and validate rejects) plus a kill -9 of the worker process in the
   * middle of the run, then a re-run: each poison record is in the rejected output exactly once,
   * with its reason and original bytes, every good record is written once, and the re-run ends.
   */
  @Test
  void b17PoisonRecordsSurviveAKillAndAppearOnceAfterTheRerun() throws Exception {
    long seed = System.nanoTime();
    System.out.println("BadInputsTest.b17 seed=" + seed);
    java.util.Random random = new java.util.Random(seed);
    String topic = SharedKafka.createTopic("b17", 2);
    Recs recs = new Recs(2);
    for (int i = 0; i < 100_000; i++) {
      if (i % 997 == 500) {
        recs.bad(DECODE, "not valid JSON: truncated at byte 13", "{\"id\":" + (1_000_000 + i));
      } else if (i % 997 == 900) {
        recs.bad(VALIDATE, "field name: required but missing", "{\"id\":" + i + "}");
      } else {
        recs.good(i, "{\"id\":" + i + ",\"name\":\"n-" + i + "\"}");
      }
    }
    recs.produce(topic);
    Path out = dir.resolve("out");
    Path yaml = dir.resolve("b17.yaml");
    Loads.files(SharedKafka.uniqueName("b17"), topic, out)
        .flush(4000L, null)
        .schema(B2_SCHEMA)
        .writeYaml(yaml);

    Process first =
        WorkerProcess.start(dir, dir.resolve("run-1.log"), "run", "-f", yaml.toString());
    waitForAFile(out, first);
    Thread.sleep(random.nextInt(300));
    first.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    Process second =
        WorkerProcess.start(dir, dir.resolve("run-2.log"), "run", "-f", yaml.toString());
    assertThat(second.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue())
        .as(java.nio.file.Files.readString(dir.resolve("run-2.log")))
        .isZero();

    LoadChecks.assertRejected(out, topic, recs); // each at most once: a duplicate fails here
    List<Long> ids = LoadChecks.ids(out, PARQUET);
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(new java.util.HashSet<>(ids)).isEqualTo(recs.goodIds());
    LoadChecks.assertNoTempFiles(out);
  }

  private static void waitForAFile(Path out, Process process) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      try {
        if (!Loads.dataFiles(out, PARQUET).isEmpty()) {
          return;
        }
      } catch (java.io.UncheckedIOException renamedWhileListed) {
        // the worker renamed a temp file while the folder was walked: look again
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the worker wrote no file before it ended or the timeout");
  }
}
