package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DuckDB's parser, locked down, judges transform queries and script expressions. */
class DuckDbSqlTest {

  private static final String QUERY_FIX =
      "; write one SELECT (or WITH ... SELECT) over the table message, e.g. SELECT * FROM message"
          + " WHERE type <> 'heartbeat'";

  private static final String EXPRESSION_FIX =
      "; write one DuckDB SQL expression over the row's columns, e.g. amount * 0.92";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM message WHERE type <> 'heartbeat'",
        "select * exclude (payload) from Message where _partition = 0;",
        "FROM message SELECT id, amount * 0.92 AS amount_eur",
        "WITH recent AS (SELECT * FROM message WHERE _offset > 10) SELECT * FROM recent",
        "SELECT * FROM message UNION ALL SELECT * FROM message",
        "SELECT m.id, count(*) OVER (PARTITION BY m.user_id) AS n FROM message m",
        "SELECT * FROM message WHERE amount::DECIMAL(10,2) > 5 QUALIFY true"
      })
  void acceptsDuckDbQueriesOverMessage(String sql) {
    assertThat(DuckDbSql.checkQuery(sql)).isEmpty();
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of(
            "SELEC * FROM message", "syntax error at or near \"SELEC\" (character 1)" + QUERY_FIX),
        Arguments.of(
            "SELECT * FROM message WHERE (",
            "syntax error at or near \"(\" (character 29)" + QUERY_FIX),
        Arguments.of(
            "SELECT 'é' FROM message WHERE type = ) ",
            "syntax error at or near \")\" (character 38)" + QUERY_FIX),
        Arguments.of("", "no statement" + QUERY_FIX),
        Arguments.of("-- nothing", "no statement" + QUERY_FIX),
        Arguments.of(
            "SELECT * FROM message; SELECT 1",
            "2 statements; write a single SELECT over the table message"),
        Arguments.of("INSERT INTO t SELECT * FROM message", "not a SELECT statement" + QUERY_FIX),
        Arguments.of("COPY message TO '/tmp/x.csv'", "not a SELECT statement" + QUERY_FIX),
        Arguments.of("CREATE TABLE t AS SELECT 1", "not a SELECT statement" + QUERY_FIX),
        Arguments.of(
            "DESCRIBE message", "DESCRIBE, SHOW and SUMMARIZE do not return the rows" + QUERY_FIX),
        Arguments.of(
            "VALUES (1)",
            "does not read the table message; select from it, e.g. SELECT * FROM message"),
        Arguments.of(
            "SELECT * FROM read_csv('/etc/passwd')",
            "does not read the table message; select from it, e.g. SELECT * FROM message"),
        Arguments.of(
            "SELECT * FROM events",
            "reads events, which the transform does not have; read only the table message (and"
                + " names defined in WITH)"),
        Arguments.of(
            "SELECT * FROM message JOIN main.users USING (id)",
            "reads main.users, which the transform does not have; read only the table message"
                + " (and names defined in WITH)"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void refusesWhatIsNotOneSelectOverMessage(String sql, String problem) {
    // 'é' is two bytes in UTF-8: DuckDB's byte offsets are turned into characters.
    assertThat(DuckDbSql.checkQuery(sql)).contains(problem);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "amount * 0.92",
        "upper(name) -- a comment",
        "CASE WHEN _partition = 0 THEN 'zero' ELSE 'other' END",
        "strftime(_timestamp, '%Y-%m-%d')",
        "(SELECT max(amount) FROM message)",
        "user.address.city"
      })
  void acceptsOneExpression(String expression) {
    assertThat(DuckDbSql.checkExpression(expression)).isEmpty();
  }

  static Stream<Arguments> badExpressions() {
    return Stream.of(
        Arguments.of("amount *", "syntax error at or near \"FROM\" (at the end)" + EXPRESSION_FIX),
        Arguments.of(
            "amount * (1 + ", "syntax error at or near \"FROM\" (at the end)" + EXPRESSION_FIX),
        Arguments.of("a)", "syntax error at or near \")\" (character 2)" + EXPRESSION_FIX),
        Arguments.of("a, b", "is not one expression" + EXPRESSION_FIX),
        Arguments.of(
            "a FROM message WHERE a > 1 --",
            "syntax error at or near \"FROM\" (at the end)" + EXPRESSION_FIX),
        Arguments.of(
            "1; DROP TABLE x", "syntax error at or near \"FROM\" (at the end)" + EXPRESSION_FIX),
        Arguments.of(
            "amount AS eur",
            "names its column (AS eur); remove it, the field's name names the column"));
  }

  @ParameterizedTest
  @MethodSource("badExpressions")
  void refusesWhatIsNotOneExpression(String expression, String problem) {
    assertThat(DuckDbSql.checkExpression(expression)).contains(problem);
  }

  @Test
  void theParsersDatabaseIsLockedDown() throws SQLException {
    DuckDbSql.checkQuery("SELECT * FROM message");
    assertThat(DuckDbSql.setting("enable_external_access")).isEqualTo("false");
    assertThat(DuckDbSql.setting("autoload_known_extensions")).isEqualTo("false");
    assertThat(DuckDbSql.setting("autoinstall_known_extensions")).isEqualTo("false");
    assertThat(DuckDbSql.setting("allow_community_extensions")).isEqualTo("false");
    assertThat(DuckDbSql.setting("lock_configuration")).isEqualTo("true");
  }
}
