package io.kafkaload.worker.sink.jdbc;

/**
 * Rows ready for one {@code COPY ... FROM STDIN}, encoded one after the other in one byte array
 * (COPY text format: {@link CopyRows}; CSV made by DuckDB: {@link CsvRows}), with the chunk row
 * index of each; any run of consecutive rows can be sent again alone, so a row the server refuses
 * can be isolated.
 */
interface CopyBatch {
  /** The rows held. */
  int count();

  /** The bytes held. */
  int bytes();

  /** The encoded rows, from 0 to {@link #end(int) end(count() - 1)}. */
  byte[] data();

  /** Byte offset where row {@code i} starts. */
  int start(int i);

  /** Byte offset after row {@code i}. */
  int end(int i);

  /** The chunk row index (0-based) of row {@code i}. */
  int source(int i);

  /**
   * The row, relative to {@code from}, on which PostgreSQL's 1-based {@code line} of a COPY of rows
   * {@code [from, to)} lies ({@code COPY t, line N} in an error's context), or -1 when none does.
   */
  int rowAtLine(int from, int to, long line);
}
