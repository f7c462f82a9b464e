package io.kafkaload.worker.output.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Failure messages say what happens and what to fix: a refused password is not "retried". */
class PgErrorsTest {

  @Test
  void refusedCredentialsSayCheckTheSecretNotRetrying() {
    RuntimeException e =
        PgErrors.map(
            "connecting to jdbc:postgresql://db:5432/lake",
            new SQLException("FATAL: password authentication failed for user \"loader\"", "28P01"));
    assertThat(e).isInstanceOf(PgTransientException.class);
    assertThat(e.getMessage())
        .isEqualTo(
            "connecting to jdbc:postgresql://db:5432/lake failed (SQLSTATE 28P01): FATAL: password"
                + " authentication failed for user \"loader\"; PostgreSQL refused the credentials:"
                + " check the keys user and password of the Secret named by"
                + " spec.sink.jdbc.secretRef (the next run reads them again)")
        .doesNotContain("retrying");
  }

  @Test
  void aLostConnectionSaysTheNextRunTriesAgain() {
    RuntimeException e =
        PgErrors.map("committing", new SQLException("Connection refused", "08001"));
    assertThat(e.getMessage())
        .isEqualTo(
            "committing failed (SQLSTATE 08001): Connection refused; a transient fault: the run"
                + " fails and its next run tries again");
  }
}
