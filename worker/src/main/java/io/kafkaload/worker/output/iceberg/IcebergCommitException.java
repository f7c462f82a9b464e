package io.kafkaload.worker.output.iceberg;

/**
 * A commit that did not happen after retries (conflicts that kept coming, or a failure that is not
 * a conflict). {@link #mayHaveCommitted()} is true when a commit's outcome stayed unknown and the
 * table's history could not be read to settle it: the data files were then kept, and the caller
 * must re-read the offsets from the table before writing again.
 */
public final class IcebergCommitException extends RuntimeException {
  private final boolean mayHaveCommitted;

  IcebergCommitException(String message, Throwable cause, boolean mayHaveCommitted) {
    super(message, cause);
    this.mayHaveCommitted = mayHaveCommitted;
  }

  public boolean mayHaveCommitted() {
    return mayHaveCommitted;
  }
}
