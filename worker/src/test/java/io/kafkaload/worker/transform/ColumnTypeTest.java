package io.kafkaload.worker.transform;

import static io.kafkaload.worker.transform.ColumnType.merge;
import static io.kafkaload.worker.transform.ColumnType.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnTypeTest {

  static Stream<Arguments> printed() {
    return Stream.of(
        arguments("BIGINT", "BIGINT"),
        arguments("DECIMAL(38, 0)", "DECIMAL(38,0)"),
        arguments("\"NULL\"", "\"NULL\""),
        arguments("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"),
        arguments("VARCHAR[][]", "VARCHAR[][]"),
        arguments("MAP(VARCHAR, JSON)", "MAP(VARCHAR, JSON)"),
        arguments("STRUCT(a BIGINT, b VARCHAR[])", "STRUCT(\"a\" BIGINT, \"b\" VARCHAR[])"),
        arguments(
            "STRUCT(\"a.b\" BIGINT, \"c d\" BIGINT, \"\"\"q\" BIGINT, \"ü\" BIGINT, \"select\" BIGINT,"
                + " \"NULL\" \"NULL\", x MAP(VARCHAR, BIGINT), Y DATE, m STRUCT(k HUGEINT)[])",
            "STRUCT(\"a.b\" BIGINT, \"c d\" BIGINT, \"\"\"q\" BIGINT, \"ü\" BIGINT, \"select\" BIGINT,"
                + " \"NULL\" \"NULL\", \"x\" MAP(VARCHAR, BIGINT), \"Y\" DATE, \"m\""
                + " STRUCT(\"k\" HUGEINT)[])"));
  }

  @ParameterizedTest
  @MethodSource("printed")
  void parses_and_prints_duckdb_types(String text, String sql) {
    assertThat(parse(text).sql()).isEqualTo(sql);
    assertThat(parse(sql)).isEqualTo(parse(text));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "STRUCT(a BIGINT;cannot read DuckDB type at 15, expected ')'",
        "DECIMAL(18,3;expected ')'",
        "STRUCT(\"a BIGINT);expected closing quote",
        "MAP(VARCHAR);expected ','",
        "[];expected a name"
      })
  void refuses_what_it_does_not_know(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void keeps_strings_that_look_like_dates_times_or_uuids() {
    assertThat(
            parse(
                    "STRUCT(d DATE, t TIMESTAMP WITH TIME ZONE, u UUID[], m MAP(VARCHAR, TIME), n BIGINT)")
                .keepStrings()
                .sql())
        .isEqualTo(
            "STRUCT(\"d\" VARCHAR, \"t\" VARCHAR, \"u\" VARCHAR[], \"m\" MAP(VARCHAR, VARCHAR),"
                + " \"n\" BIGINT)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "BIGINT;BIGINT;BIGINT",
        "\"NULL\";VARCHAR;VARCHAR",
        "VARCHAR;\"NULL\";VARCHAR",
        "BIGINT;UBIGINT;HUGEINT",
        "BIGINT;DOUBLE;DOUBLE",
        "HUGEINT;DOUBLE;DOUBLE",
        "DECIMAL(38,0);BIGINT;DECIMAL(38,0)",
        "UBIGINT;DECIMAL(38,0);DECIMAL(38,0)",
        "DECIMAL(38,0);DOUBLE;DOUBLE",
        "DECIMAL(10,2);BIGINT;JSON",
        "BIGINT;VARCHAR;JSON",
        "BOOLEAN;BIGINT;JSON",
        "BIGINT[];DOUBLE[];DOUBLE[]",
        "BIGINT[];BIGINT;JSON",
        "MAP(VARCHAR, BIGINT);MAP(VARCHAR, VARCHAR);MAP(VARCHAR, JSON)",
        "MAP(VARCHAR, BIGINT);STRUCT(a BIGINT);JSON",
        "STRUCT(a BIGINT, b VARCHAR);STRUCT(c BOOLEAN, a DOUBLE);"
            + "STRUCT(\"a\" DOUBLE, \"b\" VARCHAR, \"c\" BOOLEAN)",
        "STRUCT(s STRUCT(x BIGINT));STRUCT(s STRUCT(y \"NULL\"));"
            + "STRUCT(\"s\" STRUCT(\"x\" BIGINT, \"y\" \"NULL\"))"
      })
  void merges_types_of_two_files(String a, String b, String merged) {
    assertThat(merge(parse(a), parse(b)).sql()).isEqualTo(merged);
    assertThat(merge(null, parse(b))).isEqualTo(parse(b));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      nullValues = "none",
      value = {
        "STRUCT(a BIGINT, b BIGINT);none",
        "STRUCT(a BIGINT, A BIGINT);A",
        "STRUCT(a BIGINT, A_1 BIGINT);A_1",
        "STRUCT(x_1 BIGINT);none",
        "STRUCT(s STRUCT(Id BIGINT, id VARCHAR)[]);id",
        "STRUCT(m MAP(VARCHAR, STRUCT(k BIGINT, K BIGINT)));K"
      })
  void finds_names_duckdb_would_fold_together(String type, String collision) {
    assertThat(parse(type).nameCollision()).isEqualTo(collision);
  }
}
