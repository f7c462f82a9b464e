package io.kafkaload.worker.output.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.registry.RegistrySchema;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.security.SecretFiles;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Generated rows of every kind of column (integers, doubles with NaN, infinities and -0.0,
 * decimals, any text, booleans, dates, timestamps, lists, structs, maps, and nulls anywhere), made
 * by DuckDB and encoded as a Kafka sink's Avro values: each value, read back with Apache Avro and
 * the schema the registry gives for the id in its header, equals the generated row.
 */
class AvroValuesProperties {

  private static TestSchemaRegistry registry;
  private static SchemaRegistryClient client;
  private static Connection db;

  @BeforeContainer
  static void start() throws Exception {
    registry = new TestSchemaRegistry();
    client =
        SchemaRegistryClient.create(
            new ConnectionSpec.SchemaRegistry(registry.url(), null),
            new SecretFiles(Path.of("no-secrets")),
            SchemaRegistryClient.Settings.defaults());
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterContainer
  static void stop() throws Exception {
    db.close();
    registry.close();
  }

  /** A generated row: a value (or null) per column. */
  record Row(
      Long big,
      Integer small,
      Double number,
      BigDecimal amount,
      String text,
      Boolean flag,
      LocalDate day,
      LocalDateTime ts,
      List<String> tags,
      Point point,
      Map<String, Long> attrs) {}

  record Point(Long a, String b) {}

  private static final String COLUMNS =
      "big BIGINT, small INTEGER, number DOUBLE, amount DECIMAL(18,4), text VARCHAR,"
          + " flag BOOLEAN, day DATE, ts TIMESTAMP, tags VARCHAR[],"
          + " point STRUCT(a BIGINT, b VARCHAR), attrs MAP(VARCHAR, BIGINT)";

  @Property(tries = 150)
  void encodedThenDecodedEqualsTheRows(@ForAll("rows") List<Row> rows) throws Exception {
    LoadSpec.KafkaSink sink =
        new LoadSpec.KafkaSink(
            "prop-topic", null, LoadSpec.ValueFormat.Avro, null, null, null, null, null);
    AvroValues values = AvroValues.open(sink, client);
    List<byte[]> encoded = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(query(rows))) {
      AvroValues.ChunkValues chunk = values.chunk(rs.getMetaData(), 11);
      long row = 0;
      while (rs.next()) {
        encoded.add(chunk.value(rs, row++));
      }
    }
    assertThat(encoded).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i), decode(encoded.get(i)));
    }
  }

  /** The rows as a DuckDB query of typed columns, from SQL literals. */
  private static String query(List<Row> rows) {
    StringBuilder sql = new StringBuilder("SELECT ");
    String[] names = {
      "big", "small", "number", "amount", "text", "flag", "day", "ts", "tags", "point", "attrs"
    };
    String[] types = COLUMNS.split(",(?![^()]*\\))");
    for (int c = 0; c < names.length; c++) {
      String type = types[c].trim().substring(names[c].length()).trim();
      sql.append(c == 0 ? "" : ", ")
          .append("CAST(c")
          .append(c)
          .append(" AS ")
          .append(type)
          .append(") AS ")
          .append(names[c]);
    }
    sql.append(" FROM (VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      sql.append(r == 0 ? "(" : ", (")
          .append(literal(row.big()))
          .append(", ")
          .append(row.small() == null ? "NULL" : "CAST(" + row.small() + " AS INTEGER)")
          .append(", ")
          .append(row.number() == null ? "NULL" : "'" + row.number() + "'::DOUBLE")
          .append(", ")
          .append(
              row.amount() == null
                  ? "NULL"
                  : "'" + row.amount().toPlainString() + "'::DECIMAL(18,4)")
          .append(", ")
          .append(text(row.text()))
          .append(", ")
          .append(row.flag() == null ? "NULL" : row.flag().toString())
          .append(", ")
          .append(row.day() == null ? "NULL" : "DATE '" + row.day() + "'")
          .append(", ")
          .append(
              row.ts() == null
                  ? "NULL"
                  : "TIMESTAMP '" + row.ts().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "'")
          .append(", ")
          .append(tags(row.tags()))
          .append(", ")
          .append(
              row.point() == null
                  ? "NULL"
                  : "{'a': "
                      + literal(row.point().a())
                      + ", 'b': "
                      + text(row.point().b())
                      + "}::STRUCT(a BIGINT, b VARCHAR)")
          .append(", ")
          .append(attrs(row.attrs()))
          .append(")");
    }
    sql.append(") AS t(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)");
    return sql.toString();
  }

  private static String literal(Long value) {
    return value == null ? "NULL" : "CAST(" + value + " AS BIGINT)";
  }

  private static String text(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'::VARCHAR";
  }

  private static String tags(List<String> tags) {
    if (tags == null) {
      return "NULL";
    }
    List<String> items = new ArrayList<>();
    for (String t : tags) {
      items.add(text(t));
    }
    return "[" + String.join(", ", items) + "]::VARCHAR[]";
  }

  private static String attrs(Map<String, Long> attrs) {
    if (attrs == null) {
      return "NULL";
    }
    List<String> entries = new ArrayList<>();
    for (Map.Entry<String, Long> e : attrs.entrySet()) {
      entries.add(text(e.getKey()) + ": " + literal(e.getValue()));
    }
    return "MAP {" + String.join(", ", entries) + "}::MAP(VARCHAR, BIGINT)";
  }

  private final Map<Integer, Schema> schemas = new HashMap<>();

  private GenericRecord decode(byte[] value) throws Exception {
    assertThat(value[0]).isZero();
    int id = ByteBuffer.wrap(value, 1, 4).getInt();
    Schema schema = schemas.get(id);
    if (schema == null) {
      RegistrySchema found = client.schemaById(id);
      schema = new Schema.Parser().parse(found.schema());
      schemas.put(id, schema);
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
    GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
    assertThat(decoder.isEnd()).isTrue();
    return record;
  }

  private static void assertEquals(Row row, GenericRecord r) {
    assertThat(r.get("big")).isEqualTo(row.big());
    assertThat(r.get("small")).isEqualTo(row.small());
    if (row.number() == null) {
      assertThat(r.get("number")).isNull();
    } else {
      assertThat(Double.compare((Double) r.get("number"), row.number())).isZero();
    }
    assertThat(r.get("amount") == null ? null : decimal(r.get("amount"), 4))
        .isEqualTo(row.amount() == null ? null : row.amount().setScale(4));
    assertThat(text(r.get("text"))).isEqualTo(row.text());
    assertThat(r.get("flag")).isEqualTo(row.flag());
    assertThat(r.get("day")).isEqualTo(row.day() == null ? null : (int) row.day().toEpochDay());
    assertThat(r.get("ts"))
        .isEqualTo(
            row.ts() == null
                ? null
                : row.ts().toEpochSecond(ZoneOffset.UTC) * 1_000_000L + row.ts().getNano() / 1000);
    if (row.tags() == null) {
      assertThat(r.get("tags")).isNull();
    } else {
      List<String> tags = new ArrayList<>();
      for (Object t : (List<?>) r.get("tags")) {
        tags.add(text(t));
      }
      assertThat(tags).isEqualTo(row.tags());
    }
    if (row.point() == null) {
      assertThat(r.get("point")).isNull();
    } else {
      GenericRecord point = (GenericRecord) r.get("point");
      assertThat(point.get("a")).isEqualTo(row.point().a());
      assertThat(text(point.get("b"))).isEqualTo(row.point().b());
    }
    if (row.attrs() == null) {
      assertThat(r.get("attrs")).isNull();
    } else {
      Map<String, Long> attrs = new LinkedHashMap<>();
      ((Map<?, ?>) r.get("attrs")).forEach((k, v) -> attrs.put(k.toString(), (Long) v));
      assertThat(attrs).isEqualTo(row.attrs());
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static BigDecimal decimal(Object bytes, int scale) {
    ByteBuffer b = ((ByteBuffer) bytes).duplicate();
    byte[] unscaled = new byte[b.remaining()];
    b.get(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  @Provide
  @SuppressWarnings("unchecked")
  Arbitrary<List<Row>> rows() {
    Arbitrary<String> texts =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withCharRange('\u00a0', '\u07ff')
            .withCharRange('\u4e00', '\u4e2f')
            .withChars('\'', '"', '\\', '\n', '\t', '✓')
            .ofMaxLength(30);
    Arbitrary<Double> numbers =
        Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE));
    Arbitrary<BigDecimal> amounts =
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-99999999999999.9999"), new BigDecimal("99999999999999.9999"))
            .ofScale(4);
    Arbitrary<LocalDate> days =
        Arbitraries.longs().between(-700_000, 2_900_000).map(LocalDate::ofEpochDay);
    Arbitrary<LocalDateTime> times =
        Arbitraries.longs()
            .between(-62_000_000_000L, 253_000_000_000L)
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999)
                        .map(us -> LocalDateTime.ofEpochSecond(s, us * 1000, ZoneOffset.UTC)));
    Arbitrary<List<String>> tags = texts.injectNull(0.2).list().ofMaxSize(4);
    Arbitrary<Point> points =
        Combinators.combine(Arbitraries.longs().injectNull(0.2), texts.injectNull(0.2))
            .as(Point::new);
    Arbitrary<Map<String, Long>> attrs =
        Arbitraries.maps(texts, Arbitraries.longs().injectNull(0.2)).ofMaxSize(3);
    Arbitrary<Row> row =
        Combinators.combine(
                Combinators.combine(
                        Arbitraries.longs().injectNull(0.1),
                        Arbitraries.integers().injectNull(0.1),
                        numbers.injectNull(0.1),
                        amounts.injectNull(0.1),
                        texts.injectNull(0.1),
                        Arbitraries.of(true, false).injectNull(0.1))
                    .as((v0, v1, v2, v3, v4, v5) -> Arrays.<Object>asList(v0, v1, v2, v3, v4, v5)),
                Combinators.combine(
                        days.injectNull(0.1),
                        times.injectNull(0.1),
                        tags.injectNull(0.1),
                        points.injectNull(0.1),
                        attrs.injectNull(0.1))
                    .as((v0, v1, v2, v3, v4) -> Arrays.<Object>asList(v0, v1, v2, v3, v4)))
            .as(
                (a, b) ->
                    new Row(
                        (Long) a.get(0),
                        (Integer) a.get(1),
                        (Double) a.get(2),
                        (BigDecimal) a.get(3),
                        (String) a.get(4),
                        (Boolean) a.get(5),
                        (LocalDate) b.get(0),
                        (LocalDateTime) b.get(1),
                        (List<String>) b.get(2),
                        (Point) b.get(3),
                        (Map<String, Long>) b.get(4)));
    return row.list().ofMinSize(1).ofMaxSize(12);
  }
}
