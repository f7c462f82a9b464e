package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code kafkaload run} process: exit codes, one-line reasons, reports, SIGTERM. */
class CliProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static TestLoads load(String topic, Path out) {
    return Loads.files(SharedKafka.uniqueName("cli"), topic, out);
  }

  private Process run(TestLoads load, Map<String, String> env, String... extraArgs)
      throws Exception {
    Path file = load.writeYaml(dir.resolve("load.yaml"));
    List<String> args = new java.util.ArrayList<>(List.of("run", "-f", file.toString()));
    args.addAll(List.of(extraArgs));
    return WorkerProcess.start(dir, dir.resolve("out.log"), env, args.toArray(String[]::new));
  }

  private String log() throws Exception {
    return Files.readString(dir.resolve("out.log"));
  }

  @Test
  void successWritesReportFileAndTerminationMessage() throws Exception {
    String topic = SharedKafka.createTopic("cli", 1);
    Set<Long> valid = Loads.produceEvents(topic, 0, 300);
    Path termination = dir.resolve("termination-log");
    Files.createFile(termination);
    Process p =
        run(
            load(topic, dir.resolve("out")),
            Map.of("KAFKALOAD_TERMINATION_LOG", termination.toString()),
            "--report-file",
            dir.resolve("report.json").toString());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log()).isZero();

    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("result").asText()).isEqualTo("Succeeded");
    assertThat(report.get("recordsRead").asLong()).isEqualTo(300);
    assertThat(report.get("recordsWritten").asLong()).isEqualTo(valid.size());
    assertThat(report.get("recordsRejected").asLong()).isEqualTo(300 - valid.size());
    assertThat(report.get("partitions").get(0).get("endOffset").asLong()).isEqualTo(300);
    assertThat(report.get("files")).isNotEmpty();

    byte[] message = Files.readAllBytes(termination);
    assertThat(message.length).isPositive().isLessThanOrEqualTo(4096);
    assertThat(JSON.readTree(message).get("recordsWritten").asLong()).isEqualTo(valid.size());
    assertThat(log()).contains("Succeeded - read 300");
  }

  @Test
  void invalidSpecExitsTwoWithOneLineNamingTheField() throws Exception {
    Process p = run(load("t", dir.resolve("out")).set("spec.offsets.store", "Database"), Map.of());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(log().lines().filter(l -> l.startsWith("kafkaload: error: ")))
        .singleElement()
        .asString()
        .contains("spec.offsets.store: 'Database' is not one of Topic, File, Group");
  }

  @Test
  void missingTopicFailsTheRunWithAReason() throws Exception {
    String topic = "no-such-topic-" + System.nanoTime();
    Process p = run(load(topic, dir.resolve("out")), Map.of());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // a load of a topic that does not exist cannot run as configured
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(log()).contains(topic);
    assertThat(log().lines().filter(l -> l.startsWith("kafkaload: error: ")))
        .singleElement()
        .asString()
        .contains("spec.source.kafka.topics")
        .contains("create the topic or fix the name");
  }

  @Test
  void streamingWorkerCommitsEverythingOnSigterm() throws Exception {
    String topic = SharedKafka.createTopic("cli-stream", 2);
    Path out = dir.resolve("out");
    Process p = run(load(topic, out).flush(null, 3600).streaming(), Map.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("assigned"));
    Set<Long> valid = Loads.produceEvents(topic, 0, 1_000);
    // the progress line is logged every 5 s: wait until the worker has read everything
    await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("read 1000,"));
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet)).isEmpty();

    p.destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // 143 = 128 + SIGTERM: the JVM reports the signal once the hook let the run finish
    assertThat(p.exitValue()).as(log()).isIn(0, 143);
    assertThat(log()).contains("stopping, flushing");
    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Parquet))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(valid);
  }
}
