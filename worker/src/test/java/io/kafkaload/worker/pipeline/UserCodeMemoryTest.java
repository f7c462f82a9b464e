package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load's SQL cannot make a value bigger than {@code spec.limits.maxValueBytes} (RELIABILITY.md
 * R8): DuckDB fails the query at the first such value, before the Java side reads it, so a worker
 * with a small heap fails the run with the reason instead of running out of memory.
 */
class UserCodeMemoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aHugeValueFailsTheRunWithTheLimitInsteadOfExhaustingTheHeap() throws Exception {
    String topic = SharedKafka.createTopic("limits-value", 1);
    SharedKafka.produce(topic, 1);
    Path out = dir.resolve("out");
    // a 200 MB text: a 128 MiB heap cannot hold it, as reading it into Java would
    Path file =
        Loads.files(SharedKafka.uniqueName("limits-value"), topic, out)
            .format(LoadSpec.FileFormat.Avro)
            .sql("SELECT m.*, repeat('x', 200000000) AS big FROM message m")
            .writeYaml(dir.resolve("load.yaml"));
    Path report = dir.resolve("report.json");
    Process p =
        WorkerProcess.startWithHeap(
            dir,
            dir.resolve("out.log"),
            Map.of(),
            "128m",
            "run",
            "-f",
            file.toString(),
            "--report-file",
            report.toString());
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("out.log"));

    // before the limit, the heap ran out and DuckDB's driver reported "Java heap space" as the
    // record's transform error: the record was rejected and the run succeeded
    assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
    assertThat(p.exitValue()).as(log).isNotZero();
    JsonNode result = JSON.readTree(report.toFile());
    assertThat(result.get("result").asText()).isEqualTo("Failed");
    assertThat(result.get("message").asText())
        .startsWith(
            "the load's SQL returned a value of more than spec.limits.maxValueBytes (67108864"
                + " bytes) in column \"big\" on chunk ")
        .contains("nothing of the chunk was committed; raise spec.limits.maxValueBytes");
    assertThat(result.get("recordsWritten").asLong()).isZero();
    assertThat(result.get("recordsRejected").asLong()).isZero();
    assertThat(dataFiles(out)).isEmpty();
  }

  /** A 768 MiB container, as the JVM would see it in a pod with that limit. */
  private static final long POD = 768L << 20;

  @Test
  void aValueBuiltPastTheWorkersMemoryFailsTheRunInsteadOfGettingItKilled() throws Exception {
    String topic = SharedKafka.createTopic("limits-memory", 1);
    SharedKafka.produce(topic, 1);
    Path out = dir.resolve("out");
    // DuckDB builds the 1.5 GB text outside its memory_limit, before any check of the result can
    // see it (length() returns a number, so maxValueBytes has nothing to check): only the
    // process's own limit can stop it. Before, the worker's resident memory went past 3 GB, which
    // a 768 MiB pod answers with an OOM kill and no reason.
    Worker worker =
        start("SELECT m.*, length(repeat('x', 1500000000)) AS big FROM message m", topic, out);

    assertThat(worker.exit).as(worker.log).isNotZero();
    assertThat(worker.dataLimit).as(worker.log).isEqualTo(POD + (256L << 20));
    assertThat(worker.log).contains("memory: private memory bounded to 1024 MiB");
    assertThat(worker.peakResident).as(worker.log).isLessThan(POD);
    JsonNode result = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(result.get("result").asText()).isEqualTo("Failed");
    assertThat(result.get("message").asText())
        .startsWith(
            "DuckDB ran out of the worker's memory (768 MiB, worker.resources.limits.memory) on"
                + " chunk ")
        .contains("Out of Memory Error")
        .contains("so nothing of the chunk was committed");
    assertThat(result.get("recordsWritten").asLong()).isZero();
    assertThat(result.get("recordsRejected").asLong()).isZero();
  }

  @Test
  void anOrdinaryLoadRunsUnderTheSameBound() throws Exception {
    String topic = SharedKafka.createTopic("limits-memory-ok", 2);
    Loads.produceEvents(topic, 0, 20_000);
    Path out = dir.resolve("out");
    Worker worker =
        start(
            "SELECT m.*, upper(m.region) AS r, repeat('y', 1000) AS pad FROM message m"
                + " ORDER BY m.event_id",
            topic,
            out);

    assertThat(worker.exit).as(worker.log).isZero();
    assertThat(worker.dataLimit).isEqualTo(POD + (256L << 20));
    JsonNode result = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(result.get("result").asText()).isEqualTo("Succeeded");
    assertThat(result.get("recordsWritten").asLong() + result.get("recordsRejected").asLong())
        .isEqualTo(20_000);
  }

  /** A worker run's exit status, log, the data limit it ran with and its peak resident memory. */
  private record Worker(int exit, String log, long dataLimit, long peakResident) {}

  /**
   * Runs the load with {@code sql} in a worker process that sees a container limit of {@link #POD}.
   */
  private Worker start(String sql, String topic, Path out) throws Exception {
    Path file =
        Loads.files(SharedKafka.uniqueName("limits-memory"), topic, out)
            .sql(sql)
            .writeYaml(dir.resolve("load.yaml"));
    Process p =
        WorkerProcess.startWithJvm(
            dir,
            dir.resolve("out.log"),
            Map.of(),
            List.of("-Xmx256m", "-Dkafkaload.memoryLimitBytes=" + POD),
            "run",
            "-f",
            file.toString(),
            "--metrics-port",
            "0",
            "--report-file",
            dir.resolve("report.json").toString());
    Path proc = Path.of("/proc", Long.toString(p.pid()));
    long peak = 0;
    long dataLimit = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("the worker did not end in 180 s");
      }
      try {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
          if (line.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")) << 10);
          }
        }
        for (String line : Files.readAllLines(proc.resolve("limits"))) {
          String soft = line.startsWith("Max data size") ? line.substring(13).strip() : "";
          if (!soft.isEmpty() && !soft.startsWith("unlimited")) {
            dataLimit = Long.parseLong(soft.split("\\s+")[0]);
          }
        }
      } catch (java.io.IOException | NumberFormatException gone) {
        // the process ended between two looks
      }
    }
    return new Worker(p.exitValue(), Files.readString(dir.resolve("out.log")), dataLimit, peak);
  }

  private static List<Path> dataFiles(Path out) throws Exception {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".avro")).toList();
    }
  }
}
