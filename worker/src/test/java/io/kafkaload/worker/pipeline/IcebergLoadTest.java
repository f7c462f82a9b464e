package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConfigDocument;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.output.iceberg.IcebergCatalogs;
import io.kafkaload.worker.output.iceberg.IcebergCommitter;
import io.kafkaload.worker.security.SecretFiles;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics into an Apache Iceberg table (JDBC catalog on SQLite, local warehouse): data files and
 * positions in one snapshot, read back from the table's history; a second run reads only what is
 * new; and repeated {@code kill -9} of the real worker process during a 200,000-message load leaves
 * rows == distinct source offsets.
 */
class IcebergLoadTest {

  @TempDir Path dir;

  private void secret() throws Exception {
    Path secret = dir.resolve("secrets").resolve("catalog-db");
    Files.createDirectories(secret);
    Files.writeString(secret.resolve("url"), "jdbc:sqlite:" + dir.resolve("catalog.db"));
    Files.writeString(secret.resolve("user"), "kafkaload");
    Files.writeString(secret.resolve("password"), "unused-by-sqlite");
  }

  /**
   * DuckDB writes the data files of this table ({@code DuckDbDataFiles}); with {@code generic}, a
   * {@code bucket} partition keeps them on Iceberg's generic writer.
   */
  private TestLoads load(String name, String topic, String table, String dlq, long flush) {
    return load(name, topic, table, dlq, flush, false);
  }

  private TestLoads load(
      String name, String topic, String table, String dlq, long flush, boolean generic) {
    List<String> partitionBy =
        generic
            ? List.of("day(_timestamp)", "bucket(4, event_id)")
            : List.of("day(_timestamp)", "identity(event_type)");
    return TestLoads.load(topic)
        .sharedKafka()
        .name(name)
        .metadataColumns("_partition", "_offset", "_timestamp")
        .edit(this::catalog)
        .set("spec.sink.iceberg.namespace", "db")
        .set("spec.sink.iceberg.table", table)
        .set("spec.sink.iceberg.createTable", true)
        .set("spec.sink.iceberg.partitionBy", partitionBy)
        .flush(flush, null)
        .rejectedTopic(dlq)
        .dir(dir);
  }

  /** The catalog every load of this test writes to. */
  private void catalog(ConfigDocument doc) {
    doc.set("spec.sink.iceberg.catalog.type", LoadSpec.IcebergCatalogType.Jdbc);
    doc.set("spec.sink.iceberg.catalog.warehouse", dir.resolve("warehouse").toString());
    doc.set("spec.sink.iceberg.catalog.secretRef.name", "catalog-db");
  }

  /** That catalog, opened as the loads open it. */
  private Catalog catalog() {
    return IcebergCatalogs.open(
        TestLoads.empty().edit(this::catalog).spec().sink().iceberg().catalog(),
        new SecretFiles(dir.resolve("secrets")));
  }

  /** (partition, offset, event_id) of every row of the table. */
  private List<long[]> rows(String table) throws Exception {
    Catalog catalog = catalog();
    try {
      Table t = catalog.loadTable(TableIdentifier.of(Namespace.of("db"), table));
      List<long[]> rows = new ArrayList<>();
      try (CloseableIterable<Record> records = IcebergGenerics.read(t).build()) {
        for (Record r : records) {
          rows.add(
              new long[] {
                ((Number) r.getField("_partition")).longValue(),
                ((Number) r.getField("_offset")).longValue(),
                ((Number) r.getField("event_id")).longValue()
              });
        }
      }
      return rows;
    } finally {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "generic={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void loadsEveryValidRowOnceWithThePositionsInTheSnapshot(boolean generic) throws Exception {
    secret();
    String topic = SharedKafka.createTopic("ice-batch", 2);
    String dlq = SharedKafka.createTopic("ice-batch-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, 4_000);
    String table = "events_" + SharedKafka.uniqueName("t").replace('-', '_');
    WorkerConfig config =
        load(SharedKafka.uniqueName("ice"), topic, table, dlq, 1_000, generic).build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();

    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsWritten()).isEqualTo(valid.size());
    assertThat(first.recordsRejected()).isEqualTo(4_000 - valid.size());
    List<long[]> rows = rows(table);
    assertThat(rows).hasSize(valid.size());
    Set<Long> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r[2]));
    assertThat(ids).isEqualTo(valid);
    assertThat(SharedKafka.readAll(dlq)).hasSize(4_000 - valid.size());
    Catalog catalog = catalog();
    try {
      Table t = catalog.loadTable(TableIdentifier.of(Namespace.of("db"), table));
      assertThat(t.spec().fields()).hasSize(2);
      assertThat(t.currentSnapshot().summary())
          .containsKey(
              IcebergCommitter.offsetsProperty(
                  config.load().namespace() + "." + config.load().name()));
      long sum =
          IcebergCommitter.readOffsets(t, config.load().namespace() + "." + config.load().name())
              .offsets()
              .get(topic)
              .values()
              .stream()
              .mapToLong(Long::longValue)
              .sum();
      assertThat(sum).isEqualTo(4_000);
      // who wrote the data files: DuckDB names them kafkaload-<commit id>-<n>.parquet
      List<String> names = new ArrayList<>();
      try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = t.newScan().planFiles()) {
        tasks.forEach(task -> names.add(Path.of(task.file().location()).getFileName().toString()));
      }
      assertThat(names).isNotEmpty();
      if (generic) {
        assertThat(names).noneMatch(n -> n.startsWith("kafkaload-"));
      } else {
        assertThat(names).allMatch(n -> n.startsWith("kafkaload-"), "written by DuckDB");
        assertThat(t.schema().findField("device.os")).isNotNull();
      }
    } finally {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }

    Set<Long> more = Loads.produceEvents(topic, 4_000, 500);
    RunReport second = new LoadRunner(config, new WorkerParts()).run();
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isEqualTo(500);
    assertThat(rows(table)).hasSize(valid.size() + more.size());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "generic={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void repeatedKillNineNeverLosesNorRepeatsARow(boolean generic) throws Exception {
    secret();
    int events = 200_000;
    String topic = SharedKafka.createTopic("ice-kill", 2);
    String dlq = SharedKafka.createTopic("ice-kill-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, events);
    String table = "killed_" + SharedKafka.uniqueName("t").replace('-', '_');
    Path yaml =
        load(SharedKafka.uniqueName("ice-kill"), topic, table, dlq, 10_000, generic)
            .writeYaml(dir.resolve("load.yaml"));
    Map<String, String> env =
        Map.of(
            "KAFKALOAD_SECRETS_DIR", dir.resolve("secrets").toString(),
            "KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString());
    WorkerProcess.killRepeatedlyThenRunToEnd(dir, yaml, env, 10, 2_000, 3_000, "IcebergLoadTest");

    List<long[]> rows = rows(table);
    Set<String> offsets = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    for (long[] r : rows) {
      offsets.add(r[0] + "@" + r[1]);
      ids.add(r[2]);
    }
    assertThat(offsets).hasSize(rows.size()); // rows == distinct source offsets
    assertThat(ids).isEqualTo(valid);
    assertThat(rows).hasSize(valid.size());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} generic={1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "after-commit, false",
    "during-rejects, false",
    "after-commit, true",
    "during-rejects, true"
  })
  void aCrashAtACommitStepIsRepairedByTheNextRun(String step, boolean generic) throws Exception {
    secret();
    int events = 20_000;
    String topic = SharedKafka.createTopic("ice-crash", 2);
    String dlq = SharedKafka.createTopic("ice-crash-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, events);
    String table = "crash_" + SharedKafka.uniqueName("t").replace('-', '_');
    Path yaml =
        load(SharedKafka.uniqueName("ice-crash"), topic, table, dlq, 2_000, generic)
            .writeYaml(dir.resolve("load.yaml"));
    Map<String, String> env =
        Map.of(
            "KAFKALOAD_SECRETS_DIR", dir.resolve("secrets").toString(),
            "KAFKALOAD_SCRATCH_DIR", dir.resolve("scratch").toString());

    WorkerProcess.crashAtThenRunToEnd(dir, yaml, env, step);

    List<long[]> rows = rows(table);
    Set<String> offsets = new HashSet<>();
    rows.forEach(r -> offsets.add(r[0] + "@" + r[1]));
    assertThat(offsets).hasSize(rows.size());
    assertThat(rows).hasSize(valid.size());
  }

  @org.junit.jupiter.api.Test
  void chunksSealedTogetherAreCommittedInOneSnapshot() throws Exception {
    secret();
    String topic = SharedKafka.createTopic("ice-group", 4);
    String dlq = SharedKafka.createTopic("ice-group-dlq", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, 8_000);
    String table = "grouped_" + SharedKafka.uniqueName("t").replace('-', '_');
    // maxRecords above the run's records: the run's end seals one chunk per partition, together
    WorkerConfig config =
        load(SharedKafka.uniqueName("ice-group"), topic, table, dlq, 1_000_000).build();

    RunReport report = new LoadRunner(config, new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(rows(table)).hasSize(valid.size());
    Catalog catalog = catalog();
    try {
      Table t = catalog.loadTable(TableIdentifier.of(Namespace.of("db"), table));
      List<org.apache.iceberg.Snapshot> snapshots = new ArrayList<>();
      t.snapshots().forEach(snapshots::add);
      // four partitions' chunks: one snapshot (two when a writer was late to say it was busy)
      assertThat(snapshots).hasSizeLessThan(4).isNotEmpty();
      assertThat(
              IcebergCommitter.readOffsets(
                      t, config.load().namespace() + "." + config.load().name())
                  .offsets()
                  .get(topic))
          .hasSize(4);
    } finally {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }
  }
}
