package io.kafkaload.operator.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.contract.DuckDbLockdown;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the SQL of a load with DuckDB's own parser, so it accepts exactly the dialect the worker
 * runs. Nothing is executed: the text only goes through {@code json_serialize_sql}, which parses it
 * and returns the syntax tree as JSON (or {@code "error": true} with DuckDB's message). The
 * in-memory database is locked down first (no extension loading, no file or network access, and no
 * way to change that afterwards: {@code contract/}'s {@link DuckDbLockdown}, as the worker's), in
 * case a future DuckDB evaluated more than it parses.
 *
 * <p>Messages are the problem and its fix, without the field: the caller prefixes the field.
 */
public final class DuckDbSql {

  /** The table the worker registers the validated rows as. */
  public static final String TABLE = "message";

  private static final String EXPRESSION_PREFIX = "SELECT ";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Connection connection;

  private DuckDbSql() {}

  /**
   * The problem of a transform query, if any: it must parse, be one SELECT (or WITH ... SELECT)
   * statement, read the table {@code message} and no other table but its own WITH names.
   */
  public static Optional<String> checkQuery(String sql) {
    JsonNode parsed = parse(sql);
    if (parsed.path("error").asBoolean()) {
      return Optional.of(parseError(parsed, sql, 0, sql.length(), QUERY_FIX));
    }
    JsonNode statements = parsed.path("statements");
    if (statements.isEmpty()) {
      return Optional.of("no statement; " + QUERY_FIX);
    }
    if (statements.size() > 1) {
      return Optional.of(
          "%d statements; write a single SELECT over the table message"
              .formatted(statements.size()));
    }
    JsonNode node = statements.get(0).path("node");
    if (!find(node, "SHOW_REF").isEmpty()) {
      return Optional.of("DESCRIBE, SHOW and SUMMARIZE do not return the rows; " + QUERY_FIX);
    }
    Set<String> ctes = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    collectCteNames(node, ctes);
    boolean readsMessage = false;
    Set<String> others = new TreeSet<>();
    for (JsonNode table : find(node, "BASE_TABLE")) {
      String name = table.path("table_name").asText();
      boolean qualified =
          !table.path("schema_name").asText().isEmpty()
              || !table.path("catalog_name").asText().isEmpty();
      if (!qualified && name.equalsIgnoreCase(TABLE)) {
        readsMessage = true;
      } else if (qualified || !ctes.contains(name)) {
        others.add(qualifiedName(table));
      }
    }
    if (!others.isEmpty()) {
      return Optional.of(
          ("reads %s, which the transform does not have; read only the table message (and names"
                  + " defined in WITH)")
              .formatted(String.join(", ", others)));
    }
    if (!readsMessage) {
      return Optional.of(
          "does not read the table message; select from it, e.g. SELECT * FROM message");
    }
    return Optional.empty();
  }

  /**
   * The problem of a computed column, if any: {@code SELECT <expression> FROM message} must parse
   * as exactly that, one unnamed expression and nothing else.
   */
  public static Optional<String> checkExpression(String expression) {
    // The newline ends a trailing "--" comment before FROM.
    String sql = EXPRESSION_PREFIX + expression + "\nFROM " + TABLE;
    JsonNode parsed = parse(sql);
    if (parsed.path("error").asBoolean()) {
      return Optional.of(
          parseError(parsed, sql, EXPRESSION_PREFIX.length(), expression.length(), EXPRESSION_FIX));
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
            && TABLE.equals(node.path("from_table").path("table_name").asText())
            && node.path("from_table").path("alias").asText().isEmpty();
    if (!single) {
      return Optional.of("is not one expression; " + EXPRESSION_FIX);
    }
    String alias = node.path("select_list").get(0).path("alias").asText();
    if (!alias.isEmpty()) {
      return Optional.of(
          "names its column (AS %s); remove it, the field's name names the column"
              .formatted(alias));
    }
    return Optional.empty();
  }

  private static final String QUERY_FIX =
      "write one SELECT (or WITH ... SELECT) over the table message, e.g. SELECT * FROM message"
          + " WHERE type <> 'heartbeat'";

  private static final String EXPRESSION_FIX =
      "write one DuckDB SQL expression over the row's columns, e.g. amount * 0.92";

  /**
   * DuckDB's message with where it happened in the user's text ({@code length} characters from
   * {@code offset} of {@code sql}); an error in what this class wrapped around it is at the end.
   */
  private static String parseError(
      JsonNode parsed, String sql, int offset, int length, String fix) {
    String message = parsed.path("error_message").asText("cannot parse");
    if (message.startsWith("Only SELECT statements")) {
      return "not a SELECT statement; " + fix;
    }
    JsonNode position = parsed.get("position");
    if (position != null && position.asText().matches("\\d+")) {
      int character = characterAt(sql, Integer.parseInt(position.asText())) - offset;
      if (character >= length) {
        message += " (at the end)";
      } else if (character >= 0) {
        message += " (character %d)".formatted(character + 1);
      }
    }
    return message + "; " + fix;
  }

  /** DuckDB reports byte offsets into the UTF-8 text; users count characters. */
  private static int characterAt(String sql, int byteOffset) {
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    int end = Math.min(byteOffset, bytes.length);
    return new String(bytes, 0, end, StandardCharsets.UTF_8).length();
  }

  private static List<JsonNode> find(JsonNode node, String type) {
    List<JsonNode> found = new ArrayList<>();
    walk(node, type, found);
    return found;
  }

  private static void walk(JsonNode node, String type, List<JsonNode> found) {
    if (node.isObject() && type.equals(node.path("type").asText())) {
      found.add(node);
    }
    if (node.isContainerNode()) {
      node.forEach(child -> walk(child, type, found));
    }
  }

  private static void collectCteNames(JsonNode node, Set<String> names) {
    if (node.isObject() && node.has("cte_map")) {
      node.path("cte_map").path("map").forEach(entry -> names.add(entry.path("key").asText()));
    }
    if (node.isContainerNode()) {
      node.forEach(child -> collectCteNames(child, names));
    }
  }

  private static boolean absent(JsonNode node, String key) {
    return node.path(key).isNull() || node.path(key).isMissingNode();
  }

  private static String qualifiedName(JsonNode table) {
    List<String> parts = new ArrayList<>();
    for (String key : List.of("catalog_name", "schema_name", "table_name")) {
      String part = table.path(key).asText();
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return String.join(".", parts);
  }

  /** DuckDB's syntax tree of {@code sql}, as JSON; one statement at a time on one connection. */
  private static synchronized JsonNode parse(String sql) {
    try {
      try {
        return serialize(open(), sql);
      } catch (SQLException first) {
        // A connection that broke is opened again once; a second failure is the operator's.
        close();
        return serialize(open(), sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB could not parse the SQL: " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("DuckDB returned a syntax tree that is not JSON", e);
    }
  }

  private static JsonNode serialize(Connection db, String sql)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement statement = db.prepareStatement("SELECT json_serialize_sql(?)")) {
      statement.setString(1, sql);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return MAPPER.readTree(result.getString(1));
      }
    }
  }

  /** A setting of the parser's database, to prove the lockdown holds. */
  static synchronized String setting(String name) throws SQLException {
    try (PreparedStatement statement = open().prepareStatement("SELECT current_setting(?)")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getString(1);
      }
    }
  }

  private static Connection open() throws SQLException {
    if (connection == null) {
      try {
        // Registers the driver under Quarkus' class loaders too.
        Class.forName("org.duckdb.DuckDBDriver");
      } catch (ClassNotFoundException e) {
        throw new SQLException("the DuckDB JDBC driver is not on the class path", e);
      }
      Connection db = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement statement = db.createStatement()) {
        for (String setting : DuckDbLockdown.withoutFiles()) {
          statement.execute(setting);
        }
      } catch (SQLException e) {
        db.close();
        throw e;
      }
      connection = db;
    }
    return connection;
  }

  private static void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // Being replaced anyway.
    } finally {
      connection = null;
    }
  }
}
