package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table sink commits rows and positions inside the chunk's SQL: stopping SQL that never ends at
 * {@code spec.limits.sqlTimeoutSeconds} leaves neither rows nor a position in PostgreSQL.
 */
class JdbcUserCodeLimitsTest {

  private static EmbeddedPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static long count(String table) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
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
    Path secret = dir.resolve("secrets").resolve("pg");
    Files.createDirectories(secret);
    Files.writeString(
        secret.resolve("url"), "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres\n");
    Files.writeString(secret.resolve("user"), "postgres\n");
    Files.writeString(secret.resolve("password"), "unused\n");
    String topic = SharedKafka.createTopic("pg-limits", 1);
    String dlq = SharedKafka.createTopic("pg-limits-dlq", 1);
    Loads.produceEvents(topic, 0, 50);
    String table = SharedKafka.uniqueName("limits").replace('-', '_');
    String yaml =
        """
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaConnection
        metadata:
          name: kafka
        spec:
          bootstrapServers: %s
        ---
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaLoad
        metadata:
          name: %s
        spec:
          connectionRef:
            name: kafka
          source:
            kafka:
              topics: [%s]
          transform:
            sql: "%s"
          limits:
            sqlTimeoutSeconds: 2
          sink:
            jdbc:
              secretRef:
                name: pg
              table: public.%s
              createTable: true
          rejected:
            topic: %s
        """
            .formatted(
                SharedKafka.bootstrapServers(),
                SharedKafka.uniqueName("pg-limits"),
                topic,
                UserCodeLimitsTest.NEVER_ENDS,
                table,
                dlq);
    Path file = dir.resolve("load.yaml");
    Files.writeString(file, yaml);
    WorkerConfig config =
        ConfigLoader.load(
            file,
            null,
            new WorkerConfig.Runtime(
                dir.resolve("secrets").toString(), dir.resolve("offsets").toString()));

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
