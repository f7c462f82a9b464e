package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import io.kafkaload.worker.testkit.SharedPostgres;
import io.kafkaload.worker.testkit.SharedPostgres.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table sink commits rows and positions inside the chunk's SQL: stopping SQL that never ends at
 * {@code spec.limits.sqlTimeoutSeconds} leaves neither rows nor a position in PostgreSQL.
 */
class JdbcUserCodeLimitsTest {

  @TempDir Path dir;
  private Database db;

  private long count(String table) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NULL")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return 0;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void sqlThatNeverEndsLeavesNoRowAndNoPosition() throws Exception {
    db = SharedPostgres.newDatabase();
    db.writeSecret(dir.resolve("secrets"), "pg");
    String topic = SharedKafka.createTopic("pg-limits", 1);
    String dlq = SharedKafka.createTopic("pg-limits-dlq", 1);
    Loads.produceEvents(topic, 0, 50);
    String table = SharedKafka.uniqueName("limits").replace('-', '_');
    WorkerConfig config =
        TestLoads.jdbc(topic, "public." + table)
            .sharedKafka()
            .name(SharedKafka.uniqueName("pg-limits"))
            .sql(UserCodeLimitsTest.NEVER_ENDS)
            .set("spec.limits.sqlTimeoutSeconds", 2)
            .set("spec.sink.jdbc.createTable", true)
            .rejectedTopic(dlq)
            .dir(dir)
            .build();

    RunReport report =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2), () -> new LoadRunner(config, new WorkerParts()).run());

    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message())
        .contains("the load's SQL ran longer than spec.limits.sqlTimeoutSeconds (2 s)");
    assertThat(count("public." + table)).isZero();
    assertThat(count("public.kafkaload_offsets")).isZero();
  }
}
