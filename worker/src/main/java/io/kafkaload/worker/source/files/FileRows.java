package io.kafkaload.worker.source.files;

import java.io.IOException;

/**
 * The rows of one source file, each as a JSON object (the form every record of a Kafka source takes
 * before decoding), numbered from 0 in the file's order: a row's number is its position, so a run
 * resumes a file at the first row not sent.
 */
public interface FileRows {

  /** Gets the rows of a file in order. */
  interface RowHandler {
    void row(long number, byte[] json) throws IOException;
  }

  /** How many rows the file holds. */
  long count() throws IOException;

  /** Hands rows {@code from} up to (not including) {@code to}, in order, to {@code handler}. */
  void read(long from, long to, RowHandler handler) throws IOException;
}
