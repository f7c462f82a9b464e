package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling a streaming load 1 -> 3 -> 1 real worker processes while events keep arriving: each
 * worker commits what it owns before giving partitions up, so nothing is lost or written twice.
 */
class RebalanceTest {
  @TempDir Path dir;

  @Test
  void scalingOneToThreeToOneUnderLoadLosesAndDuplicatesNothing() throws Exception {
    String topic = SharedKafka.createTopic("rebalance", 6);
    Path out = dir.resolve("out");
    String name = SharedKafka.uniqueName("scale");
    Path yaml =
        Loads.files(name, topic, out)
            .flush(null, 1)
            .streaming()
            .writeYaml(dir.resolve("load.yaml"));
    String group = "kafkaload.default." + name;

    Set<Long> valid = ConcurrentHashMap.newKeySet();
    AtomicLong produced = new AtomicLong();
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              while (producing.get()) {
                long first = produced.get();
                valid.addAll(Loads.produceEvents(topic, first, 600));
                produced.addAndGet(600);
                sleep(100);
              }
            },
            "test-producer");

    Process a = start("a", yaml);
    awaitLog("a", "assigned");
    producer.start();
    sleep(3_000);
    Process b = start("b", yaml);
    Process c = start("c", yaml);
    awaitLog("b", "assigned");
    awaitLog("c", "assigned");
    sleep(4_000);
    stop(b, "b");
    stop(c, "c");
    sleep(3_000);
    producing.set(false);
    producer.join();

    long total = produced.get();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(sum(SharedKafka.committedOffsets(group))).isEqualTo(total));
    stop(a, "a");

    List<Long> ids = Loads.eventIds(out, LoadSpec.FileFormat.Parquet);
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids).hasSize(valid.size());
    assertThat(new java.util.HashSet<>(ids)).isEqualTo(valid);
    assertThat(Loads.rejected(out)).doesNotHaveDuplicates().hasSize((int) (total - valid.size()));
    assertThat(total).isGreaterThan(10_000);
  }

  private Process start(String id, Path yaml) throws Exception {
    return WorkerProcess.start(
        dir, dir.resolve(id + ".log"), "run", "-f", yaml.toString(), "--metrics-port", "0");
  }

  private void awaitLog(String id, String text) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(dir.resolve(id + ".log")).contains(text));
  }

  private void stop(Process p, String id) throws Exception {
    p.destroy(); // SIGTERM: flush, commit, leave the group
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve(id + ".log"))).isIn(0, 143);
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
