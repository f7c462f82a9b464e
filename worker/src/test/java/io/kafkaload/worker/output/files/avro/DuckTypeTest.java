package io.kafkaload.worker.output.files.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The type text parser, and DuckDB's INTERVAL text to ISO 8601. */
class DuckTypeTest {

  @Test
  void scalarsWithWordsAndArguments() {
    assertThat(DuckType.parse("INTEGER")).isEqualTo(new DuckType.Scalar("INTEGER", List.of()));
    assertThat(DuckType.parse("TIMESTAMP WITH TIME ZONE"))
        .isEqualTo(new DuckType.Scalar("TIMESTAMP WITH TIME ZONE", List.of()));
    assertThat(DuckType.parse("DECIMAL(38,10)"))
        .isEqualTo(new DuckType.Scalar("DECIMAL", List.of("38", "10")));
    assertThat(DuckType.parse("ENUM('a, b', 'it''s', ')')"))
        .isEqualTo(new DuckType.Scalar("ENUM", List.of("'a, b'", "'it''s'", "')'")));
    assertThat(DuckType.parse("\"NULL\"")).isEqualTo(new DuckType.Scalar("NULL", List.of()));
  }

  @Test
  void nestedTypesWithQuotedNames() {
    DuckType type =
        DuckType.parse(
            "STRUCT(\"a\"\"b\" INTEGER, \"x,y\" TIMESTAMP WITH TIME ZONE,"
                + " items STRUCT(n VARCHAR, m MAP(VARCHAR, DECIMAL(5,2)[]))[],"
                + " e ENUM('p', 'q'))[3][]");
    DuckType.ListOf outer = (DuckType.ListOf) type;
    assertThat(outer.size()).isNull();
    DuckType.ListOf fixed = (DuckType.ListOf) outer.element();
    assertThat(fixed.size()).isEqualTo(3);
    DuckType.Struct struct = (DuckType.Struct) fixed.element();
    assertThat(struct.names()).containsExactly("a\"b", "x,y", "items", "e");
    assertThat(struct.types().get(1).scalarName()).isEqualTo("TIMESTAMP WITH TIME ZONE");
    DuckType.Struct item = (DuckType.Struct) ((DuckType.ListOf) struct.types().get(2)).element();
    DuckType.MapOf map = (DuckType.MapOf) item.types().get(1);
    assertThat(map.key().scalarName()).isEqualTo("VARCHAR");
    assertThat(((DuckType.ListOf) map.value()).element())
        .isEqualTo(new DuckType.Scalar("DECIMAL", List.of("5", "2")));
    assertThat(struct.types().get(3)).isEqualTo(new DuckType.Scalar("ENUM", List.of("'p'", "'q'")));
  }

  @Test
  void malformedTextIsRefused() {
    assertThatThrownBy(() -> DuckType.parse("STRUCT(a INTEGER"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STRUCT(a INTEGER");
    assertThatThrownBy(() -> DuckType.parse("INTEGER["))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DuckType.parse("MAP(VARCHAR)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intervalsAsIso8601() {
    assertThat(Intervals.toIso("00:00:00")).isEqualTo("PT0S");
    assertThat(Intervals.toIso("1 year 2 months 3 days 04:05:06.789"))
        .isEqualTo("P1Y2M3DT4H5M6.789S");
    assertThat(Intervals.toIso("-1 year -2 months")).isEqualTo("P-1Y-2M");
    assertThat(Intervals.toIso("1 day")).isEqualTo("P1D");
    assertThat(Intervals.toIso("-00:00:01.5")).isEqualTo("PT-1.5S");
    assertThat(Intervals.toIso("1000000:00:00")).isEqualTo("PT1000000H");
    assertThat(Intervals.toIso("00:00:00.000001")).isEqualTo("PT0.000001S");
  }

  @Test
  void avroNames() {
    assertThat(AvroNames.sanitize("event-type")).isEqualTo("event_type");
    assertThat(AvroNames.sanitize("1st")).isEqualTo("_1st");
    assertThat(AvroNames.sanitize("🎉x")).isEqualTo("_x");
    assertThat(AvroNames.fieldNames(List.of("a-b", "a_b", "a_b", "")))
        .containsExactly("a_b_2", "a_b", "a_b_3", "_");
    assertThat(AvroMapping.recordName("string")).isEqualTo("string_");
    assertThat(AvroMapping.recordName(null)).isEqualTo("row");
  }
}
