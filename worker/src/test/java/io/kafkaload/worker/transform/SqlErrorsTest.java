package io.kafkaload.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's real errors, told apart: the SQL's, the rows', and the machine's. */
class SqlErrorsTest {

  @TempDir Path dir;

  private static SQLException error(Connection db, String sql) {
    return catchThrowableOfType(
        SQLException.class,
        () -> {
          try (Statement st = db.createStatement()) {
            st.execute(sql);
          }
        });
  }

  @Test
  void aFileDuckDbCannotWriteIsTheMachinesFaultNotTheRows() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      SQLException io =
          error(db, "COPY (SELECT 1 AS a) TO '" + dir.resolve("missing/x.parquet") + "'");
      assertThat((Object) io).isNotNull();
      assertThat(SqlErrors.isResourceError(io)).as(io.getMessage()).isTrue();
      assertThat(SqlErrors.isCompileError(io)).isFalse();

      SQLException conversion = error(db, "SELECT CAST('x' AS INTEGER)");
      assertThat(SqlErrors.isResourceError(conversion)).as(conversion.getMessage()).isFalse();
      assertThat(SqlErrors.isCompileError(conversion)).isFalse();

      SQLException division = error(db, "SELECT error('bad row')");
      assertThat(SqlErrors.isResourceError(division)).isFalse();

      SQLException binder = error(db, "SELECT nope FROM (SELECT 1 AS a)");
      assertThat(SqlErrors.isCompileError(binder)).isTrue();
      assertThat(SqlErrors.isResourceError(binder)).isFalse();
    }
  }

  @Test
  void aFullJavaHeapIsTheMachinesFaultNotTheRows() throws Exception {
    // what DuckDB's driver 2.0.0.1 says when the heap cannot take a value it hands over (seen with
    // a 200 MB text and a 128 MiB heap): the records were rejected for it, stage transform
    assertThat(SqlErrors.isResourceError(new SQLException("Invalid Error: Java heap space")))
        .isTrue();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      // the same words from the user's SQL are its own error
      SQLException own = error(db, "SELECT error('Java heap space')");
      assertThat(SqlErrors.isResourceError(own)).as(own.getMessage()).isFalse();
    }
  }
}
