package io.kafkaload.worker.pipeline;

import static io.kafkaload.worker.pipeline.LoadChecks.assertLoad;
import static io.kafkaload.worker.pipeline.LoadChecks.parquet;
import static io.kafkaload.worker.pipeline.LoadChecks.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.pipeline.LoadChecks.Recs;
import io.kafkaload.worker.testkit.SharedKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.schema} end to end on the real broker: every type, a nested dotted path, required,
 * pattern, every privacy rule (with a salt Secret file), a script column, the three {@code
 * unknownFields} policies, metadata columns and a {@code transform.sql} over the validated columns;
 * the output read back with exact types and values, in Parquet, CSV and Avro. One topic for the
 * class: each test is its own load over it.
 */
class SchemaLoadTest {

  private static final String SALT = "pepper";
  private static String topic;
  private static Recs ignore;

  @TempDir static Path shared;
  @TempDir Path dir;

  private static final String FULL =
      "{\"id\":1,\"name\":\"John Ronald Tolkien\",\"qty\":\"3\",\"price\":9.5,\"amount\":12.5,"
          + "\"paid\":true,\"day\":\"2026-11-25\",\"at\":\"25/11/2026 10:30\","
          + "\"attrs\":{ \"k\" : [1, 2], \"s\" : \"\\u00e9\" },"
          + "\"customer\":{\"id\":7,\"address\":{\"city\":\"Paris\",\"zip\":\"75001\"},\"nick\":\"jr\"},"
          + "\"email\":\"a@b.c\",\"phone\":\"+33 1 23\",\"card\":\"4111111111111111\","
          + "\"secret\":\"s3\",\"total\":999,\"extra\":1}";
  private static final String SUMMER =
      "{\"id\":2,\"name\":\"jean-paul sartre\",\"qty\":2,\"price\":\"-0.25\",\"amount\":\"-1.5e1\","
          + "\"paid\":\"true\",\"day\":\"2026-07-01\",\"at\":\"01/07/2026 00:15\","
          + "\"attrs\":[true,null],\"email\":\"x@y.z\",\"phone\":12345,\"card\":\"123\","
          + "\"secret\":null}";
  private static final String UNPAID =
      "{\"id\":3,\"name\":\"Unpaid\",\"qty\":1,\"amount\":1,\"paid\":false,"
          + "\"email\":\"u@v.w\"}";
  private static final String BAD_CITY =
      "{\"id\":4,\"name\":\"n\",\"paid\":true,\"customer\":{\"address\":{\"city\":\"paris\"}}}";
  private static final String BAD_AT = "{\"id\":5,\"name\":\"n\",\"at\":\"25/13/2026 10:00\"}";
  private static final String BAD_EMAIL = "{\"id\":6,\"name\":\"n\",\"email\":\"x\"}";
  private static final String BAD_INT = "{\"id\":7,\"name\":\"n\",\"qty\":3000000000}";
  private static final String BAD_PARENT = "{\"id\":8,\"name\":\"n\",\"customer\":5}";
  private static final String NO_NAME = "{\"id\":9,\"paid\":true}";
  private static final String PLAIN =
      "{\"id\":10,\"name\":\"Ada\",\"qty\":1,\"amount\":0.1,\"paid\":true,"
          + "\"customer\":{\"id\":1,\"address\":null}}";

  private static final String[] VALUES = {
    FULL, SUMMER, UNPAID, BAD_CITY, BAD_AT, BAD_EMAIL, BAD_INT, BAD_PARENT, NO_NAME, PLAIN
  };

  /** The expectations under {@code Ignore} (and {@code Keep}: no unknown member is a reject). */
  private static Recs expected() {
    Recs recs = new Recs(2);
    recs.good(1, FULL);
    recs.good(2, SUMMER);
    recs.filtered(3, UNPAID);
    recs.bad(
        "validate", "field customer.address.city: \"paris\" does not match [A-Z][a-z]+", BAD_CITY);
    recs.bad(
        "validate",
        "field at: \"25/13/2026 10:00\" is not a timestamp in format dd/MM/yyyy HH:mm",
        BAD_AT);
    recs.bad("validate", "field email: \"x\" does not match ^[^@]+@[^@]+$", BAD_EMAIL);
    recs.bad("validate", "field qty: 3000000000 is out of range for int", BAD_INT);
    recs.bad(
        "validate",
        "field customer: 5 is not an object (the schema has fields inside it)",
        BAD_PARENT);
    recs.bad("validate", "field name: required but missing", NO_NAME);
    recs.good(10, PLAIN);
    return recs;
  }

  @BeforeAll
  static void produce() throws Exception {
    topic = SharedKafka.createTopic("schema", 2);
    ignore = expected();
    ignore.produce(topic);
    for (int i = 0; i < VALUES.length; i++) {
      assertThat(new String(ignore.all.get(i).value, StandardCharsets.UTF_8)).isEqualTo(VALUES[i]);
    }
    Path salt = shared.resolve("secrets/pii-salt/salt");
    Files.createDirectories(salt.getParent());
    Files.writeString(salt, SALT + "\n"); // the trailing newline is not part of the salt
  }

  /** {@code recs} are expectations over the records produced once: take their offsets. */
  private static Recs sameOffsets(Recs recs) {
    assertThat(recs.all).hasSameSizeAs(ignore.all);
    for (int i = 0; i < recs.all.size(); i++) {
      assertThat(recs.all.get(i).value).isEqualTo(ignore.all.get(i).value);
      recs.all.get(i).offset = ignore.all.get(i).offset;
    }
    return recs;
  }

  /** {@code spec.schema} of the load, {@code unknownFields} to fill in. */
  private static final String SCHEMA =
      """
      unknownFields: %s
      salt:
        name: pii-salt
        key: salt
      fields:
        - name: id
          type: long
          required: true
        - name: name
          required: true
          privacy: Initials
        - name: qty
          type: int
        - name: price
          type: double
        - name: amount
          type: decimal(10,2)
        - name: paid
          type: boolean
        - name: day
          type: date
        - name: at
          type: timestamp
          format: dd/MM/yyyy HH:mm
          timeZone: Europe/Paris
        - name: attrs
          type: json
        - name: customer.id
          type: long
        - name: customer.address.city
          pattern: "[A-Z][a-z]+"
        - name: email
          pattern: "^[^@]+@[^@]+$"
          privacy: Sha256
        - name: phone
          privacy: Md5
        - name: card
          privacy: Mask
          maskKeepLast: 4
        - name: secret
          privacy: Hide
        - name: total
          type: decimal(12,2)
          script: amount * qty
      """;

  private RunReport load(Path out, String format, String unknownFields) throws Exception {
    // the salt Secret lives under the runtime secrets dir: <secretsDir>/pii-salt/salt
    return Loads.run(
        TestLoads.files(topic, out)
            .sharedKafka()
            .name(SharedKafka.uniqueName("schema"))
            .format(LoadSpec.FileFormat.valueOf(format))
            .metadataColumns("_partition", "_offset", "_key")
            .schema(SCHEMA.formatted(unknownFields))
            .sql("SELECT *, upper(customer.address.city) AS city_upper FROM message WHERE paid")
            .dir(shared)
            .build());
  }

  private static String hex(String algorithm, String text) throws Exception {
    MessageDigest digest = MessageDigest.getInstance(algorithm);
    digest.update(SALT.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static long epochMicros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
  }

  @Test
  void parquetHoldsTheSchemasTypesPrivacyScriptsAndMetadata() throws Exception {
    Path out = dir.resolve("parquet");

    RunReport report = load(out, "Parquet", "Ignore");

    assertLoad(report, out, LoadSpec.FileFormat.Parquet, topic, ignore);
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> c : query("DESCRIBE SELECT * FROM " + parquet(out))) {
      types.put((String) c.get("column_name"), (String) c.get("column_type"));
    }
    Map<String, String> expectedTypes = new LinkedHashMap<>();
    expectedTypes.put("id", "BIGINT");
    expectedTypes.put("name", "VARCHAR");
    expectedTypes.put("qty", "INTEGER");
    expectedTypes.put("price", "DOUBLE");
    expectedTypes.put("amount", "DECIMAL(10,2)");
    expectedTypes.put("paid", "BOOLEAN");
    expectedTypes.put("day", "DATE");
    expectedTypes.put("at", "TIMESTAMP WITH TIME ZONE");
    expectedTypes.put("attrs", "JSON");
    expectedTypes.put("customer", "STRUCT(id BIGINT, address STRUCT(city VARCHAR))");
    expectedTypes.put("email", "VARCHAR");
    expectedTypes.put("phone", "VARCHAR");
    expectedTypes.put("card", "VARCHAR");
    expectedTypes.put("secret", "VARCHAR");
    expectedTypes.put("_partition", "INTEGER");
    expectedTypes.put("_offset", "BIGINT");
    expectedTypes.put("_key", "VARCHAR");
    expectedTypes.put("total", "DECIMAL(12,2)");
    expectedTypes.put("city_upper", "VARCHAR");
    assertThat(types).containsExactlyInAnyOrderEntriesOf(expectedTypes);

    List<Map<String, Object>> rows =
        query(
            "SELECT id, name, qty, price, CAST(amount AS VARCHAR) AS amount, paid,"
                + " CAST(day AS VARCHAR) AS day, epoch_us(\"at\") AS \"at\", CAST(attrs AS VARCHAR) AS"
                + " attrs, customer.id AS cid, customer.address.city AS city, email, phone, card,"
                + " secret, CAST(total AS VARCHAR) AS total, _partition, _offset, _key, city_upper"
                + " FROM "
                + parquet(out)
                + " ORDER BY id");
    assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 10L);
    LoadChecks.Rec full = ignore.all.get(0);
    Map<String, Object> one = rows.get(0);
    assertThat(one)
        .containsEntry("name", "J.R.T.")
        .containsEntry("qty", 3)
        .containsEntry("price", 9.5)
        .containsEntry("amount", "12.50")
        .containsEntry("paid", true)
        .containsEntry("day", "2026-11-25")
        // 10:30 in Paris in November (UTC+1)
        .containsEntry("at", epochMicros("2026-11-25T09:30:00Z"))
        .containsEntry("attrs", "{\"k\":[1,2],\"s\":\"é\"}") // the same JSON value
        .containsEntry("cid", 7L)
        .containsEntry("city", "Paris")
        .containsEntry("email", hex("SHA-256", "a@b.c"))
        .containsEntry("phone", hex("MD5", "+33 1 23"))
        .containsEntry("card", "************1111")
        .containsEntry("total", "37.50") // the script, not the input's "total"
        .containsEntry("_partition", full.partition)
        .containsEntry("_offset", full.offset)
        .containsEntry("_key", "k-0")
        .containsEntry("city_upper", "PARIS");
    assertThat(one.get("secret")).isNull();
    Map<String, Object> two = rows.get(1);
    assertThat(two)
        .containsEntry("name", "J.S.")
        .containsEntry("qty", 2)
        .containsEntry("price", -0.25)
        .containsEntry("amount", "-15.00")
        .containsEntry("paid", true)
        .containsEntry("day", "2026-07-01")
        // 00:15 in Paris in July (UTC+2): the day before in UTC
        .containsEntry("at", epochMicros("2026-06-30T22:15:00Z"))
        .containsEntry("attrs", "[true,null]")
        .containsEntry("email", hex("SHA-256", "x@y.z"))
        .containsEntry("phone", hex("MD5", "12345"))
        .containsEntry("card", "123") // shorter than maskKeepLast: nothing to mask
        .containsEntry("total", "-30.00");
    assertThat(two.get("cid")).isNull();
    assertThat(two.get("city")).isNull();
    assertThat(two.get("secret")).isNull();
    assertThat(two.get("city_upper")).isNull();
    Map<String, Object> ten = rows.get(2);
    assertThat(ten)
        .containsEntry("name", "A.")
        .containsEntry("amount", "0.10")
        .containsEntry("total", "0.10")
        .containsEntry("cid", 1L);
    assertThat(ten.get("city")).isNull();
    assertThat(ten.get("at")).isNull();
    // unknown members (extra, customer.nick, customer.address.zip) are dropped under Ignore
    assertThat(
            query(
                "SELECT count(*) AS n FROM "
                    + parquet(out)
                    + " WHERE json_keys(to_json(customer)) <> ['id', 'address']"))
        .containsExactly(Map.of("n", 0L));
  }

  @Test
  void keepWritesTopLevelUnknownMembersWithInferredTypes() throws Exception {
    Path out = dir.resolve("keep");

    RunReport report = load(out, "Parquet", "Keep");

    assertLoad(report, out, LoadSpec.FileFormat.Parquet, topic, sameOffsets(expected()));
    List<Map<String, Object>> rows =
        query("SELECT id, extra, typeof(extra) AS t, name FROM " + parquet(out) + " ORDER BY id");
    assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 10L);
    assertThat(rows.get(0))
        .containsEntry("extra", 1L)
        .containsEntry("t", "BIGINT")
        .containsEntry("name", "J.R.T.");
    assertThat(rows.get(1).get("extra")).isNull();
  }

  @Test
  void keepWritesNestedUnknownMembersToo() throws Exception {
    Path out = dir.resolve("keep-nested");

    RunReport report = load(out, "Parquet", "Keep");

    assertLoad(report, out, LoadSpec.FileFormat.Parquet, topic, sameOffsets(expected()));
    List<Map<String, Object>> rows =
        query(
            "SELECT id, customer.nick AS nick, customer.address.zip AS zip,"
                + " customer.address.city AS city FROM "
                + parquet(out)
                + " ORDER BY id");
    assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 10L);
    assertThat(rows.get(0))
        .containsEntry("nick", "jr")
        .containsEntry("zip", "75001")
        .containsEntry("city", "Paris");
  }

  @Test
  void rejectRefusesTheFirstUnknownMemberByItsPath() throws Exception {
    Path out = dir.resolve("reject");
    Recs recs = new Recs(2);
    recs.bad(
        "validate", "field customer.address.zip: not in the schema (unknownFields: Reject)", FULL);
    recs.good(2, SUMMER);
    recs.filtered(3, UNPAID);
    recs.bad(
        "validate", "field customer.address.city: \"paris\" does not match [A-Z][a-z]+", BAD_CITY);
    recs.bad(
        "validate",
        "field at: \"25/13/2026 10:00\" is not a timestamp in format dd/MM/yyyy HH:mm",
        BAD_AT);
    recs.bad("validate", "field email: \"x\" does not match ^[^@]+@[^@]+$", BAD_EMAIL);
    recs.bad("validate", "field qty: 3000000000 is out of range for int", BAD_INT);
    recs.bad(
        "validate",
        "field customer: 5 is not an object (the schema has fields inside it)",
        BAD_PARENT);
    recs.bad("validate", "field name: required but missing", NO_NAME);
    recs.good(10, PLAIN);
    sameOffsets(recs);

    RunReport report = load(out, "Parquet", "Reject");

    assertLoad(report, out, LoadSpec.FileFormat.Parquet, topic, recs);
  }

  @Test
  void csvCarriesTheNormalisedValuesAsText() throws Exception {
    Path out = dir.resolve("csv");

    RunReport report = load(out, "Csv", "Ignore");

    assertLoad(report, out, LoadSpec.FileFormat.Csv, topic, ignore);
    List<Path> files = Loads.dataFiles(out, LoadSpec.FileFormat.Csv);
    String all =
        "read_csv(["
            + String.join(", ", files.stream().map(f -> "'" + f + "'").toList())
            + "], header = true, all_varchar = true)";
    List<Map<String, Object>> rows =
        query(
            "SELECT id, name, qty, amount, \"at\", day, email, card, total, secret, customer FROM "
                + all
                + " ORDER BY CAST(id AS BIGINT)");
    assertThat(rows).extracting(r -> r.get("id")).containsExactly("1", "2", "10");
    assertThat(rows.get(0))
        .containsEntry("name", "J.R.T.")
        .containsEntry("qty", "3")
        .containsEntry("amount", "12.50")
        .containsEntry("day", "2026-11-25")
        .containsEntry("email", hex("SHA-256", "a@b.c"))
        .containsEntry("card", "************1111")
        .containsEntry("total", "37.50");
    assertThat((String) rows.get(0).get("at"))
        .satisfiesAnyOf(
            at -> assertThat(at).isEqualTo("2026-11-25 09:30:00+00"),
            at -> assertThat(at).isEqualTo("2026-11-25T09:30:00Z"),
            at -> assertThat(at).isEqualTo("2026-11-25 09:30:00Z"));
    assertThat(rows.get(0).get("secret")).isNull();
    assertThat((String) rows.get(0).get("customer")).contains("Paris").contains("7");
  }

  @Test
  void avroCarriesLogicalTypes() throws Exception {
    Path out = dir.resolve("avro");

    RunReport report = load(out, "Avro", "Ignore");

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(10);
    assertThat(report.recordsWritten()).isEqualTo(3);
    assertThat(report.recordsRejected()).isEqualTo(6);
    assertThat(report.recordsFiltered()).isEqualTo(1);
    LoadChecks.assertRejected(out, topic, ignore);
    Map<Long, GenericRecord> rows = new HashMap<>();
    Schema schema = null;
    for (Path file : Loads.dataFiles(out, LoadSpec.FileFormat.Avro)) {
      try (DataFileReader<GenericRecord> reader =
          new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
        schema = reader.getSchema();
        for (GenericRecord r : reader) {
          assertThat(rows.put((Long) r.get("id"), r)).as("id twice").isNull();
        }
      }
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrder(1L, 2L, 10L);
    assertThat(logical(schema, "amount")).isEqualTo("decimal(10,2)");
    assertThat(logical(schema, "total")).isEqualTo("decimal(12,2)");
    assertThat(logical(schema, "day")).isEqualTo("date");
    assertThat(logical(schema, "at")).startsWith("timestamp-");
    GenericRecord one = rows.get(1L);
    assertThat(one.get("name").toString()).isEqualTo("J.R.T.");
    assertThat(one.get("qty")).isEqualTo(3);
    assertThat(one.get("price")).isEqualTo(9.5);
    assertThat(decimal(one.get("amount"), 2)).isEqualTo(new BigDecimal("12.50"));
    assertThat(decimal(one.get("total"), 2)).isEqualTo(new BigDecimal("37.50"));
    assertThat(one.get("paid")).isEqualTo(true);
    assertThat(one.get("day"))
        .isEqualTo((int) java.time.LocalDate.parse("2026-11-25").toEpochDay());
    Object at = one.get("at");
    long micros = epochMicros("2026-11-25T09:30:00Z");
    assertThat(((Number) at).longValue())
        .isEqualTo(logical(schema, "at").equals("timestamp-millis") ? micros / 1000 : micros);
    GenericRecord customer = (GenericRecord) one.get("customer");
    assertThat(customer.get("id")).isEqualTo(7L);
    assertThat(((GenericRecord) customer.get("address")).get("city").toString()).isEqualTo("Paris");
    assertThat(one.get("email").toString()).isEqualTo(hex("SHA-256", "a@b.c"));
    assertThat(one.get("phone").toString()).isEqualTo(hex("MD5", "+33 1 23"));
    assertThat(one.get("secret")).isNull();
    assertThat(rows.get(2L).get("name").toString()).isEqualTo("J.S.");
  }

  /** The logical type (with decimal precision and scale) of a field, unions of null unwrapped. */
  private static String logical(Schema record, String field) {
    Schema s = record.getField(field).schema();
    if (s.getType() == Schema.Type.UNION) {
      s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().get();
    }
    if (s.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal d) {
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    return s.getLogicalType() == null ? s.getType().getName() : s.getLogicalType().getName();
  }

  private static BigDecimal decimal(Object value, int scale) {
    byte[] bytes;
    if (value instanceof java.nio.ByteBuffer b) {
      bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
    } else {
      bytes = ((org.apache.avro.generic.GenericFixed) value).bytes();
    }
    return new BigDecimal(new java.math.BigInteger(bytes), scale);
  }
}
