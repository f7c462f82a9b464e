package io.kafkaload.worker.output.table;

import io.kafkaload.worker.transform.LockedDownDuckDb;
import java.io.IOException;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A table that takes a load's rows and its positions together (PostgreSQL, Iceberg): each chunk's
 * rows and the position after it are committed atomically, so the table itself is the load's offset
 * store ({@code offsets.store: Sink}) and a crash at any point neither loses nor repeats a row.
 * Commits of one partition come in offset order; the position stored for a partition must be the
 * chunk's start (else another writer moved it, and the commit is refused).
 */
public interface TableTarget extends AutoCloseable {

  /** The positions the table holds for this load. */
  Map<TopicPartition, Long> readOffsets() throws IOException;

  /**
   * Called once before a bounded run reads: null to read, or why the run reads nothing (writeMode
   * Ignore and rows already there); throws when the run must fail (ErrorIfExists).
   */
  default String beginRun() throws IOException {
    return null;
  }

  /** Called once every chunk of a bounded run is committed. */
  default void finishRun() throws IOException {}

  /**
   * Whether the table may refuse single rows of a chunk ({@link RefusedRows}); when it may, the
   * engine keeps every record as it came until the chunk is committed, to reject such a row as its
   * record came. A table that takes every row DuckDB gives it (Iceberg) saves that copy.
   */
  default boolean refusesRows() {
    return true;
  }

  /**
   * Told by the engine when a chunk starts (+1) and stops (-1) producing its rows for this table:
   * from when a writer takes it until it is handed over, not while it waits for its turn. A table
   * that groups commits waits for the producing chunks before it commits the staged ones.
   */
  default void producing(int delta) {}

  /**
   * After a commit call on this thread: null when the chunk is committed, else the commit it was
   * staged for (a table that groups the commits of several chunks into one), completed when the
   * chunk is committed or failed.
   */
  default java.util.concurrent.CompletableFuture<Void> takePendingCommit() {
    return null;
  }

  /** Rows of a chunk the table refused, by their 0-based index in the chunk's rows. */
  record Refused(int row, String reason) {}

  /** Gets the refused rows of a commit before it completes; must store them durably first. */
  interface RefusedRows {
    void refused(List<Refused> rows) throws IOException;
  }

  /**
   * A chunk's rows as DuckDB gives them: the query over the converter's connection, and an empty
   * scratch folder DuckDB may write into (deleted after the commit). A target reads them as a
   * result set, or has DuckDB write them in a format it takes (Iceberg: Parquet data files).
   */
  record Rows(java.sql.Connection db, String query, java.nio.file.Path scratch) {
    /** A new result set of all the rows. */
    public ResultSet open() throws java.sql.SQLException {
      java.sql.Statement st = db.createStatement();
      try {
        ResultSet rs = LockedDownDuckDb.query(db, st, query);
        st.closeOnCompletion();
        return rs;
      } catch (java.sql.SQLException | RuntimeException e) {
        st.close();
        throw e;
      }
    }
  }

  /**
   * Commits the chunk's {@code rows}; by default read as one result set through {@link
   * #commit(TopicPartition, long, long, ResultSet, RefusedRows)}.
   */
  default long commitRows(
      TopicPartition partition, long start, long next, Rows rows, RefusedRows refused)
      throws IOException, java.sql.SQLException {
    try (ResultSet rs = rows.open()) {
      return commit(partition, start, next, rs, refused);
    }
  }

  /**
   * Commits {@code rows} (null: the chunk has none to write, only its position moves) and the
   * position {@code next} of {@code partition}, whose stored position must be {@code start}.
   * Returns the rows written.
   */
  long commit(TopicPartition partition, long start, long next, ResultSet rows, RefusedRows refused)
      throws IOException;

  @Override
  void close() throws IOException;
}
