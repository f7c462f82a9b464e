package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of the real worker process in the middle of a run, then a re-run: no row missing, no row
 * twice, every malformed record rejected exactly once, for each offset store.
 */
class KillAndRerunTest {
  private static final int EVENTS = 100_000;

  @TempDir Path dir;

  @ParameterizedTest
  // Sink keeps positions in table sinks (issue 5), not with files
  @EnumSource(
      value = LoadSpec.OffsetStoreKind.class,
      names = "Sink",
      mode = EnumSource.Mode.EXCLUDE)
  void rerunAfterKillLeavesNoGapAndNoDuplicate(LoadSpec.OffsetStoreKind store) throws Exception {
    long seed = System.nanoTime();
    System.out.println("KillAndRerunTest " + store + " seed=" + seed);
    Random random = new Random(seed);
    String topic = SharedKafka.createTopic("kill", 2);
    Set<Long> valid = Loads.produceEvents(topic, 0, EVENTS);
    Path out = dir.resolve("out");
    Path yaml = dir.resolve("load.yaml");
    Files.writeString(yaml, yaml(SharedKafka.uniqueName("kill"), topic, out, store));

    Process first =
        WorkerProcess.start(dir, dir.resolve("run-1.log"), "run", "-f", yaml.toString());
    waitForFirstDataFile(out, first);
    Thread.sleep(random.nextInt(400));
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Process second =
        WorkerProcess.start(
            dir,
            dir.resolve("run-2.log"),
            "run",
            "-f",
            yaml.toString(),
            "--report-file",
            dir.resolve("report.json").toString());
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("run-2.log"))).isZero();

    List<Long> ids = Loads.eventIds(out, LoadSpec.FileFormat.Parquet);
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(valid);
    assertThat(Loads.rejected(out)).doesNotHaveDuplicates().hasSize(EVENTS - valid.size());
    try (Stream<Path> left = Files.walk(out)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  private static void waitForFirstDataFile(Path out, Process process) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      if (Files.isDirectory(out)) {
        try (Stream<Path> files = Files.list(out)) {
          if (files.anyMatch(p -> p.toString().endsWith(".parquet"))) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the worker wrote no file before it ended or the timeout");
  }

  private static String yaml(String name, String topic, Path out, LoadSpec.OffsetStoreKind store) {
    return Loads.files(name, topic, out).flush(4000L, null).offsets(store).yaml();
  }
}
