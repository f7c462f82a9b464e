package io.kafkaload.worker.output.jdbc;

import java.util.List;

/**
 * What {@link PgWriter#commitChunk} committed.
 *
 * @param topic the chunk's topic
 * @param partition the chunk's partition
 * @param startOffset first offset of the chunk
 * @param nextOffset the position stored: the first offset after the chunk
 * @param rowsRead rows of the chunk's result
 * @param rowsWritten rows inserted (upsert: rows inserted or updated, after keeping the last row of
 *     each key within the chunk)
 * @param rejected rows not written, with reasons, in row order
 * @param alreadyCommitted true when the stored position already was {@code nextOffset}: this very
 *     range was committed before (a retry after a lost COMMIT reply); nothing was written
 */
public record ChunkCommit(
    String topic,
    int partition,
    long startOffset,
    long nextOffset,
    long rowsRead,
    long rowsWritten,
    List<RejectedRow> rejected,
    boolean alreadyCommitted) {

  /**
   * The chunk's rows the table took: every row not rejected. With an upsert, a row that a later row
   * of the same key replaced within the chunk counts too, as it would across chunks; {@link
   * #rowsWritten} counts the table's rows instead, and a load's records are never left out of its
   * written, rejected and filtered counts.
   */
  public long rowsTaken() {
    return rowsRead - rejected.size();
  }
}
