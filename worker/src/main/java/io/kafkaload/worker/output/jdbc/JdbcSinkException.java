package io.kafkaload.worker.output.jdbc;

/**
 * A PostgreSQL sink failure that retrying will not cure: a table that cannot take the rows, a
 * refused write mode, a permission error, a statement the server refuses for every row. The message
 * names what is wrong and the fix; it never holds credentials or row values.
 */
public class JdbcSinkException extends RuntimeException {
  public JdbcSinkException(String message) {
    super(message);
  }

  public JdbcSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
