package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checking half of {@link PgTable#prepare}: whether the load's columns can be written at all
 * ({@link #checkColumns}: names, types PostgreSQL has, upsert keys among them), then whether an
 * existing (or just created) table takes them ({@link #check}), so that a table that cannot take
 * the rows fails the run before anything is written, with a message naming the column, its type in
 * the table, the load's type and the fix. Which types fit which is {@link ColumnPlan}'s; this class
 * reads the table from the catalog and words the problems.
 */
final class PgTableCheck {

  private PgTableCheck() {}

  static void checkColumns(TableName name, List<LoadColumn> columns, List<String> keys) {
    if (columns.isEmpty()) {
      throw new ConfigException("the load has no columns to write into " + name);
    }
    Set<String> seen = new HashSet<>();
    for (LoadColumn col : columns) {
      TableName.checkIdentifier(col.name(), "column");
      if (!seen.add(col.name())) {
        throw new ConfigException("the load has two columns named " + col.name());
      }
      try {
        DuckType.parse(col.duckDbType());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "column "
                + col.name()
                + ": "
                + e.getMessage()
                + "; cast it in the load's SQL (for"
                + " example to VARCHAR or JSON)");
      }
    }
    for (String key : keys) {
      if (!seen.contains(key)) {
        throw new ConfigException(
            "sink.jdbc.keyColumns names "
                + key
                + ", which is not a column of the load (columns: "
                + String.join(", ", seen)
                + ")");
      }
    }
    if (new HashSet<>(keys).size() != keys.size()) {
      throw new ConfigException("sink.jdbc.keyColumns names a column twice");
    }
  }

  private record TableColumn(
      String name,
      String typname,
      int typmod,
      String formatted,
      boolean notNull,
      boolean hasDefault) {}

  static List<ColumnPlan> check(
      Connection c, long oid, TableName name, List<LoadColumn> columns, List<String> keys)
      throws SQLException {
    Map<Integer, String> byNumber = new LinkedHashMap<>();
    Map<String, TableColumn> table = tableColumns(c, oid, byNumber);
    List<String> problems = new ArrayList<>();
    List<ColumnPlan> plans = new ArrayList<>();
    for (LoadColumn col : columns) {
      DuckType load = DuckType.parse(col.duckDbType());
      TableColumn tc = table.get(col.name());
      if (tc == null) {
        problems.add(missing(name, col, load, table.keySet()));
        continue;
      }
      String misfit = ColumnPlan.misfit(load, tc.typname(), tc.typmod());
      if (misfit != null) {
        problems.add(
            "column "
                + col.name()
                + " is "
                + tc.formatted()
                + " in table "
                + name
                + " and "
                + col.duckDbType()
                + " in the load: it "
                + misfit
                + "; fix: ALTER TABLE "
                + name
                + " ALTER COLUMN "
                + TableName.quote(col.name())
                + " TYPE "
                + load.pgType()
                + ", or cast the column in the load's SQL");
        continue;
      }
      plans.add(ColumnPlan.of(col.name(), load, tc.typname(), tc.typmod(), tc.formatted()));
    }
    Set<String> loadNames = new HashSet<>();
    columns.forEach(col -> loadNames.add(col.name()));
    for (TableColumn tc : table.values()) {
      if (!loadNames.contains(tc.name()) && tc.notNull() && !tc.hasDefault()) {
        problems.add(
            "column "
                + tc.name()
                + " of table "
                + name
                + " is NOT NULL without a default and the"
                + " load has no such column; fix: add it to the load's SQL, give it a default, or"
                + " drop NOT NULL");
      }
    }
    if (!keys.isEmpty() && problems.isEmpty() && !hasUniqueIndex(c, oid, byNumber, keys)) {
      problems.add(
          "table "
              + name
              + " has no unique constraint on exactly ("
              + String.join(", ", keys)
              + "), which upsert by sink.jdbc.keyColumns needs (INSERT ... ON CONFLICT); fix: ALTER"
              + " TABLE "
              + name
              + " ADD UNIQUE ("
              + String.join(", ", keys.stream().map(TableName::quote).toList())
              + ")");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          "table " + name + " cannot take the load's rows: " + String.join("; ", problems));
    }
    return plans;
  }

  /** The table's columns by name; fills {@code byNumber} with their names by attribute number. */
  private static Map<String, TableColumn> tableColumns(
      Connection c, long oid, Map<Integer, String> byNumber) throws SQLException {
    Map<String, TableColumn> table = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.attname, a.attnum,"
                + " CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END,"
                + " CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,"
                + " format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> ''"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_type bt ON bt.oid = t.typbasetype"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          TableColumn tc =
              new TableColumn(
                  rs.getString(1),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getBoolean(6),
                  rs.getBoolean(7));
          table.put(tc.name(), tc);
          byNumber.put(rs.getInt(2), tc.name());
        }
      }
    }
    return table;
  }

  /** Why a load column missing from the table fails, with the fix. */
  private static String missing(
      TableName name, LoadColumn col, DuckType load, Collection<String> tableNames) {
    String similar =
        tableNames.stream()
            .filter(n -> n.equalsIgnoreCase(col.name()))
            .findFirst()
            .map(n -> " (a column " + TableName.quote(n) + " exists: names are case-sensitive)")
            .orElse("");
    return "column "
        + col.name()
        + " ("
        + col.duckDbType()
        + ") is missing from table "
        + name
        + similar
        + "; fix: ALTER TABLE "
        + name
        + " ADD COLUMN "
        + TableName.quote(col.name())
        + " "
        + load.pgType()
        + ", or rename the column in the load's SQL";
  }

  private static boolean hasUniqueIndex(
      Connection c, long oid, Map<Integer, String> byNumber, List<String> keys)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT i.indkey::text FROM pg_index i WHERE i.indrelid = ? AND i.indisunique"
                + " AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Set<String> cols = new HashSet<>();
          for (String n : rs.getString(1).trim().split("\\s+")) {
            cols.add(byNumber.get(Integer.parseInt(n)));
          }
          if (cols.equals(new HashSet<>(keys))) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
