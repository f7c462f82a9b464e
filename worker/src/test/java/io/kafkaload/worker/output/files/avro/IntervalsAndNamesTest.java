package io.kafkaload.worker.output.files.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's INTERVAL text to ISO 8601, and Avro names. (The type text parser's cases are in
 * transform/types/DuckDbTypeTest.)
 */
class IntervalsAndNamesTest {

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
