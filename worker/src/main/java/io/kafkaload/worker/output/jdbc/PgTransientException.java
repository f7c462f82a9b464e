package io.kafkaload.worker.output.jdbc;

/**
 * A fault that is expected to pass: the server refused or dropped the connection, is starting up or
 * shutting down, is out of connections, a serialization conflict or deadlock, or authentication
 * failed (credentials being rotated: the Secret is read again on each connection). Nothing of the
 * failed call was committed, except that a lost reply to COMMIT leaves it unknown whether the
 * commit happened; a retry of the same chunk then finds its position already stored and reports
 * {@link ChunkCommit#alreadyCommitted()}. The run fails with the reason; its next run (a retried
 * Job pod, a restarted Deployment pod) tries again, reading the Secret again (F12).
 */
public final class PgTransientException extends RuntimeException {

  /** Why the fault is taken for transient. */
  public enum Kind {
    /** Connection refused, reset or lost (SQLSTATE class 08, or an I/O error). */
    CONNECTION,
    /** The server is shutting down, crashed, or is still starting (57P01, 57P02, 57P03). */
    SERVER_RESTART,
    /** Too many connections or another lack of resources (class 53). */
    RESOURCES,
    /** A serialization failure, deadlock or lock timeout (40001, 40P01, 55P03). */
    CONFLICT,
    /** Authentication failed (class 28): the Secret is re-read on the next connection. */
    AUTHENTICATION
  }

  private final Kind kind;
  private final String sqlState;

  public PgTransientException(Kind kind, String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.sqlState = sqlState;
  }

  public Kind kind() {
    return kind;
  }

  /** The SQLSTATE of the server or driver, or null when there was none. */
  public String sqlState() {
    return sqlState;
  }
}
