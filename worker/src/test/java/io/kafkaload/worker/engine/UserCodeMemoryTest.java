package io.kafkaload.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    String yaml =
        Loads.yaml(
            SharedKafka.uniqueName("limits-value"),
            topic,
            out,
            "      format: Avro\n",
            "  transform:\n"
                + "    sql: SELECT m.*, repeat('x', 200000000) AS big FROM message m\n");
    Path file = dir.resolve("load.yaml");
    Files.writeString(file, yaml);
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

  private static List<Path> dataFiles(Path out) throws Exception {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".avro")).toList();
    }
  }
}
