package io.kafkaload.worker.output.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's own record of positions ({@code offsets.store: Sink}), in the schema of the target
 * table:
 *
 * <pre>
 * kafkaload_offsets(load text, topic text, partition int, next_offset bigint,
 *                   updated_at timestamptz, PRIMARY KEY (load, topic, partition))
 * kafkaload_runs(load text PRIMARY KEY, write_mode text, state text, overwritten boolean,
 *                started_at timestamptz, finished_at timestamptz)
 * </pre>
 *
 * {@code next_offset} is the first offset not yet in the table, written in the same transaction as
 * the rows. {@code kafkaload_runs} records a run of a load with a write mode other than Append, so
 * that a run resumed after a crash neither overwrites the rows it already committed nor skips
 * (Ignore) or fails (ErrorIfExists) because of them. Both tables are created when missing. The
 * {@code load} key is the engine's stable name of the load (e.g. {@code namespace/name}).
 */
public final class PgOffsets {
  public static final String OFFSETS_TABLE = "kafkaload_offsets";
  public static final String RUNS_TABLE = "kafkaload_runs";

  private final TableName offsets;
  private final TableName runs;

  public PgOffsets(String schema) {
    this.offsets = new TableName(schema, OFFSETS_TABLE);
    this.runs = new TableName(schema, RUNS_TABLE);
  }

  public TableName offsetsTable() {
    return offsets;
  }

  public TableName runsTable() {
    return runs;
  }

  /** Creates both tables when missing (autocommit; safe when several workers race). */
  public void ensureTables(Connection c) throws SQLException {
    createIfMissing(
        c,
        "CREATE TABLE IF NOT EXISTS "
            + offsets.sql()
            + " (load text NOT NULL, topic text NOT NULL, partition integer NOT NULL,"
            + " next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),"
            + " PRIMARY KEY (load, topic, partition))");
    createIfMissing(
        c,
        "CREATE TABLE IF NOT EXISTS "
            + runs.sql()
            + " (load text PRIMARY KEY, write_mode text NOT NULL, state text NOT NULL,"
            + " overwritten boolean NOT NULL DEFAULT false, started_at timestamptz NOT NULL"
            + " DEFAULT now(), finished_at timestamptz)");
  }

  private static void createIfMissing(Connection c, String ddl) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      try {
        s.execute(ddl);
      } catch (SQLException e) {
        // Two sessions creating the same table at once: one fails on the catalog's unique index.
        if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
          throw e;
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The stored next offset of each partition of {@code load} (empty when none). */
  public Map<TopicPartition, Long> read(Connection c, String load) throws SQLException {
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT topic, partition, next_offset FROM "
                + offsets.sql()
                + " WHERE load = ? ORDER BY topic, partition")) {
      ps.setString(1, load);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        }
      }
    }
    return out;
  }

  /**
   * Locks the position row of a partition in the current transaction and returns its next offset;
   * when there is none, inserts one holding {@code start} first (a concurrent first commit of the
   * same partition then waits for ours and sees our value, or we see its).
   */
  long lock(Connection c, String load, String topic, int partition, long start)
      throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO "
                + offsets.sql()
                + " (load, topic, partition, next_offset) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (load, topic, partition) DO NOTHING")) {
      ins.setString(1, load);
      ins.setString(2, topic);
      ins.setInt(3, partition);
      ins.setLong(4, start);
      ins.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT next_offset FROM "
                + offsets.sql()
                + " WHERE load = ? AND topic = ? AND partition = ? FOR UPDATE")) {
      ps.setString(1, load);
      ps.setString(2, topic);
      ps.setInt(3, partition);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Sets the next offset of a locked partition row. */
  void store(Connection c, String load, String topic, int partition, long next)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + offsets.sql()
                + " SET next_offset = ?, updated_at = now()"
                + " WHERE load = ? AND topic = ? AND partition = ?")) {
      ps.setLong(1, next);
      ps.setString(2, load);
      ps.setString(3, topic);
      ps.setInt(4, partition);
      if (ps.executeUpdate() != 1) {
        throw new JdbcSinkException("the position row of " + topic + "-" + partition + " vanished");
      }
    }
  }

  /** The run state of a load: null when no run was recorded. */
  record Run(String writeMode, String state, boolean overwritten) {
    boolean running() {
      return state.equals("running");
    }
  }

  /** The run row of {@code load}, locked in the current transaction; null when none. */
  Run lockRun(Connection c, String load) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT write_mode, state, overwritten FROM "
                + runs.sql()
                + " WHERE load = ? FOR UPDATE")) {
      ps.setString(1, load);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Run(rs.getString(1), rs.getString(2), rs.getBoolean(3)) : null;
      }
    }
  }

  /** Records a new running run of {@code load} (replacing a finished one). */
  void startRun(Connection c, String load, String writeMode) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + runs.sql()
                + " (load, write_mode, state, overwritten, started_at, finished_at)"
                + " VALUES (?, ?, 'running', false, now(), NULL)"
                + " ON CONFLICT (load) DO UPDATE SET write_mode = EXCLUDED.write_mode,"
                + " state = 'running', overwritten = false, started_at = now(), finished_at = NULL")) {
      ps.setString(1, load);
      ps.setString(2, writeMode);
      ps.executeUpdate();
    }
  }

  void markOverwritten(Connection c, String load) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + runs.sql() + " SET overwritten = true WHERE load = ?")) {
      ps.setString(1, load);
      ps.executeUpdate();
    }
  }

  void finishRun(Connection c, String load) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + runs.sql()
                + " SET state = 'finished', finished_at = now() WHERE load = ?")) {
      ps.setString(1, load);
      ps.executeUpdate();
    }
  }
}
