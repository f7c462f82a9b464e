package io.kafkaload.worker.output.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Sorts SQL errors into transient ones (the next run may succeed) and the rest. */
final class PgErrors {
  private PgErrors() {}

  /** The transient kind of {@code e}, or null when retrying will not help. */
  static PgTransientException.Kind transientKind(SQLException e) {
    String state = e.getSQLState();
    if (state != null) {
      if (state.startsWith("08")) {
        return PgTransientException.Kind.CONNECTION;
      }
      if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
        return PgTransientException.Kind.SERVER_RESTART;
      }
      if (state.startsWith("53")) {
        return PgTransientException.Kind.RESOURCES;
      }
      if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
        return PgTransientException.Kind.CONFLICT;
      }
      if (state.startsWith("28")) {
        return PgTransientException.Kind.AUTHENTICATION;
      }
    }
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return PgTransientException.Kind.CONNECTION;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return PgTransientException.Kind.CONNECTION;
      }
    }
    return null;
  }

  /**
   * True when the server refused a value of a row (data exception, class 22, or an integrity
   * constraint, class 23): retrying without that row can succeed.
   */
  static boolean isRowError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** The server's one-line message without context lines (which may quote row values). */
  static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage m = p.getServerErrorMessage();
      if (m.getMessage() != null) {
        return m.getMessage();
      }
    }
    String text = String.valueOf(e.getMessage());
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /** The server's context line ({@code COPY t, line 3, column c: ...}) or null. */
  static String where(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getWhere();
    }
    return null;
  }

  /** Maps {@code e} to the transient exception, or to a {@link JdbcSinkException}. */
  static RuntimeException map(String doing, SQLException e) {
    PgTransientException.Kind kind = transientKind(e);
    String state = e.getSQLState();
    String message =
        doing
            + " failed"
            + (state == null ? "" : " (SQLSTATE " + state + ")")
            + ": "
            + serverMessage(e);
    if (kind == PgTransientException.Kind.AUTHENTICATION) {
      // the run fails now: say what to fix, not that it is retried
      return new PgTransientException(
          kind,
          state,
          message
              + "; PostgreSQL refused the credentials: check the keys user and password of the"
              + " Secret named by spec.sink.jdbc.secretRef (the next run reads them again)",
          e);
    }
    if (kind != null) {
      return new PgTransientException(
          kind,
          state,
          message + "; a transient fault: the run fails and its next run tries again",
          e);
    }
    return new JdbcSinkException(message, e);
  }
}
