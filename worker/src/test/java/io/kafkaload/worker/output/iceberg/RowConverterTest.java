package io.kafkaload.worker.output.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RowConverter}: each Iceberg type's values as DuckDB's JDBC driver returns them become
 * Iceberg's generic values; what does not fit (a decimal that would round or overflow, NULL in a
 * required column or field, a column the table lacks) is refused naming the column.
 */
class RowConverterTest {

  private Connection duck;

  @BeforeEach
  void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    duck.close();
  }

  /** The records {@code sql}'s rows fill, in order. */
  private List<GenericRecord> convert(Schema schema, String sql) throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      RowConverter converter = new RowConverter(schema, rs.getMetaData());
      assertThat(converter.schema()).isSameAs(schema);
      List<GenericRecord> out = new ArrayList<>();
      while (rs.next()) {
        GenericRecord record = GenericRecord.create(schema);
        converter.fill(rs, record);
        out.add(record);
      }
      return out;
    }
  }

  private static Types.NestedField opt(int id, String name, org.apache.iceberg.types.Type type) {
    return Types.NestedField.optional(id, name, type);
  }

  @Test
  void primitivesBecomeIcebergsValues() throws SQLException {
    Schema schema =
        new Schema(
            opt(1, "b", Types.BooleanType.get()),
            opt(2, "i", Types.IntegerType.get()),
            opt(3, "l", Types.LongType.get()),
            opt(4, "f", Types.FloatType.get()),
            opt(5, "d", Types.DoubleType.get()),
            opt(6, "dec", Types.DecimalType.of(10, 2)),
            opt(7, "s", Types.StringType.get()),
            opt(8, "dt", Types.DateType.get()),
            opt(9, "t", Types.TimeType.get()),
            opt(10, "ts", Types.TimestampType.withoutZone()),
            opt(11, "tz", Types.TimestampType.withZone()),
            opt(12, "bin", Types.BinaryType.get()),
            opt(13, "u", Types.UUIDType.get()));
    List<GenericRecord> rows =
        convert(
            schema,
            "SELECT true AS b, 7::INTEGER AS i, 9007199254740993::BIGINT AS l, 1.5::FLOAT AS f,"
                + " 2.25::DOUBLE AS d, 12.5::DECIMAL(10,1) AS dec, 'x' AS s,"
                + " DATE '2024-02-29' AS dt, TIME '12:34:56.789' AS t,"
                + " TIMESTAMP '2024-02-29 12:34:56.123456' AS ts,"
                + " TIMESTAMPTZ '2024-02-29 12:34:56.5+02' AS tz, '\\xAB\\x00'::BLOB AS bin,"
                + " '6f1c0e3e-5c1b-4a57-9d52-3c3f4c7b9a11'::UUID AS u");
    GenericRecord r = rows.get(0);
    assertThat(r.getField("b")).isEqualTo(true);
    assertThat(r.getField("i")).isEqualTo(7);
    assertThat(r.getField("l")).isEqualTo(9007199254740993L);
    assertThat(r.getField("f")).isEqualTo(1.5f);
    assertThat(r.getField("d")).isEqualTo(2.25);
    assertThat(r.getField("dec")).isEqualTo(new BigDecimal("12.50"));
    assertThat(r.getField("s")).isEqualTo("x");
    assertThat(r.getField("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(r.getField("t")).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
    assertThat(r.getField("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
    assertThat(r.getField("tz"))
        .isEqualTo(OffsetDateTime.of(2024, 2, 29, 10, 34, 56, 500_000_000, ZoneOffset.UTC));
    assertThat(r.getField("bin")).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0xAB, 0}));
    assertThat(r.getField("u")).isEqualTo(UUID.fromString("6f1c0e3e-5c1b-4a57-9d52-3c3f4c7b9a11"));
  }

  @Test
  void nullsStayNullAndTheTablesOtherColumnsUnset() throws SQLException {
    Schema schema =
        new Schema(
            opt(1, "l", Types.LongType.get()),
            opt(2, "s", Types.StringType.get()),
            opt(3, "ts", Types.TimestampType.withoutZone()),
            opt(4, "absent", Types.StringType.get()));
    GenericRecord r =
        convert(schema, "SELECT NULL::BIGINT AS l, NULL::VARCHAR AS s, NULL::TIMESTAMP AS ts")
            .get(0);
    assertThat(r.getField("l")).isNull();
    assertThat(r.getField("s")).isNull();
    assertThat(r.getField("ts")).isNull();
    assertThat(r.getField("absent")).isNull();
  }

  @Test
  void columnsGoToTheTablesColumnOfTheSameName() throws SQLException {
    Schema schema =
        new Schema(opt(1, "a", Types.StringType.get()), opt(2, "b", Types.IntegerType.get()));
    GenericRecord r = convert(schema, "SELECT 3::INTEGER AS b, 'x' AS a").get(0);
    assertThat(r.get(0)).isEqualTo("x");
    assertThat(r.get(1)).isEqualTo(3);
    assertThatThrownBy(() -> convert(schema, "SELECT 1 AS c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table has no column c");
  }

  @Test
  void aDecimalThatWouldRoundOrOverflowIsRefused() throws SQLException {
    Schema schema = new Schema(opt(1, "dec", Types.DecimalType.of(5, 2)));
    assertThatThrownBy(() -> convert(schema, "SELECT 1.234::DECIMAL(6,3) AS dec"))
        .hasMessage("column dec: 1.234 does not fit decimal(5, 2) without rounding");
    assertThatThrownBy(() -> convert(schema, "SELECT 1234.5::DECIMAL(6,1) AS dec"))
        .hasMessage("column dec: 1234.50 does not fit decimal(5, 2)");
    Schema fromDouble = new Schema(opt(1, "dec", Types.DecimalType.of(5, 2)));
    assertThat(convert(fromDouble, "SELECT 1.5::DOUBLE AS dec").get(0).getField("dec"))
        .isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void nullInARequiredColumnOrFieldIsRefused() {
    Schema column = new Schema(Types.NestedField.required(1, "s", Types.StringType.get()));
    assertThatThrownBy(() -> convert(column, "SELECT NULL::VARCHAR AS s"))
        .hasMessage("column s is required in the table but the row has NULL");
    Schema field =
        new Schema(
            opt(
                1,
                "st",
                Types.StructType.of(Types.NestedField.required(2, "x", Types.IntegerType.get()))));
    assertThatThrownBy(() -> convert(field, "SELECT {'x': NULL::INTEGER} AS st"))
        .hasMessage("field st.x is required but NULL");
  }

  @Test
  void nestedValuesAreConvertedAllTheWayDown() throws SQLException {
    Types.StructType inner =
        Types.StructType.of(
            opt(2, "n", Types.IntegerType.get()), opt(3, "dec", Types.DecimalType.of(4, 1)));
    Schema schema =
        new Schema(
            opt(1, "st", inner),
            opt(4, "li", Types.ListType.ofOptional(5, Types.LongType.get())),
            opt(
                6,
                "m",
                Types.MapType.ofOptional(7, 8, Types.StringType.get(), Types.DateType.get())),
            opt(
                9,
                "ls",
                Types.ListType.ofOptional(
                    10,
                    Types.StructType.of(
                        opt(11, "n", Types.IntegerType.get()),
                        opt(12, "dec", Types.DecimalType.of(4, 1))))));
    GenericRecord r =
        convert(
                schema,
                "SELECT {'n': 1::INTEGER, 'dec': 2.5::DECIMAL(4,1)} AS st,"
                    + " [1, NULL, 3]::BIGINT[] AS li,"
                    + " MAP {'a': DATE '2024-01-02', 'b': NULL::DATE} AS m,"
                    + " [{'n': 2::INTEGER, 'dec': NULL::DECIMAL(4,1)}] AS ls")
            .get(0);
    GenericRecord st = (GenericRecord) r.getField("st");
    assertThat(st.getField("n")).isEqualTo(1);
    assertThat(st.getField("dec")).isEqualTo(new BigDecimal("2.5"));
    assertThat(new ArrayList<Object>((List<?>) r.getField("li"))).containsExactly(1L, null, 3L);
    Map<Object, Object> m = new java.util.LinkedHashMap<>((Map<?, ?>) r.getField("m"));
    assertThat(m).containsEntry("a", LocalDate.of(2024, 1, 2)).containsEntry("b", null);
    assertThat(new ArrayList<Object>(m.keySet())).containsExactly("a", "b");
    GenericRecord element = (GenericRecord) ((List<?>) r.getField("ls")).get(0);
    assertThat(element.getField("n")).isEqualTo(2);
    assertThat(element.getField("dec")).isNull();
  }

  @Test
  void aNestedDecimalIsRefusedWithItsPath() {
    Schema schema =
        new Schema(
            opt(1, "li", Types.ListType.ofOptional(2, Types.DecimalType.of(3, 0))),
            opt(
                3,
                "m",
                Types.MapType.ofOptional(
                    4, 5, Types.StringType.get(), Types.DecimalType.of(3, 0))));
    assertThatThrownBy(() -> convert(schema, "SELECT [1234]::DECIMAL(4,0)[] AS li"))
        .hasMessage("column li.element: 1234 does not fit decimal(3, 0)");
    assertThatThrownBy(() -> convert(schema, "SELECT MAP {'k': 1234::DECIMAL(4,0)} AS m"))
        .hasMessage("column m.value: 1234 does not fit decimal(3, 0)");
  }

  @Test
  void strings() throws SQLException {
    Schema schema = new Schema(opt(1, "s", Types.StringType.get()));
    String text = "é\u0000\uD83D\uDE00";
    try (var ps = duck.prepareStatement("SELECT ?::VARCHAR AS s")) {
      ps.setString(1, text);
      try (ResultSet rs = ps.executeQuery()) {
        RowConverter converter = new RowConverter(schema, rs.getMetaData());
        rs.next();
        GenericRecord r = GenericRecord.create(schema);
        converter.fill(rs, r);
        assertThat(((String) r.getField("s")).getBytes(StandardCharsets.UTF_8))
            .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
