package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A files sink's folder belongs to the load that wrote it ({@code .kafkaload-owner}): another load
 * over the same folder and topic is refused instead of resuming after files it never wrote, a
 * folder of unmarked files (an earlier version) is taken only by a load that has run before, and
 * {@code --adopt-folder} hands a folder over explicitly.
 */
class FolderOwnershipLoadTest {

  @TempDir Path dir;

  private static void produce(String topic, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String json = "{\"event_id\":" + i + "}";
      records.add(new ProducerRecord<>(topic, 0, null, json.getBytes(StandardCharsets.UTF_8)));
    }
    SharedKafka.produce(records);
  }

  private WorkerConfig config(String name, String topic, Path out) throws Exception {
    return Loads.files(name, topic, out).dir(dir).build();
  }

  private static RunReport run(WorkerConfig config, boolean adopt) {
    return new LoadRunner(config, new WorkerParts(adopt)).run();
  }

  @Test
  void aLoadNeverResumesAfterAnotherLoadsFiles() throws Exception {
    String topic = SharedKafka.createTopic("owner-two-loads", 1);
    produce(topic, 0, 50);
    Path out = dir.resolve("orders");
    WorkerConfig first = config(SharedKafka.uniqueName("validated"), topic, out);
    assertThat(run(first, false).result()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(Files.readString(out.resolve(".kafkaload-owner")).strip())
        .isEqualTo(first.load().qualified());
    List<Path> before = Loads.dataFiles(out, LoadSpec.FileFormat.Parquet);

    WorkerConfig second = config(SharedKafka.uniqueName("file-offsets"), topic, out);
    LoadRunner runner = new LoadRunner(second, new WorkerParts());
    RunReport refused = runner.run();

    assertThat(refused.result()).isEqualTo(RunReport.FAILED);
    assertThat(runner.cannotRun()).isTrue();
    assertThat(refused.message())
        .contains("belongs to the load " + first.load().qualified())
        .contains("give each load its own sink.files.path")
        .contains("--adopt-folder");
    assertThat(refused.recordsRead()).isZero();
    assertThat(Loads.dataFiles(out, LoadSpec.FileFormat.Parquet)).isEqualTo(before);
  }

  @Test
  void adoptingAFolderTakesItsFilesAsTheLoadsOwn() throws Exception {
    String topic = SharedKafka.createTopic("owner-adopt", 1);
    produce(topic, 0, 60);
    Path out = dir.resolve("out");
    assertThat(run(config(SharedKafka.uniqueName("old-name"), topic, out), false).result())
        .isEqualTo(RunReport.SUCCEEDED);
    produce(topic, 60, 80);

    // a renamed load, told to adopt the folder: the files are its record of what was written
    WorkerConfig renamed = config(SharedKafka.uniqueName("new-name"), topic, out);
    RunReport adopted = run(renamed, true);

    assertThat(adopted.result()).as(adopted.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(adopted.recordsRead()).isEqualTo(20);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(80)
        .doesNotHaveDuplicates();
    assertThat(Files.readString(out.resolve(".kafkaload-owner")).strip())
        .isEqualTo(renamed.load().qualified());
  }

  @Test
  void unmarkedFilesAreTakenOnlyByALoadThatRanBefore() throws Exception {
    String topic = SharedKafka.createTopic("owner-legacy", 1);
    produce(topic, 0, 30);
    Path out = dir.resolve("legacy");
    WorkerConfig old = config(SharedKafka.uniqueName("upgraded"), topic, out);
    assertThat(run(old, false).result()).isEqualTo(RunReport.SUCCEEDED);
    // as an earlier version left it: data files, no marker
    Files.delete(out.resolve(".kafkaload-owner"));
    produce(topic, 30, 40);

    RunReport stranger = run(config(SharedKafka.uniqueName("stranger"), topic, out), false);
    assertThat(stranger.result()).isEqualTo(RunReport.FAILED);
    assertThat(stranger.message())
        .contains("no .kafkaload-owner file")
        .contains("has no stored positions")
        .contains("--adopt-folder");
    assertThat(Files.exists(out.resolve(".kafkaload-owner"))).isFalse();

    RunReport upgraded = run(old, false);
    assertThat(upgraded.result()).as(upgraded.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(upgraded.recordsRead()).isEqualTo(10);
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .hasSize(40)
        .doesNotHaveDuplicates();
    assertThat(Files.readString(out.resolve(".kafkaload-owner")).strip())
        .isEqualTo(old.load().qualified());
  }
}
