package io.kafkaload.worker.transform;

/** Text of DuckDB SQL built from values the worker does not control (names, paths). */
public final class DuckDbSql {

  private DuckDbSql() {}

  /** A SQL string literal: {@code 'it''s'}. */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A quoted identifier: {@code "a ""b"""}. */
  public static String name(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
