package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink's table: created from the load's columns when asked ({@link #prepare}, {@link
 * #createTableSql}), then checked ({@link PgTableCheck}), so that a table that cannot take the rows
 * fails the run before anything is written, with a message naming the column, its type in the
 * table, the load's type and the fix.
 *
 * <p>Type mapping (DuckDB to PostgreSQL, for {@code createTable}): TINYINT, SMALLINT, UTINYINT to
 * {@code smallint}; INTEGER, USMALLINT to {@code integer}; BIGINT, UINTEGER to {@code bigint};
 * UBIGINT to {@code numeric(20,0)}; HUGEINT, UHUGEINT to {@code numeric(39,0)}; FLOAT to {@code
 * real}; DOUBLE to {@code double precision}; DECIMAL(p,s) to {@code numeric(p,s)}; VARCHAR, ENUM to
 * {@code text}; BOOLEAN to {@code boolean}; DATE, TIME, TIMETZ, INTERVAL to the same; TIMESTAMP
 * (and _S, _MS, _NS: nanoseconds are rounded to microseconds) to {@code timestamp}; TIMESTAMPTZ to
 * {@code timestamptz}; UUID to {@code uuid}; BLOB to {@code bytea}; JSON, STRUCT, MAP, LIST, ARRAY,
 * UNION to {@code jsonb}.
 *
 * <p>An existing column fits when it is of the mapped type or one that holds every value of it
 * (integers into wider integers or numeric, DATE into timestamp, VARCHAR into varchar(n) or
 * char(n), UUID or JSON into text, JSON into json, ...). Narrower columns are accepted where the
 * difference is per value: varchar(n), char(n), numeric(p,s) with fewer integer digits, a narrower
 * integer: values that do not fit are rejected row by row with a reason. Columns that would change
 * values silently are refused (numeric with fewer decimal places, TIMESTAMP into timestamptz,
 * DOUBLE into numeric or real). Table columns the load lacks must be nullable or have a default.
 * Names are matched exactly (case-sensitive, as the load writes them, always quoted).
 */
public final class PgTable {

  private final TableName name;
  private final List<ColumnPlan> columns;
  private final List<String> keyColumns;
  private final boolean created;

  private PgTable(
      TableName name, List<ColumnPlan> columns, List<String> keyColumns, boolean created) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
    this.created = created;
  }

  /**
   * The PostgreSQL type a created table gets for a DuckDB type; IllegalArgumentException if none.
   */
  public static String pgType(String duckDbType) {
    return DuckType.parse(duckDbType).pgType();
  }

  /**
   * The {@code CREATE TABLE IF NOT EXISTS} statement for the load's columns: each column of its
   * mapped type, the key columns (when given) as the primary key.
   */
  public static String createTableSql(
      TableName name, List<LoadColumn> columns, List<String> keyColumns) {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name.sql()).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      LoadColumn c = columns.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append(TableName.quote(c.name()))
          .append(' ')
          .append(pgType(c.duckDbType()));
      if (keyColumns.contains(c.name())) {
        sql.append(" NOT NULL");
      }
    }
    if (!keyColumns.isEmpty()) {
      sql.append(", PRIMARY KEY (");
      for (int i = 0; i < keyColumns.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(TableName.quote(keyColumns.get(i)));
      }
      sql.append(')');
    }
    return sql.append(')').toString();
  }

  /**
   * Creates the table when it is missing and {@code createTable} is set, then checks it against the
   * load's columns. {@code name} without a schema resolves to the connection's current schema (the
   * returned table's name always has one). With {@code keyColumns}, the table must have a unique
   * constraint (or unique index without predicate) on exactly those columns (a created table gets
   * them as its primary key). Runs in autocommit mode on {@code c}. Throws {@link ConfigException}
   * for a table that is missing or cannot take the rows.
   */
  public static PgTable prepare(
      Connection c,
      TableName name,
      List<LoadColumn> columns,
      boolean createTable,
      List<String> keyColumns)
      throws SQLException {
    PgTableCheck.checkColumns(name, columns, keyColumns);
    TableName qualified = name;
    if (name.schema() == null) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_schema()")) {
        rs.next();
        String schema = rs.getString(1);
        if (schema == null) {
          throw new ConfigException(
              "sink.jdbc.table "
                  + name
                  + " names no schema and the connection's search_path has"
                  + " none that exists; write `schema.table`");
        }
        qualified = new TableName(schema, name.table());
      }
    }
    boolean created = false;
    Long oid = tableOid(c, qualified);
    if (oid == null) {
      if (!createTable) {
        throw new ConfigException(
            "table "
                + qualified
                + " does not exist"
                + caseHint(c, qualified)
                + "; create it, or set sink.jdbc.createTable: true to have the sink create it"
                + " from the load's columns");
      }
      if (!schemaExists(c, qualified.schema())) {
        throw new ConfigException(
            "schema "
                + TableName.quote(qualified.schema())
                + " of table "
                + qualified
                + " does not exist; create it (CREATE SCHEMA) or name another schema in"
                + " sink.jdbc.table");
      }
      try (Statement s = c.createStatement()) {
        s.execute(createTableSql(qualified, columns, keyColumns));
      }
      created = true;
      oid = tableOid(c, qualified);
      if (oid == null) {
        throw new JdbcSinkException("table " + qualified + " is still missing after CREATE TABLE");
      }
    }
    List<ColumnPlan> plans = PgTableCheck.check(c, oid, qualified, columns, keyColumns);
    return new PgTable(qualified, plans, keyColumns, created);
  }

  static Long tableOid(Connection c, TableName name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
      ps.setString(1, name.schema());
      ps.setString(2, name.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static boolean schemaExists(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String caseHint(Connection c, TableName name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE lower(n.nspname) = lower(?) AND lower(c.relname) = lower(?)"
                + " AND c.relkind IN ('r', 'p') LIMIT 1")) {
      ps.setString(1, name.schema());
      ps.setString(2, name.table());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return " (table "
              + new TableName(rs.getString(1), rs.getString(2))
              + " exists: names are case-sensitive, write it as it is)";
        }
      }
    }
    return "";
  }

  /** True when the table holds at least one row (visible to {@code c}'s transaction). */
  public boolean hasRows(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + name.sql() + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The table's name, schema-qualified. */
  public TableName name() {
    return name;
  }

  /** The load's columns, in order. */
  public List<LoadColumn> columns() {
    return columns.stream().map(p -> new LoadColumn(p.name(), p.load().duckDb())).toList();
  }

  /** The type of each load column in the table, as PostgreSQL prints it ({@code varchar(5)}). */
  public Map<String, String> tableTypes() {
    Map<String, String> out = new LinkedHashMap<>();
    columns.forEach(p -> out.put(p.name(), p.tableType()));
    return out;
  }

  public List<String> keyColumns() {
    return keyColumns;
  }

  /** True when {@link #prepare} created the table. */
  public boolean created() {
    return created;
  }

  List<ColumnPlan> plans() {
    return columns;
  }

  /** The quoted column list {@code ("a", "b")}. */
  String columnList() {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < columns.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(TableName.quote(columns.get(i).name()));
    }
    return out.append(')').toString();
  }

  @Override
  public String toString() {
    return name.sql() + " " + columnList();
  }
}
