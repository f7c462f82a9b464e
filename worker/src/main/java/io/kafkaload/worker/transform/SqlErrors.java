package io.kafkaload.worker.transform;

import java.sql.SQLException;

/**
 * Tells the errors of the user's SQL that every batch would meet (it does not parse, names a column
 * or function that does not exist, has the wrong types) from the runtime errors of some rows (a
 * failed CAST, a division by zero, a value out of range, {@code error()}).
 */
public final class SqlErrors {

  private SqlErrors() {}

  /** True for DuckDB's parser, binder and catalog errors. */
  public static boolean isCompileError(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    return message.startsWith("Parser Error")
        || message.startsWith("Binder Error")
        || message.startsWith("Catalog Error")
        || message.startsWith("Syntax Error")
        || message.startsWith("Not implemented Error")
        || message.startsWith("Permission Error");
  }

  /**
   * The first line of a compile error ({@code Binder Error: Referenced column "x" not found in FROM
   * clause!}): names from the user's SQL, without the candidate bindings (field names of the data)
   * nor the statement DuckDB quotes after it.
   */
  public static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    String first = message.lines().findFirst().orElse("").strip();
    return first.length() > 300 ? first.substring(0, 300) + "..." : first;
  }

  /**
   * True for DuckDB's errors of the machine, not of the rows or the SQL: out of disk or memory, a
   * file it could not write. The run fails and is retried; no record is rejected for them. A full
   * Java heap met while DuckDB's driver hands a value over comes back as {@code Invalid Error: Java
   * heap space}.
   */
  public static boolean isResourceError(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    return message.startsWith("IO Error")
        || message.startsWith("Out of Memory Error")
        || message.startsWith("Invalid Error: Java heap space")
        || message.contains("java.lang.OutOfMemoryError")
        || message.contains("No space left on device")
        || message.startsWith("Interrupt Error");
  }
}
