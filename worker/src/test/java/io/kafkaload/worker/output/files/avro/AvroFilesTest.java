package io.kafkaload.worker.output.files.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.LoadSpec.Compression;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DuckDB results written as Avro files, read back with Avro's own reader. */
class AvroFilesTest {

  @TempDir Path dir;

  private Connection duck;

  @BeforeEach
  void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    exec("CREATE TYPE mood AS ENUM ('happy', 'sad')");
  }

  @AfterEach
  void close() throws SQLException {
    duck.close();
  }

  // ---------------------------------------------------------------- scalars

  private static final String SCALARS =
      """
      CREATE TABLE scalars AS SELECT
        1 AS k,
        true AS b,
        (-128)::TINYINT AS ti,
        (-32768)::SMALLINT AS si,
        (-2147483648)::INTEGER AS i,
        255::UTINYINT AS ut,
        65535::USMALLINT AS us,
        (-9223372036854775808)::BIGINT AS bi,
        4294967295::UINTEGER AS ui,
        18446744073709551615::UBIGINT AS ub,
        (-99999999999999999999999999999999999999)::HUGEINT AS h,
        99999999999999999999999999999999999999::UHUGEINT AS uh,
        1.5::FLOAT AS f,
        (-2.5e300)::DOUBLE AS d,
        '9999999999999999999999999999.9999999999'::DECIMAL(38,10) AS dec_max,
        '-9999999999999999999999999999.9999999999'::DECIMAL(38,10) AS dec_min,
        (-999.9)::DECIMAL(4,1) AS dec_small,
        0.001::DECIMAL(18,3) AS dec_mid,
        'héllo wörld 🎉 日本語' AS v,
        '{"a": [1, 2]}'::JSON AS j,
        'sad'::mood AS e,
        '6c2f1e4e-1234-4abc-8def-0123456789ab'::UUID AS u,
        '\\x00\\xFF\\x7F'::BLOB AS bl,
        DATE '1969-12-31' AS dt,
        TIME '23:59:59.999999' AS tm,
        TIMESTAMP '1969-12-31 23:59:59.5' AS ts,
        TIMESTAMP '1600-02-29 12:00:00' AS ts_old,
        TIMESTAMPTZ '1969-07-20 20:17:40.123456+00' AS tstz,
        '2024-01-02 03:04:05.678'::TIMESTAMP_MS AS tms,
        '2024-01-02 03:04:05.123456000'::TIMESTAMP_NS AS tns,
        '1950-01-02 03:04:05'::TIMESTAMP_S AS tss,
        INTERVAL '1 year 2 months 3 days 04:05:06.789' AS iv,
        INTERVAL '-3 days 01:00:00' AS iv_neg
      """;

  @Test
  void everyScalarTypeRoundTripsExactly() throws Exception {
    exec(SCALARS);
    exec("INSERT INTO scalars (k) VALUES (2)");
    List<GenericRecord> rows = writeAndRead("SELECT * FROM scalars ORDER BY k", Compression.Snappy);

    assertThat(rows).hasSize(2);
    GenericRecord r = rows.get(0);
    assertThat(r.get("b")).isEqualTo(true);
    assertThat(r.get("ti")).isEqualTo(-128);
    assertThat(r.get("si")).isEqualTo(-32768);
    assertThat(r.get("i")).isEqualTo(Integer.MIN_VALUE);
    assertThat(r.get("ut")).isEqualTo(255);
    assertThat(r.get("us")).isEqualTo(65535);
    assertThat(r.get("bi")).isEqualTo(Long.MIN_VALUE);
    assertThat(r.get("ui")).isEqualTo(4294967295L);
    assertThat(decimal(r.get("ub"), 0)).isEqualTo(new BigDecimal("18446744073709551615"));
    assertThat(decimal(r.get("h"), 0))
        .isEqualTo(new BigDecimal("-99999999999999999999999999999999999999"));
    assertThat(decimal(r.get("uh"), 0))
        .isEqualTo(new BigDecimal("99999999999999999999999999999999999999"));
    assertThat(r.get("f")).isEqualTo(1.5f);
    assertThat(r.get("d")).isEqualTo(-2.5e300);
    assertThat(decimal(r.get("dec_max"), 10))
        .isEqualTo(new BigDecimal("9999999999999999999999999999.9999999999"));
    assertThat(decimal(r.get("dec_min"), 10))
        .isEqualTo(new BigDecimal("-9999999999999999999999999999.9999999999"));
    assertThat(decimal(r.get("dec_small"), 1)).isEqualTo(new BigDecimal("-999.9"));
    assertThat(decimal(r.get("dec_mid"), 3)).isEqualTo(new BigDecimal("0.001"));
    assertThat(str(r.get("v"))).isEqualTo("héllo wörld 🎉 日本語");
    assertThat(str(r.get("j"))).isEqualTo("{\"a\": [1, 2]}");
    assertThat(str(r.get("e"))).isEqualTo("sad");
    assertThat(str(r.get("u"))).isEqualTo("6c2f1e4e-1234-4abc-8def-0123456789ab");
    assertThat(bytes(r.get("bl"))).containsExactly(0x00, 0xFF, 0x7F);
    assertThat(r.get("dt")).isEqualTo(-1);
    assertThat(r.get("tm")).isEqualTo(86_399_999_999L);
    assertThat(r.get("ts")).isEqualTo(-500_000L);
    assertThat(r.get("ts_old")).isEqualTo(micros(LocalDateTime.of(1600, 2, 29, 12, 0)));
    assertThat(r.get("tstz"))
        .isEqualTo(micros(Instant.parse("1969-07-20T20:17:40.123456Z")))
        .isEqualTo(-14_182_939_876_544L);
    assertThat(r.get("tms")).isEqualTo(micros(LocalDateTime.parse("2024-01-02T03:04:05.678")));
    assertThat(r.get("tns")).isEqualTo(micros(LocalDateTime.parse("2024-01-02T03:04:05.123456")));
    assertThat(r.get("tss")).isEqualTo(micros(LocalDateTime.parse("1950-01-02T03:04:05")));
    assertThat(str(r.get("iv"))).isEqualTo("P1Y2M3DT4H5M6.789S");
    assertThat(str(r.get("iv_neg"))).isEqualTo("P-3DT1H");

    GenericRecord nulls = rows.get(1);
    for (Schema.Field field : nulls.getSchema().getFields()) {
      if (!field.name().equals("k")) {
        assertThat(nulls.get(field.name())).as(field.name()).isNull();
      }
    }
  }

  @Test
  void infinitiesKeepDuckDbsEncoding() throws Exception {
    List<GenericRecord> rows =
        writeAndRead(
            "SELECT 'infinity'::TIMESTAMP AS ts_inf, '-infinity'::TIMESTAMP AS ts_ninf,"
                + " 'infinity'::TIMESTAMPTZ AS tz_inf, '-infinity'::TIMESTAMPTZ AS tz_ninf,"
                + " 'infinity'::DATE AS d_inf, '-infinity'::DATE AS d_ninf,"
                + " TIMESTAMP '0001-01-01 00:00:00.000001' AS ts_first",
            Compression.None);
    GenericRecord r = rows.get(0);
    assertThat(r.get("ts_inf")).isEqualTo(Long.MAX_VALUE);
    assertThat(r.get("ts_ninf")).isEqualTo(-Long.MAX_VALUE);
    assertThat(r.get("tz_inf")).isEqualTo(Long.MAX_VALUE);
    assertThat(r.get("tz_ninf")).isEqualTo(-Long.MAX_VALUE);
    assertThat(r.get("d_inf")).isEqualTo(Integer.MAX_VALUE);
    assertThat(r.get("d_ninf")).isEqualTo(-Integer.MAX_VALUE);
    assertThat(r.get("ts_first")).isEqualTo(-62_135_596_799_999_999L);
  }

  @Test
  void scalarSchemaCarriesTheLogicalTypes() throws Exception {
    exec(SCALARS);
    Schema schema;
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM scalars")) {
      schema = AvroFiles.schema(rs.getMetaData(), "scalars");
    }
    assertThat(schema.getName()).isEqualTo("scalars");
    for (Schema.Field field : schema.getFields()) {
      assertThat(field.schema().getType()).as(field.name()).isEqualTo(Schema.Type.UNION);
      assertThat(field.schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
      assertThat(field.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }
    assertThat(type(schema, "b")).isEqualTo("boolean");
    for (String f : List.of("ti", "si", "i", "ut", "us")) {
      assertThat(type(schema, f)).as(f).isEqualTo("int");
    }
    assertThat(type(schema, "bi")).isEqualTo("long");
    assertThat(type(schema, "ui")).isEqualTo("long");
    for (String f : List.of("ub", "h", "uh")) {
      assertThat(type(schema, f)).as(f).isEqualTo("bytes decimal(38,0)");
    }
    assertThat(type(schema, "f")).isEqualTo("float");
    assertThat(type(schema, "d")).isEqualTo("double");
    assertThat(type(schema, "dec_max")).isEqualTo("bytes decimal(38,10)");
    assertThat(type(schema, "dec_small")).isEqualTo("bytes decimal(4,1)");
    assertThat(type(schema, "dec_mid")).isEqualTo("bytes decimal(18,3)");
    assertThat(type(schema, "v")).isEqualTo("string");
    assertThat(type(schema, "j")).isEqualTo("string");
    assertThat(type(schema, "e")).isEqualTo("string");
    assertThat(type(schema, "u")).isEqualTo("string uuid");
    assertThat(type(schema, "bl")).isEqualTo("bytes");
    assertThat(type(schema, "dt")).isEqualTo("int date");
    assertThat(type(schema, "tm")).isEqualTo("long time-micros");
    for (String f : List.of("ts", "ts_old", "tms", "tns", "tss")) {
      assertThat(type(schema, f)).as(f).isEqualTo("long local-timestamp-micros");
    }
    assertThat(type(schema, "tstz")).isEqualTo("long timestamp-micros");
    assertThat(type(schema, "iv")).isEqualTo("string");
    // the schema survives a round trip through its JSON
    assertThat(new Schema.Parser().parse(schema.toString())).isEqualTo(schema);
  }

  // ---------------------------------------------------------------- nested

  @Test
  void nestedStructsListsAndMaps() throws Exception {
    String query =
        """
        SELECT * FROM (VALUES
          (1,
           {'id': 7,
            'items': [
              {'name': 'a', 'tags': ['x', NULL], 'at': TIMESTAMP '1960-05-06 07:08:09.000010',
               'price': 12.34::DECIMAL(6,2), 'big': 170141183460469231731687303715884105::HUGEINT},
              NULL,
              {'name': 'ü', 'tags': [], 'at': NULL, 'price': NULL, 'big': NULL}],
            'inner': {'when': DATE '1900-01-01', 'span': INTERVAL '36 hours',
                      'id': '00000000-0000-0000-0000-000000000001'::UUID, 'raw': '\\xAB'::BLOB}},
           MAP {'one': 1, 'none': NULL},
           MAP {10: 'ten', -1: NULL},
           MAP {'k': {'x': [1, 2]}},
           [[1, 2], NULL, []],
           [1, 2, 3]::INTEGER[3],
           [TIMESTAMPTZ '1950-01-01 00:00:00+01'],
           {'a': NULL}::STRUCT(a INTEGER)),
          (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
        ) t(k, s, m, mi, ms, ll, fa, tzl, sn)
        ORDER BY k
        """;
    List<GenericRecord> rows = writeAndRead(query, Compression.Zstd, "orders.v1-eu");
    GenericRecord r = rows.get(0);
    Schema schema = r.getSchema();
    assertThat(schema.getName()).isEqualTo("orders_v1_eu");

    GenericRecord s = (GenericRecord) r.get("s");
    assertThat(s.get("id")).isEqualTo(7);
    List<?> items = (List<?>) s.get("items");
    assertThat(items).hasSize(3);
    GenericRecord a = (GenericRecord) items.get(0);
    assertThat(str(a.get("name"))).isEqualTo("a");
    assertThat(strings((List<?>) a.get("tags"))).containsExactly("x", null);
    assertThat(a.get("at")).isEqualTo(micros(LocalDateTime.parse("1960-05-06T07:08:09.000010")));
    assertThat(decimal(a.get("price"), 2)).isEqualTo(new BigDecimal("12.34"));
    assertThat(decimal(a.get("big"), 0))
        .isEqualTo(new BigDecimal("170141183460469231731687303715884105"));
    assertThat(items.get(1)).isNull();
    GenericRecord c = (GenericRecord) items.get(2);
    assertThat(str(c.get("name"))).isEqualTo("ü");
    assertThat((List<?>) c.get("tags")).isEmpty();
    assertThat(c.get("at")).isNull();
    assertThat(c.get("price")).isNull();
    GenericRecord inner = (GenericRecord) s.get("inner");
    assertThat(inner.get("when")).isEqualTo((int) LocalDate.of(1900, 1, 1).toEpochDay());
    assertThat(str(inner.get("span"))).isEqualTo("PT36H");
    assertThat(str(inner.get("id"))).isEqualTo("00000000-0000-0000-0000-000000000001");
    assertThat(bytes(inner.get("raw"))).containsExactly(0xAB);

    assertThat(stringKeys((Map<?, ?>) r.get("m"))).containsExactly(Map.entry("one", 1));
    assertThat(((Map<?, ?>) r.get("m")).size()).isEqualTo(2);
    assertThat(stringKeys((Map<?, ?>) r.get("m")).containsKey("none")).isFalse();
    assertThat(((Map<?, ?>) r.get("m")).get(new org.apache.avro.util.Utf8("none"))).isNull();

    List<?> entries = (List<?>) r.get("mi");
    assertThat(entries).hasSize(2);
    GenericRecord e0 = (GenericRecord) entries.get(0);
    GenericRecord e1 = (GenericRecord) entries.get(1);
    assertThat(e0.get("key")).isEqualTo(10);
    assertThat(str(e0.get("value"))).isEqualTo("ten");
    assertThat(e1.get("key")).isEqualTo(-1);
    assertThat(e1.get("value")).isNull();

    GenericRecord msv = (GenericRecord) ((Map<?, ?>) r.get("ms")).values().iterator().next();
    assertThat(list(msv.get("x"))).containsExactly(1, 2);

    List<?> ll = (List<?>) r.get("ll");
    assertThat(ll).hasSize(3);
    assertThat(list(ll.get(0))).containsExactly(1, 2);
    assertThat(ll.get(1)).isNull();
    assertThat((List<?>) ll.get(2)).isEmpty();
    assertThat(list(r.get("fa"))).containsExactly(1, 2, 3);
    assertThat(list(r.get("tzl"))).containsExactly(micros(Instant.parse("1949-12-31T23:00:00Z")));
    assertThat(((GenericRecord) r.get("sn")).get("a")).isNull();

    GenericRecord nulls = rows.get(1);
    for (String f : List.of("s", "m", "mi", "ms", "ll", "fa", "tzl", "sn")) {
      assertThat(nulls.get(f)).as(f).isNull();
    }

    // the schema: records named after their path, nested types and logical types intact
    Schema sSchema = branch(schema.getField("s").schema());
    assertThat(sSchema.getName()).isEqualTo("orders_v1_eu_s");
    Schema item = branch(branch(sSchema.getField("items").schema()).getElementType());
    assertThat(item.getType()).isEqualTo(Schema.Type.RECORD);
    assertThat(item.getName()).isEqualTo("orders_v1_eu_s_items");
    assertThat(type(item, "at")).isEqualTo("long local-timestamp-micros");
    assertThat(type(item, "price")).isEqualTo("bytes decimal(6,2)");
    assertThat(branch(branch(item.getField("tags").schema()).getElementType()).getType())
        .isEqualTo(Schema.Type.STRING);
    Schema innerSchema = branch(sSchema.getField("inner").schema());
    assertThat(innerSchema.getName()).isEqualTo("orders_v1_eu_s_inner");
    assertThat(type(innerSchema, "when")).isEqualTo("int date");
    assertThat(type(innerSchema, "id")).isEqualTo("string uuid");
    Schema m = branch(schema.getField("m").schema());
    assertThat(m.getType()).isEqualTo(Schema.Type.MAP);
    assertThat(branch(m.getValueType()).getType()).isEqualTo(Schema.Type.INT);
    Schema entry = branch(schema.getField("mi").schema()).getElementType();
    assertThat(entry.getName()).isEqualTo("orders_v1_eu_mi_entry");
    assertThat(entry.getField("key").schema().getType()).isEqualTo(Schema.Type.INT);
    assertThat(branch(entry.getField("value").schema()).getType()).isEqualTo(Schema.Type.STRING);
    Schema tz = branch(branch(schema.getField("tzl").schema()).getElementType());
    assertThat(tz.getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
    assertThat(new Schema.Parser().parse(schema.toString())).isEqualTo(schema);
  }

  @Test
  void nestedRecordsAreNotSharedBetweenListItems() throws Exception {
    List<GenericRecord> rows =
        writeAndRead(
            "SELECT [{'n': i}, {'n': i + 1}] AS l, {'n': i} AS s FROM range(3) t(i) ORDER BY i",
            Compression.None);
    for (int i = 0; i < 3; i++) {
      List<?> l = (List<?>) rows.get(i).get("l");
      assertThat(((GenericRecord) l.get(0)).get("n")).isEqualTo((long) i);
      assertThat(((GenericRecord) l.get(1)).get("n")).isEqualTo((long) i + 1);
      assertThat(((GenericRecord) rows.get(i).get("s")).get("n")).isEqualTo((long) i);
    }
  }

  // ---------------------------------------------------------------- names

  @Test
  void invalidNamesAreSanitisedAndKeptAsAProperty() throws Exception {
    List<GenericRecord> rows =
        writeAndRead(
            "SELECT 1 AS \"event-type\", 2 AS \"1st\", 3 AS event_type, 4 AS \"prénom\","
                + " 5 AS ok, {'a b': 6, 'a_b': 7} AS \"my struct\"",
            Compression.Deflate,
            "1topic");
    Schema schema = rows.get(0).getSchema();
    assertThat(schema.getName()).isEqualTo("_1topic");
    assertThat(schema.getFields())
        .extracting(Schema.Field::name)
        .containsExactly("event_type_2", "_1st", "event_type", "pr_nom", "ok", "my_struct");
    assertThat(schema.getField("event_type_2").getProp("kafkaload.name")).isEqualTo("event-type");
    assertThat(schema.getField("_1st").getProp("kafkaload.name")).isEqualTo("1st");
    assertThat(schema.getField("pr_nom").getProp("kafkaload.name")).isEqualTo("prénom");
    assertThat(schema.getField("event_type").getProp("kafkaload.name")).isNull();
    assertThat(schema.getField("ok").getProp("kafkaload.name")).isNull();
    GenericRecord r = rows.get(0);
    assertThat(r.get("event_type_2")).isEqualTo(1);
    assertThat(r.get("_1st")).isEqualTo(2);
    assertThat(r.get("event_type")).isEqualTo(3);
    assertThat(r.get("pr_nom")).isEqualTo(4);
    GenericRecord st = (GenericRecord) r.get("my_struct");
    assertThat(st.getSchema().getName()).isEqualTo("_1topic_my_struct");
    assertThat(st.getSchema().getFields())
        .extracting(Schema.Field::name)
        .containsExactly("a_b_2", "a_b");
    assertThat(st.getSchema().getField("a_b_2").getProp("kafkaload.name")).isEqualTo("a b");
    assertThat(st.get("a_b_2")).isEqualTo(6);
    assertThat(st.get("a_b")).isEqualTo(7);
  }

  @Test
  void duplicateColumnNamesGetSuffixes() throws Exception {
    List<GenericRecord> rows =
        writeAndRead("SELECT 1 AS a, 2 AS a, 'x' AS \" \"", Compression.None, " ");
    Schema schema = rows.get(0).getSchema();
    assertThat(schema.getName()).isEqualTo("row");
    assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("a", "a_2", "_");
    assertThat(schema.getField("a_2").getProp("kafkaload.name")).isEqualTo("a");
    assertThat(schema.getField("_").getProp("kafkaload.name")).isEqualTo(" ");
    assertThat(rows.get(0).get("a")).isEqualTo(1);
    assertThat(rows.get(0).get("a_2")).isEqualTo(2);
    assertThat(str(rows.get(0).get("_"))).isEqualTo("x");
  }

  // ---------------------------------------------------------------- codecs

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"Snappy", "Deflate", "Zstd", "None"})
  void everySupportedCodec(Compression codec) throws Exception {
    Path file = dir.resolve("c.avro");
    long n;
    try (Statement s = duck.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT i, 'row ' || i AS name, {'x': i, 'l': [i, NULL]} AS st"
                    + " FROM range(20000) t(i) ORDER BY i")) {
      n = AvroFiles.write(rs, file, codec, "codecs");
    }
    assertThat(n).isEqualTo(20000);
    try (DataFileReader<GenericRecord> reader = reader(file)) {
      assertThat(reader.getMetaString("avro.codec"))
          .isEqualTo(
              switch (codec) {
                case Snappy -> "snappy";
                case Deflate -> "deflate";
                case Zstd -> "zstandard";
                default -> "null";
              });
      long i = 0;
      for (GenericRecord r : reader) {
        assertThat(r.get("i")).isEqualTo(i);
        assertThat(str(r.get("name"))).isEqualTo("row " + i);
        assertThat(((GenericRecord) r.get("st")).get("x")).isEqualTo(i);
        i++;
      }
      assertThat(i).isEqualTo(20000);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"Gzip", "Lz4"})
  void unsupportedCodecIsRefusedBeforeAnyFile(Compression codec) throws Exception {
    Path file = dir.resolve("x.avro");
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 AS a")) {
      assertThatThrownBy(() -> AvroFiles.write(rs, file, codec, "t"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(codec.name())
          .hasMessageContaining("Snappy, Deflate, Zstd or None");
    }
    assertThat(file).doesNotExist();
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void subMicrosecondNanosAreRefusedNamingTheColumn() throws Exception {
    Path file = dir.resolve("ns.avro");
    assertThatThrownBy(
            () ->
                write(
                    "SELECT 1 AS ok, '2024-01-02 03:04:05.123456789'::TIMESTAMP_NS AS event_ns",
                    file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'event_ns'")
        .hasMessageContaining("TIMESTAMP_NS")
        .hasMessageContaining("row 0")
        .hasMessageContaining("cast the column to TIMESTAMP");
    assertThat(file).doesNotExist();
  }

  @Test
  void aNestedBadValueNamesItsPlace() throws Exception {
    Path file = dir.resolve("nested.avro");
    assertThatThrownBy(
            () ->
                write(
                    "SELECT i, CASE WHEN i = 2 THEN [{'t': '2024-01-02 03:04:05.000000001'::TIMESTAMP_NS}]"
                        + " ELSE [] END AS payload FROM range(3) t(i) ORDER BY i",
                    file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'payload'")
        .hasMessageContaining("row 2")
        .hasMessageContaining("payload[0].t");
    assertThat(file).doesNotExist();
  }

  @Test
  void hugeintBeyond38DigitsIsRefused() {
    Path file = dir.resolve("huge.avro");
    assertThatThrownBy(
            () -> write("SELECT 170141183460469231731687303715884105727::HUGEINT AS big_id", file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'big_id'")
        .hasMessageContaining("39 digits");
    assertThat(file).doesNotExist();
  }

  @Test
  void anUnmappedTypeIsRefusedNamingTheColumn() throws Exception {
    Path file = dir.resolve("tz.avro");
    assertThatThrownBy(() -> write("SELECT 1 AS a, TIMETZ '10:00:00+02' AS local_time", file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'local_time'")
        .hasMessageContaining("TIME WITH TIME ZONE");
    assertThatThrownBy(() -> write("SELECT {'x': {'bits': '101'::BIT}} AS s", file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'s'")
        .hasMessageContaining("s.x.bits");
    assertThat(file).doesNotExist();
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT union_value(n := 1) AS u")) {
      assertThatThrownBy(() -> AvroFiles.schema(rs.getMetaData(), "t"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'u'")
          .hasMessageContaining("UNION");
    }
  }

  @Test
  void anUntypedNullColumnIsAvroNull() throws Exception {
    List<GenericRecord> rows = writeAndRead("SELECT NULL AS nothing, 1 AS one", Compression.None);
    assertThat(rows.get(0).getSchema().getField("nothing").schema().getType())
        .isEqualTo(Schema.Type.NULL);
    assertThat(rows.get(0).get("nothing")).isNull();
    assertThat(rows.get(0).get("one")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- volume

  @Test
  void aMillionRowsStream() throws Exception {
    Path file = dir.resolve("million.avro");
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    long n;
    long started = System.nanoTime();
    try (Connection streaming = DriverManager.getConnection("jdbc:duckdb:", props);
        Statement s = streaming.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                SELECT i AS id,
                       (i % 1000)::INTEGER AS bucket,
                       'customer-' || (i % 50000) AS customer,
                       i % 3 = 0 AS flag,
                       i / 7.0 AS ratio,
                       (i % 100000)::DECIMAL(12,2) / 100 AS amount,
                       DATE '2020-01-01' + (i % 1000)::INTEGER AS day,
                       TIMESTAMP '2020-01-01' + to_microseconds(i) AS at,
                       CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i END AS note,
                       [i, i + 1] AS pair
                FROM range(1000000) t(i)
                """)) {
      n = AvroFiles.write(rs, file, Compression.Snappy, "million");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "AvroFiles: %,d rows in %.2f s = %,.0f rows/s, %,d bytes%n",
        n, seconds, n / seconds, Files.size(file));
    assertThat(n).isEqualTo(1_000_000);
    long read = 0;
    GenericRecord last = null;
    try (DataFileReader<GenericRecord> reader = reader(file)) {
      while (reader.hasNext()) {
        last = reader.next(last);
        read++;
      }
    }
    assertThat(read).isEqualTo(1_000_000);
  }

  // ---------------------------------------------------------------- helpers

  private void exec(String sql) throws SQLException {
    try (Statement s = duck.createStatement()) {
      s.execute(sql);
    }
  }

  private long write(String query, Path file) throws Exception {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return AvroFiles.write(rs, file, Compression.Snappy, "t");
    }
  }

  private List<GenericRecord> writeAndRead(String query, Compression codec) throws Exception {
    return writeAndRead(query, codec, "t");
  }

  private List<GenericRecord> writeAndRead(String query, Compression codec, String recordName)
      throws Exception {
    Path file = Files.createTempFile(dir, "rows", ".avro");
    long n;
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      n = AvroFiles.write(rs, file, codec, recordName);
    }
    List<GenericRecord> rows = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader = reader(file)) {
      reader.forEach(rows::add);
    }
    assertThat(rows).hasSize((int) n);
    return rows;
  }

  /** A reader without logical-type conversions: the raw encoded datums. */
  private static DataFileReader<GenericRecord> reader(Path file) throws IOException {
    return new DataFileReader<>(
        file.toFile(), new GenericDatumReader<>(null, null, new GenericData()));
  }

  private static BigDecimal decimal(Object datum, int scale) {
    return new BigDecimal(new BigInteger(bytesOf((ByteBuffer) datum)), scale);
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }

  private static int[] bytes(Object datum) {
    byte[] b = bytesOf((ByteBuffer) datum);
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object datum) {
    return (List<Object>) datum;
  }

  private static String str(Object datum) {
    return datum == null ? null : datum.toString();
  }

  private static List<String> strings(List<?> datums) {
    List<String> out = new ArrayList<>();
    datums.forEach(d -> out.add(str(d)));
    return out;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k.toString(), v);
          }
        });
    return out;
  }

  private static long micros(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** The non-null branch of {@code ["null", T]}, or the schema itself. */
  private static Schema branch(Schema schema) {
    return schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
  }

  /** "long timestamp-micros", "bytes decimal(38,10)", "int", ... of a field's non-null branch. */
  private static String type(Schema record, String field) {
    Schema s = branch(record.getField(field).schema());
    LogicalType logical = s.getLogicalType();
    String name = s.getType().getName();
    if (logical == null) {
      return name;
    }
    if (logical instanceof LogicalTypes.Decimal d) {
      return name + " decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    return name + " " + logical.getName();
  }
}
