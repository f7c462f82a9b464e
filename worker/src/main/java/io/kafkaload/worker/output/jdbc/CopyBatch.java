package io.kafkaload.worker.output.jdbc;

/**
 * Rows ready for one {@code COPY ... FROM STDIN}, encoded one after the other in one byte array
 * (COPY text format: {@link CopyRows}; CSV made by DuckDB: {@link CsvRows}), with the chunk row
 * index of each; any run of consecutive rows can be sent again alone, so a row the server refuses
 * can be isolated.
 */
abstract sealed class CopyBatch permits CopyRows, CsvRows {
  /** The encoded rows; subclasses append at {@code size} and call {@link #endRow}. */
  protected byte[] data;

  protected int size;
  private int[] ends = new int[1024];
  private int[] sources = new int[1024];
  private int count;

  protected CopyBatch(int capacity) {
    data = new byte[capacity];
  }

  /** The rows held. */
  final int count() {
    return count;
  }

  /** The bytes held. */
  final int bytes() {
    return size;
  }

  /** The encoded rows, from 0 to {@link #end(int) end(count() - 1)}. */
  final byte[] data() {
    return data;
  }

  /** Byte offset where row {@code i} starts. */
  final int start(int i) {
    return i == 0 ? 0 : ends[i - 1];
  }

  /** Byte offset after row {@code i}. */
  final int end(int i) {
    return ends[i];
  }

  /** The chunk row index (0-based) of row {@code i}. */
  final int source(int i) {
    return sources[i];
  }

  /** Empties the batch (its buffers are kept). */
  void clear() {
    size = 0;
    count = 0;
  }

  /**
   * Ends the row whose bytes were appended since the previous one, as chunk row {@code row};
   * returns its index in the batch.
   */
  protected final int endRow(int row) {
    if (count == ends.length) {
      ends = java.util.Arrays.copyOf(ends, count * 2);
      sources = java.util.Arrays.copyOf(sources, count * 2);
    }
    ends[count] = size;
    sources[count] = row;
    return count++;
  }

  /** Makes room for {@code more} bytes after {@code size}. */
  protected final void ensure(int more) {
    if (size + more > data.length) {
      long want = Math.max((long) data.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 16) {
        throw new JdbcSinkException("a COPY batch grew past 2 GB");
      }
      data = java.util.Arrays.copyOf(data, (int) want);
    }
  }

  /**
   * The row, relative to {@code from}, on which PostgreSQL's 1-based {@code line} of a COPY of rows
   * {@code [from, to)} lies ({@code COPY t, line N} in an error's context), or -1 when none does.
   */
  abstract int rowAtLine(int from, int to, long line);
}
