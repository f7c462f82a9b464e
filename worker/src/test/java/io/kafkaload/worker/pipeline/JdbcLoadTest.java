package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import io.kafkaload.worker.testkit.SharedPostgres;
import io.kafkaload.worker.testkit.SharedPostgres.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics into a real PostgreSQL (embedded), rows and positions in one transaction: every valid
 * record once in the table, every malformed one in the rejected topic, the positions in the table's
 * offsets table; a second run reads only what is new; and repeated {@code kill -9} of the real
 * worker process at random moments of a 200,000-message load leaves rows == distinct source
 * offsets, every produced offset in the table or rejected.
 */
class JdbcLoadTest {
  @TempDir Path dir;
  private Database db;

  /** A database of this test, its Secret {@code pg} under {@code dir/secrets}. */
  private void secret() {
    db = SharedPostgres.newDatabase();
    db.writeSecret(dir.resolve("secrets"), "pg");
  }

  /** A load of {@code topic} into {@code public.<table>}, created, rejects to {@code dlq}. */
  private TestLoads load(String name, String topic, String table, String dlq, long flush) {
    return TestLoads.jdbc(topic, "public." + table)
        .sharedKafka()
        .name(name)
        .metadataColumns("_partition", "_offset")
        .set("spec.sink.jdbc.createTable", true)
        .flush(flush, null)
        .rejectedTopic(dlq)
        .dir(dir);
  }

  private long single(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String table(String prefix) {
    return SharedKafka.uniqueName(prefix).replace('-', '_');
  }

  @Test
  void loadsEveryValidRowOnceWithItsPositionsInTheTable() throws Exception {
    secret();
    String topic = SharedKafka.createTopic("pg-batch", 3);
    String dlq = SharedKafka.createTopic("pg-batch-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, 5_000);
    String table = table("events");
    String name = SharedKafka.uniqueName("pg");
    WorkerConfig config = load(name, topic, table, dlq, 1_000).build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();

    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsRead()).isEqualTo(5_000);
    assertThat(first.recordsWritten()).isEqualTo(valid.size());
    assertThat(first.recordsRejected()).isEqualTo(5_000 - valid.size());
    assertThat(single("SELECT count(*) FROM public." + table)).isEqualTo(valid.size());
    assertThat(single("SELECT count(DISTINCT event_id) FROM public." + table))
        .isEqualTo(valid.size());
    assertThat(
            single(
                "SELECT sum(next_offset) FROM public.kafkaload_offsets WHERE load = '"
                    + config.load().qualified()
                    + "'"))
        .isEqualTo(5_000);
    assertThat(SharedKafka.readAll(dlq)).hasSize(5_000 - valid.size());
    // the consumer group mirrors the positions, for lag tools
    Map<TopicPartition, Long> group =
        SharedKafka.committedOffsets(config.spec().groupIdOrDefault(config.load()));
    assertThat(group.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5_000);

    Set<Long> more = Loads.produceEvents(topic, 5_000, 1_000);
    RunReport second = new LoadRunner(config, new WorkerParts()).run();
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isEqualTo(1_000);
    assertThat(single("SELECT count(DISTINCT event_id) FROM public." + table))
        .isEqualTo(valid.size() + more.size());
    assertThat(single("SELECT count(*) FROM public." + table))
        .isEqualTo(valid.size() + more.size());
  }

  @Test
  void anUpsertOfAChunkWithRepeatedKeysSucceedsAndCountsEveryRecordWritten() throws Exception {
    secret();
    String topic = SharedKafka.createTopic("pg-upsert", 1);
    String dlq = SharedKafka.createTopic("pg-upsert-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, 500);
    String table = table("latest");
    String name = SharedKafka.uniqueName("pg");
    WorkerConfig config =
        load(name, topic, table, dlq, 1_000)
            .set("spec.sink.jdbc.keyColumns", List.of("event_type"))
            .build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();

    // one chunk holds many rows of each event_type: the table keeps the last of each key
    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsRead()).isEqualTo(500);
    assertThat(first.recordsWritten() + first.recordsRejected() + first.recordsFiltered())
        .isEqualTo(500);
    assertThat(first.recordsRejected()).isEqualTo(500 - valid.size());
    assertThat(single("SELECT count(*) FROM public." + table))
        .isEqualTo(single("SELECT count(DISTINCT event_type) FROM public." + table))
        .isLessThan(valid.size());
    RunReport second = new LoadRunner(config, new WorkerParts()).run();
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isZero();
  }

  @Test
  void repeatedKillNineNeverLosesNorRepeatsARow() throws Exception {
    secret();
    int events = 200_000;
    String topic = SharedKafka.createTopic("pg-kill", 2);
    String dlq = SharedKafka.createTopic("pg-kill-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, events);
    String table = table("killed");
    Path yaml =
        load(SharedKafka.uniqueName("pg-kill"), topic, table, dlq, 5_000)
            .writeYaml(dir.resolve("load.yaml"));
    Map<String, String> env =
        Map.of(
            "KAFKALOAD_SECRETS_DIR", dir.resolve("secrets").toString(),
            "KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString());

    WorkerProcess.killRepeatedlyThenRunToEnd(dir, yaml, env, 10, 1_500, 2_500, "JdbcLoadTest");

    // rows == distinct source offsets, and they are the valid records
    long rows = single("SELECT count(*) FROM public." + table);
    assertThat(single("SELECT count(DISTINCT (_partition, _offset)) FROM public." + table))
        .isEqualTo(rows);
    assertThat(rows).isEqualTo(valid.size());
    assertThat(single("SELECT count(DISTINCT event_id) FROM public." + table))
        .isEqualTo(valid.size());
    // every produced offset is in the table or rejected (at least once: a rejected record may
    // be repeated in the topic by a run killed between the produce and the commit)
    Set<String> rejected = new HashSet<>();
    List<ConsumerRecord<byte[], byte[]>> dlqRecords = SharedKafka.readAll(dlq);
    for (ConsumerRecord<byte[], byte[]> r : dlqRecords) {
      rejected.add(
          header(r, "kafkaload.error.partition") + "@" + header(r, "kafkaload.error.offset"));
    }
    assertThat(rejected).hasSize(events - valid.size());
    assertThat(rows + rejected.size()).isEqualTo(events);
    assertThat(
            single(
                "SELECT count(*) FROM public."
                    + table
                    + " WHERE (_partition || '@' || _offset) IN ("
                    + String.join(",", rejected.stream().map(s -> "'" + s + "'").toList())
                    + ")"))
        .isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"after-rows", "after-position", "after-commit", "during-rejects"})
  void aCrashAtEachCommitStepIsRepairedByTheNextRun(String step) throws Exception {
    secret();
    int events = 20_000;
    String topic = SharedKafka.createTopic("pg-crash", 2);
    String dlq = SharedKafka.createTopic("pg-crash-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, events);
    String table = table("crash");
    Path yaml =
        load(SharedKafka.uniqueName("pg-crash"), topic, table, dlq, 2_000)
            .writeYaml(dir.resolve("load.yaml"));
    Map<String, String> env =
        Map.of(
            "KAFKALOAD_SECRETS_DIR", dir.resolve("secrets").toString(),
            "KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString());

    WorkerProcess.crashAtThenRunToEnd(dir, yaml, env, step);

    long rows = single("SELECT count(*) FROM public." + table);
    assertThat(single("SELECT count(DISTINCT (_partition, _offset)) FROM public." + table))
        .isEqualTo(rows);
    assertThat(rows).isEqualTo(valid.size());
    Set<String> rejected = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(dlq)) {
      rejected.add(
          header(r, "kafkaload.error.partition") + "@" + header(r, "kafkaload.error.offset"));
    }
    assertThat(rejected).hasSize(events - valid.size());
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
