package io.kafkaload.worker.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the load's SQL before anything is read, so an error every batch would meet fails the run
 * at once with the field's name instead of rejecting every record: each {@code script} and {@code
 * transform.sql} must parse as DuckDB SQL (DuckDB's own parser, {@code json_serialize_sql}), the
 * query must be one SELECT, and when the schema fixes every column, they must also bind (names,
 * functions, types) against an empty {@code message} with those columns. Runs no user data.
 */
public final class SqlCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SqlCheck() {}

  /** Throws a {@link ConfigException} naming each field whose SQL cannot run. */
  public static void check(RowsPlan plan, List<String> scriptFields) {
    if (!plan.runsSql()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try (Connection db = LockedDownDuckDb.openWithoutFiles()) {
      List<RowsPlan.Computed> computed = plan.computed();
      for (int i = 0; i < computed.size(); i++) {
        String field = scriptFields.get(i);
        String problem = parse(db, "SELECT " + computed.get(i).sql() + " FROM message");
        if (problem != null) {
          problems.add(field + ": " + problem);
        }
      }
      String query = plan.transformSql();
      if (query != null) {
        String problem = parse(db, query);
        if (problem != null) {
          problems.add("spec.transform.sql: " + problem);
        }
      }
      if (problems.isEmpty() && plan.typesKnown()) {
        bind(db, plan, scriptFields, problems);
      }
    } catch (SQLException e) {
      throw new ConfigException("cannot check the load's SQL: " + DuckDbErrors.summary(e));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
  }

  /**
   * Throws a {@link ConfigException} naming {@code field} unless {@code expression} is one DuckDB
   * SQL expression: {@code SELECT <expression> FROM message} must parse as exactly that (one
   * unnamed expression, no statement separator, no clause after it), as the operator's check.
   */
  public static void checkExpression(String field, String expression) {
    String problem;
    try (Connection db = LockedDownDuckDb.openWithoutFiles()) {
      // the newline ends a trailing "--" comment before FROM
      problem = expression(db, "SELECT " + expression + "\nFROM message");
    } catch (SQLException e) {
      throw new ConfigException("cannot check " + field + ": " + DuckDbErrors.summary(e));
    }
    if (problem != null) {
      throw new ConfigException(field + ": " + problem);
    }
  }

  private static String expression(Connection db, String sql) throws SQLException {
    JsonNode parsed = serialize(db, sql);
    if (parsed == null) {
      return "cannot be checked";
    }
    if (parsed.path("error").asBoolean(false)) {
      return "does not parse: " + parsed.path("error_message").asText("") + "; " + EXPRESSION_FIX;
    }
    JsonNode statements = parsed.path("statements");
    JsonNode node = statements.size() == 1 ? statements.get(0).path("node") : null;
    boolean single =
        node != null
            && "SELECT_NODE".equals(node.path("type").asText())
            && node.path("select_list").size() == 1
            && node.path("modifiers").isEmpty()
            && node.path("cte_map").path("map").isEmpty()
            && absent(node, "where_clause")
            && node.path("group_expressions").isEmpty()
            && absent(node, "having")
            && absent(node, "qualify")
            && absent(node, "sample")
            && "BASE_TABLE".equals(node.path("from_table").path("type").asText())
            && "message".equals(node.path("from_table").path("table_name").asText())
            && node.path("from_table").path("alias").asText().isEmpty();
    if (!single) {
      return "is not one expression; " + EXPRESSION_FIX;
    }
    String alias = node.path("select_list").get(0).path("alias").asText();
    if (!alias.isEmpty()) {
      return "names its column (AS " + alias + "); remove the name";
    }
    return null;
  }

  private static final String EXPRESSION_FIX =
      "write one DuckDB SQL expression over the row's columns, e.g. customer_id || ':' || region";

  private static boolean absent(JsonNode node, String key) {
    return node.path(key).isNull() || node.path(key).isMissingNode();
  }

  private static JsonNode serialize(Connection db, String sql) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return JSON.readTree(rs.getString(1));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  /** Null when {@code sql} is one SELECT statement, else why not. */
  private static String parse(Connection db, String sql) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        JsonNode parsed = JSON.readTree(rs.getString(1));
        if (parsed.path("error").asBoolean(false)) {
          String type = parsed.path("error_type").asText("");
          String message = parsed.path("error_message").asText("");
          if (type.equals("not implemented")) {
            return "must be one SELECT statement (a query over the table message)";
          }
          return "does not parse: " + message;
        }
        int statements = parsed.path("statements").size();
        if (statements != 1) {
          return "must be one SELECT statement, not " + statements;
        }
        return null;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "cannot be checked: " + e.getOriginalMessage();
    }
  }

  /** Binds every script and the query against an empty {@code message} of the known columns. */
  private static void bind(
      Connection db, RowsPlan plan, List<String> scriptFields, List<String> problems)
      throws SQLException {
    StringBuilder empty = new StringBuilder("SELECT ");
    boolean first = true;
    for (Map.Entry<String, String> c : plan.fixedTypes().entrySet()) {
      if (!first) {
        empty.append(", ");
      }
      first = false;
      String type = c.getKey().equals("_timestamp") ? "TIMESTAMPTZ" : c.getValue();
      empty
          .append("CAST(NULL AS ")
          .append(type)
          .append(") AS ")
          .append(ColumnType.quoteName(c.getKey()));
    }
    if (first) {
      empty.append("NULL AS \"_none\"");
    }
    empty.append(" WHERE false");
    String message = empty.toString();
    List<RowsPlan.Computed> computed = plan.computed();
    for (int i = 0; i < computed.size(); i++) {
      String next =
          new RowsPlan(
                  plan.format(),
                  plan.compression(),
                  List.of(),
                  plan.columns(),
                  plan.inferOthers(),
                  plan.metadataColumns(),
                  List.of(computed.get(i)),
                  null)
              .withComputed(message);
      try {
        LockedDownDuckDb.run(db, "DESCRIBE " + next);
      } catch (SQLException e) {
        problems.add(scriptFields.get(i) + ": " + DuckDbErrors.summary(e));
        return;
      }
      message = next;
    }
    if (plan.transformSql() != null) {
      LockedDownDuckDb.run(db, "CREATE OR REPLACE TEMP VIEW message AS " + message);
      try {
        LockedDownDuckDb.run(db, "DESCRIBE " + plan.transformSql());
      } catch (SQLException e) {
        problems.add("spec.transform.sql: " + DuckDbErrors.summary(e));
      }
    }
  }
}
