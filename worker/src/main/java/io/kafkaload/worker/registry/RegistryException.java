package io.kafkaload.worker.registry;

/**
 * A schema registry call that did not give the answer asked for, with the {@link Kind} a caller
 * acts on: {@link Kind#NOT_FOUND} is about the data (an id or subject the registry does not have),
 * the others are about the registry or the configuration. Messages name the URL path, the status
 * and the Secret, never a credential.
 */
public final class RegistryException extends RuntimeException {

  /** What went wrong, by what a caller should do about it. */
  public enum Kind {
    /** 404 with a registry error code: no such schema id, subject or version. */
    NOT_FOUND,
    /**
     * 401 or 403: the credentials are missing, wrong, or not allowed to read; or the TLS handshake
     * failed (a certificate not signed by a trusted CA or not for the host, https to a port that
     * does not speak TLS).
     */
    AUTHENTICATION_FAILED,
    /** Still unreachable, timing out or answering 5xx/429 when the retries gave up. */
    UNAVAILABLE,
    /** An answer that is not what a Schema Registry gives: a bad URL or an incompatible server. */
    INVALID_RESPONSE,
    /**
     * 409 or 422 to a registration: the registry refused the schema (incompatible with the
     * subject's earlier versions under its compatibility rules, or not a schema it takes); the
     * message carries the registry's own.
     */
    REFUSED
  }

  private final Kind kind;
  private final int status;
  private final int errorCode;

  RegistryException(Kind kind, int status, int errorCode, String message, Throwable cause) {
    // NOT_FOUND is an expected answer (per record, many times): no stack trace to fill in
    super(message, cause, true, kind != Kind.NOT_FOUND);
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code} (such as 40403), or 0 when the answer had none. */
  public int errorCode() {
    return errorCode;
  }
}
