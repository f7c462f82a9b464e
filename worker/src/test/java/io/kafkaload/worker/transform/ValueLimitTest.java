package io.kafkaload.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spec.limits.maxValueBytes}: which values DuckDB measures, and how. */
class ValueLimitTest {

  private Connection db;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  private long rows(String query) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(new ValueLimit(10, "c1").guard(db, query))) {
      long n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "repeat('é', 6) AS v", // 12 bytes of UTF-8, 6 characters
        "'{\"a\": \"123456789\"}'::JSON AS v",
        "'\\xAA\\xAA\\xAA\\xAA\\xAA\\xAA\\xAA\\xAA\\xAA\\xAA\\xAA'::BLOB AS v",
        "[1000, 2000, 3000] AS v", // its text form: [1000, 2000, 3000]
        "{'k': 'abcdefghij'} AS v",
        "{'a': 'abcde', 'b': 'fghi'} AS v", // neither field alone: 1 + 5 + 1 + 4 bytes
        "{'a': {'b': 'abcdefghi'}} AS v", // nested: 1 + 1 + 9
        "{'it''s': [1, 2, 3, 4]} AS v", // a list field by its text form, a quoted name
        "{'n': 1, 'j': '[1,2,3,4,5,6,7,8,9]'::JSON} AS v",
        "MAP {'k': 'abcdefghij'} AS v",
      })
  void aValuePastTheLimitFailsTheQueryNamingItsColumn(String value) {
    assertThatThrownBy(() -> rows("SELECT 1 AS n, " + value))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(ValueLimit.hit((SQLException) e)).isTrue())
        .satisfies(
            e ->
                assertThat(ValueLimit.reason((SQLException) e))
                    .startsWith(
                        "the load's SQL returned a value of more than spec.limits.maxValueBytes"
                            + " (10 bytes) in column \"v\" on chunk c1, so it was stopped"));
  }

  @Test
  void valuesAtTheLimitAndFixedWidthValuesPass() throws SQLException {
    assertThat(
            rows(
                "SELECT repeat('x', 10) AS t, [1, 2, 3] AS l, 12345678901234567 AS big,"
                    + " 1.5::DOUBLE AS d, NULL::VARCHAR AS nothing, now() AS ts"))
        .isEqualTo(1);
  }

  @Test
  void structsAreMeasuredByTheirTextBinaryAndNestedFieldsWithTheirNames() throws SQLException {
    assertThat(
            rows(
                "SELECT {'a': 1234567890123, 'b': 2.5, 't': now()} AS fixed,"
                    + " {'k': 'abcdefghi'} AS at_limit, {'k': NULL::VARCHAR, 'n': 1} AS null_field,"
                    + " NULL::STRUCT(k VARCHAR) AS null_struct, {'a': {'b': 'abcdefgh'}} AS nested"))
        .isEqualTo(1);
  }

  @Test
  void sizesOfStructsAreReadFieldByFieldAndOtherNestedValuesByTheirText() {
    assertThat(ValueLimit.size("#1", "STRUCT(os VARCHAR, \"version\" VARCHAR, n BIGINT)"))
        .isEqualTo(
            "(9 + coalesce(strlen(struct_extract(#1, 'os')), 0)"
                + " + coalesce(strlen(struct_extract(#1, 'version')), 0))");
    assertThat(ValueLimit.size("#1", "STRUCT(n BIGINT, d DOUBLE)")).isNull();
    assertThat(ValueLimit.size("#2", "VARCHAR[]")).isEqualTo("strlen(CAST(#2 AS VARCHAR))");
    assertThat(ValueLimit.size("#3", "MAP(VARCHAR, INTEGER)"))
        .isEqualTo("strlen(CAST(#3 AS VARCHAR))");
    assertThat(ValueLimit.size("#4", "TIMESTAMP WITH TIME ZONE")).isNull();
    assertThat(ValueLimit.size("#5", "BLOB")).isEqualTo("octet_length(#5)");
  }

  @Test
  void aColumnNamedTwiceIsCheckedAsWellAsTheFirst() {
    assertThatThrownBy(() -> rows("SELECT 'x' AS a, repeat('y', 11) AS a"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(ValueLimit.hit((SQLException) e)).isTrue());
  }
}
