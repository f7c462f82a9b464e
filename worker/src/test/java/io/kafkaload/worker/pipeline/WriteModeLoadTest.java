package io.kafkaload.worker.pipeline;

import static io.kafkaload.worker.config.LoadSpec.WriteMode.ErrorIfExists;
import static io.kafkaload.worker.config.LoadSpec.WriteMode.Ignore;
import static io.kafkaload.worker.config.LoadSpec.WriteMode.Overwrite;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starlake's write modes and coalesce on the real broker: Append adds, Overwrite replaces the
 * folder's data with the run's, Ignore and ErrorIfExists look before reading, coalesce merges a run
 * into N files (exactly the file path with 1), and a re-run of the same range rewrites the same
 * names.
 */
class WriteModeLoadTest {

  @TempDir Path dir;

  private static void produce(String topic, int from, int to) {
    int partitions = SharedKafka.partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String json = "{\"event_id\":" + i + ",\"region\":\"" + (i % 2 == 0 ? "eu" : "us") + "\"}";
      records.add(
          new ProducerRecord<>(topic, i % partitions, null, json.getBytes(StandardCharsets.UTF_8)));
    }
    SharedKafka.produce(records);
  }

  /** The load {@code name} of {@code topic} into {@code path}, its runtime under the test's. */
  private TestLoads load(String name, String topic, Path path) {
    return Loads.files(name, topic, path).dir(dir);
  }

  private static RunReport ok(WorkerConfig config) {
    RunReport report = Loads.run(config);
    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    return report;
  }

  @Test
  void overwriteReplacesTheEarlierRunsFiles() throws Exception {
    String topic = SharedKafka.createTopic("wm-overwrite", 2);
    Path out = dir.resolve("out");
    String name = SharedKafka.uniqueName("overwrite");
    WorkerConfig config = load(name, topic, out).writeMode(Overwrite).build();
    produce(topic, 0, 100);
    ok(config);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet)).hasSize(100);

    produce(topic, 100, 130);
    RunReport second = ok(config);

    assertThat(second.recordsRead()).isEqualTo(30);
    // the folder holds the second run's rows only
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(30)
        .allMatch(id -> id >= 100 && id < 130);
    assertThat(second.files())
        .containsExactlyInAnyOrderElementsOf(
            Loads.dataFiles(out, LoadSpec.FileFormat.Parquet).stream()
                .map(Path::toString)
                .toList());
  }

  @Test
  void ignoreAndErrorIfExistsLookBeforeReading() throws Exception {
    String topic = SharedKafka.createTopic("wm-ignore", 1);
    Path out = dir.resolve("out");
    produce(topic, 0, 10);
    // a folder belongs to one load: the same load runs again with another write mode
    String name = SharedKafka.uniqueName("ignore");
    ok(load(name, topic, out).build());
    produce(topic, 10, 15);

    WorkerConfig ignore = load(name, topic, out).writeMode(Ignore).build();
    assertThat(ignore.spec().sink().files().writeMode()).isEqualTo(LoadSpec.WriteMode.Ignore);
    RunReport ignored = ok(ignore);
    assertThat(ignored.recordsRead()).as(ignored.message()).isZero();
    assertThat(ignored.message()).contains("ignored").contains("already holds data");

    WorkerConfig error = load(name, topic, out).writeMode(ErrorIfExists).build();
    RunReport failed = Loads.run(error);
    assertThat(failed.result()).isEqualTo(RunReport.FAILED);
    assertThat(failed.message())
        .contains("writeMode is ErrorIfExists")
        .contains("already holds 1 data file(s)");
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet)).hasSize(10);

    // into an empty folder both load
    Path empty = dir.resolve("empty");
    RunReport fresh =
        ok(load(SharedKafka.uniqueName("fresh"), topic, empty).writeMode(ErrorIfExists).build());
    assertThat(fresh.recordsRead()).isEqualTo(15);
    assertThat(Loads.eventIds(empty, LoadSpec.FileFormat.Parquet)).hasSize(15);
  }

  @Test
  void coalesceMergesARunIntoNFilesWithHiveFolders() throws Exception {
    String topic = SharedKafka.createTopic("wm-coalesce", 3);
    produce(topic, 0, 900);
    Path out = dir.resolve("out");
    WorkerConfig config =
        load(SharedKafka.uniqueName("coalesce"), topic, out)
            .format(LoadSpec.FileFormat.Csv)
            .coalesce(2)
            .partitionBy("region")
            .flush(100L, null)
            .build();

    RunReport report = ok(config);

    assertThat(report.recordsWritten()).isEqualTo(900);
    List<Path> files = Loads.dataFiles(out, LoadSpec.FileFormat.Csv);
    // two parts, each split into the two region folders
    assertThat(files).hasSize(4);
    assertThat(files)
        .extracting(f -> out.relativize(f).getName(0).toString())
        .containsOnly("region=eu", "region=us");
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .allMatch(n -> n.matches("part-[01]-[0-9a-f]{12}\\.csv"));
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Csv)).hasSize(900).doesNotHaveDuplicates();
    assertThat(report.files()).hasSize(4);
    // nothing staged is left behind
    try (var walk = Files.walk(out)) {
      assertThat(walk.filter(Files::isRegularFile))
          .allMatch(
              f ->
                  f.getFileName().toString().startsWith("part-")
                      || f.getFileName().toString().equals(".kafkaload-owner"));
    }
  }

  @Test
  void coalesceOneWithAFilePathWritesExactlyThatFile() throws Exception {
    String topic = SharedKafka.createTopic("wm-file", 2);
    produce(topic, 0, 50);
    Path file = dir.resolve("exports").resolve("events.parquet");
    String name = SharedKafka.uniqueName("file");
    WorkerConfig config = load(name, topic, file).coalesce(1).writeMode(Overwrite).build();

    ok(config);
    assertThat(file).isRegularFile();
    try (var list = Files.list(file.getParent())) {
      assertThat(list.filter(p -> !p.getFileName().toString().startsWith(".")))
          .containsExactly(file);
    }
    assertThat(Loads.longs(file.getParent(), LoadSpec.FileFormat.Parquet, "event_id")).hasSize(50);

    produce(topic, 50, 70);
    RunReport second = ok(config);
    assertThat(second.recordsRead()).isEqualTo(20);
    assertThat(Loads.longs(file.getParent(), LoadSpec.FileFormat.Parquet, "event_id"))
        .hasSize(20)
        .allMatch(id -> id >= 50);

    // ErrorIfExists on the same file fails, naming it
    WorkerConfig error =
        load(SharedKafka.uniqueName("file-error"), topic, file)
            .coalesce(1)
            .writeMode(ErrorIfExists)
            .build();
    // (another load: it adopts the folder, else it would be refused as another load's)
    RunReport failed = new LoadRunner(error, new io.kafkaload.worker.cli.WorkerParts(true)).run();
    assertThat(failed.result()).isEqualTo(RunReport.FAILED);
    assertThat(failed.message()).contains(file.toString()).contains("ErrorIfExists");
  }

  @Test
  void anOverwriteRunWithNothingNewKeepsTheFileWhichCarriesItsCompressionSuffix() throws Exception {
    String topic = SharedKafka.createTopic("wm-csv-gz", 1);
    produce(topic, 0, 30);
    Path named = dir.resolve("payments").resolve("payments.csv");
    WorkerConfig config =
        load(SharedKafka.uniqueName("csv-gz"), topic, named)
            .format(LoadSpec.FileFormat.Csv)
            .compression(LoadSpec.Compression.Gzip)
            .coalesce(1)
            .writeMode(Overwrite)
            .build();

    ok(config);
    Path gz = dir.resolve("payments").resolve("payments.csv.gz");
    assertThat(named).doesNotExist();
    assertThat(gz).isRegularFile();
    byte[] first = Files.readAllBytes(gz);
    assertThat(first[0] & 0xff).isEqualTo(0x1f); // the gzip magic
    assertThat(first[1] & 0xff).isEqualTo(0x8b);

    RunReport nothingNew = ok(config);

    assertThat(nothingNew.recordsRead()).isZero();
    assertThat(gz).isRegularFile();
    assertThat(Files.readAllBytes(gz)).isEqualTo(first);
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
      assertThat(in.lines()).hasSize(31); // header + 30 rows
    }
  }

  @Test
  void coalescedFilesAreNamedFromTheRunsStartPositions() throws Exception {
    String topic = SharedKafka.createTopic("wm-rerun", 1);
    produce(topic, 0, 40);
    Path out = dir.resolve("out");
    String name = SharedKafka.uniqueName("rerun");
    WorkerConfig strict = load(name, topic, out).coalesce(1).build();
    RunReport first = ok(strict);
    List<Path> firstFiles = Loads.dataFiles(out, LoadSpec.FileFormat.Parquet);
    assertThat(firstFiles).hasSize(1);

    // another load reads the same range from the same starts: the same digest, the same name, so
    // a run that did not commit and runs again replaces its files instead of adding to them
    Path again = dir.resolve("again");
    WorkerConfig other = load(name + "-b", topic, again).coalesce(1).build();
    ok(other);
    assertThat(Loads.dataFiles(again, LoadSpec.FileFormat.Parquet))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(firstFiles.get(0).getFileName().toString());
    assertThat(first.recordsWritten()).isEqualTo(40);

    Map<TopicPartition, Long> group =
        SharedKafka.committedOffsets(strict.spec().groupIdOrDefault(strict.load()));
    assertThat(group).containsEntry(new TopicPartition(topic, 0), 40L);
  }

  @Test
  void aLoadThatLostItsPositionsResumesAfterItsFiles() throws Exception {
    String topic = SharedKafka.createTopic("wm-lost", 2);
    produce(topic, 0, 60);
    Path out = dir.resolve("out");
    ok(load(SharedKafka.uniqueName("before"), topic, out).build());
    produce(topic, 60, 80);

    // the load with no stored positions (its offset store lost) over its own folder: the files
    // are its record of what was written, so it neither removes nor repeats them
    WorkerConfig lost = load(SharedKafka.uniqueName("after"), topic, out).build();
    Files.writeString(out.resolve(".kafkaload-owner"), lost.load().qualified() + "\n");
    RunReport after = ok(lost);

    assertThat(after.recordsRead()).isEqualTo(20);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(80)
        .doesNotHaveDuplicates();
  }
}
