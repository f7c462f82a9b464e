package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a newcomer meets first, through the real {@code kafkaload} process: demo, folders. */
class NewcomerCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private int kafkaload(String log, String... args) throws Exception {
    Process p = WorkerProcess.start(dir, dir.resolve(log), args);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private String log(String name) throws Exception {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void theDemoRunsAgainInTheSameFolder() throws Exception {
    assertThat(kafkaload("demo-1.log", "demo", "--events", "500")).as(log("demo-1.log")).isZero();
    assertThat(kafkaload("demo-2.log", "demo", "--events", "500")).as(log("demo-2.log")).isZero();

    assertThat(log("demo-2.log"))
        .contains("Starting clean: removed the previous demo's files")
        .contains("Rows in ")
        .doesNotContain("kafkaload: error");
    // a new broker's group coordinator is awaited: no "Offset commit failed" retry warnings
    assertThat(log("demo-1.log") + log("demo-2.log")).doesNotContain("ConsumerCoordinator");
    JsonNode second = JSON.readTree(dir.resolve("kafkaload-demo/run-1-report.json").toFile());
    assertThat(second.get("recordsRead").asLong()).isEqualTo(500);
    // what ran, as a command: the example with the demo's two overrides
    assertThat(log("demo-2.log"))
        .containsPattern(
            "java -jar \\S*kafkaload\\.jar run -f \\S*examples/kafkaload-batch-parquet\\.yaml"
                + " --bootstrap-servers HOST:9092 --files-path \\S*kafkaload-demo/events");
  }

  @Test
  void filesPathRunsAPodsLoadIntoALocalFolderKeepingTheSink() throws Exception {
    String topic = SharedKafka.createTopic("cli-files-path", 1);
    Loads.produceEvents(topic, 0, 200);
    Path podPath = dir.resolve("pod/var/lib/kafkaload/data");
    Path yaml =
        Loads.files(SharedKafka.uniqueName("files-path"), topic, podPath)
            .format(LoadSpec.FileFormat.Json)
            .partitionBy("event_type")
            .writeYaml(dir.resolve("load.yaml"));
    Path local = dir.resolve("local");

    int exit =
        kafkaload(
            "files-path.log",
            "run",
            "-f",
            yaml.toString(),
            "--metrics-port",
            "0",
            "--files-path",
            local.toString());

    assertThat(exit).as(log("files-path.log")).isZero();
    assertThat(podPath).doesNotExist();
    try (var files = Files.walk(local)) {
      List<Path> written =
          files
              .filter(f -> f.toString().matches(".*\\.jsonl?"))
              .filter(f -> !f.toString().contains("_rejected"))
              .filter(Files::isRegularFile)
              .toList();
      assertThat(written).isNotEmpty();
      // the sink's other fields are kept: JSON lines, in event_type=... folders
      assertThat(written)
          .allMatch(f -> f.getParent().getFileName().toString().startsWith("event_type="));
    }
  }

  @Test
  void theDemoLeavesAFolderOfAnotherLoadAlone() throws Exception {
    Path events = Files.createDirectories(dir.resolve("kafkaload-demo/events"));
    Files.writeString(events.resolve(".kafkaload-owner"), "prod/orders\n");
    Files.writeString(events.resolve("orders+0+1+2.parquet"), "x");

    assertThat(kafkaload("demo.log", "demo", "--events", "100")).isEqualTo(2);

    assertThat(log("demo.log")).contains("the load prod/orders").contains("--output");
    assertThat(events.resolve("orders+0+1+2.parquet")).exists();
  }

  @Test
  void aFolderOfAnotherLoadIsRefusedWithExitTwo() throws Exception {
    String topic = SharedKafka.createTopic("cli-owner", 1);
    Loads.produceEvents(topic, 0, 100);
    Path out = dir.resolve("shared");
    Path first = Loads.files("first-load", topic, out).writeYaml(dir.resolve("first.yaml"));
    Path second =
        Loads.files(SharedKafka.uniqueName("second"), topic, out)
            .writeYaml(dir.resolve("second.yaml"));

    List<String> common = new ArrayList<>(List.of("--metrics-port", "0"));
    assertThat(kafkaload("first.log", args("run", "-f", first.toString(), common))).isZero();
    assertThat(kafkaload("second.log", args("run", "-f", second.toString(), common))).isEqualTo(2);

    assertThat(log("second.log"))
        .contains("kafkaload: error: sink.files.path " + out.toRealPath())
        .contains("belongs to the load default/first-load");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void stoppingAStreamingRunWritesTheReportAndTheSummary(String signal) throws Exception {
    Assumptions.assumeFalse(
        signal.equals("INT") && ignoredHere(2),
        "SIGINT is ignored by this test's own process (started in the background by a shell"
            + " without job control): the worker inherits that and the JVM keeps it, so kill -INT"
            + " cannot reach it here");
    String topic = SharedKafka.createTopic("cli-stop-" + signal.toLowerCase(), 1);
    Path out = dir.resolve("out-" + signal);
    Path yaml =
        Loads.files(SharedKafka.uniqueName("stop"), topic, out)
            .streaming()
            .flush(null, 3600)
            .writeYaml(dir.resolve("stream-" + signal + ".yaml"));
    Path report = dir.resolve("report-" + signal + ".json");
    String log = "stream-" + signal + ".log";
    Process p =
        WorkerProcess.start(
            dir,
            dir.resolve(log),
            "run",
            "-f",
            yaml.toString(),
            "--metrics-port",
            "0",
            "--report-file",
            report.toString());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> log(log).contains("assigned"));
    Loads.produceEvents(topic, 0, 200);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> log(log).contains("read 200,"));

    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(report).as(log(log)).exists();
    JsonNode written = JSON.readTree(report.toFile());
    assertThat(written.get("result").asText()).isEqualTo("Succeeded");
    assertThat(written.get("recordsRead").asLong()).isEqualTo(200);
    assertThat(log(log)).contains(": Succeeded - read 200,");
  }

  /**
   * Whether signal {@code number} is ignored by this process (and so by the processes it starts).
   */
  private static boolean ignoredHere(int number) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
      }
    }
    return false;
  }

  @Test
  void anUnwritableReportFileFailsBeforeAnythingIsRead() throws Exception {
    String topic = SharedKafka.createTopic("cli-report", 1);
    Loads.produceEvents(topic, 0, 50);
    String name = SharedKafka.uniqueName("report");
    Path yaml = Loads.files(name, topic, dir.resolve("out")).writeYaml(dir.resolve("load.yaml"));
    Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");

    int exit =
        kafkaload(
            "run.log",
            "run",
            "-f",
            yaml.toString(),
            "--metrics-port",
            "0",
            "--report-file",
            notAFolder.resolve("report.json").toString());

    assertThat(exit).as(log("run.log")).isEqualTo(2);
    assertThat(log("run.log"))
        .contains("kafkaload: error: --report-file ")
        .contains("is not a folder")
        .doesNotContain("reading");
    assertThat(SharedKafka.committedOffsets("kafkaload.default." + name)).isEmpty();
  }

  @Test
  void aRunOverItsErrorBudgetLeavesNoUncommittedDataFiles() throws Exception {
    String topic = SharedKafka.createTopic("cli-budget", 1);
    Loads.produceEvents(topic, 0, 400); // about 1 % malformed
    Path out = dir.resolve("out");
    Path yaml =
        Loads.files(SharedKafka.uniqueName("budget"), topic, out)
            .set("spec.rejected.maxRejected", 0)
            .writeYaml(dir.resolve("load.yaml"));
    Path report = dir.resolve("report.json");

    int exit =
        kafkaload(
            "run.log",
            "run",
            "-f",
            yaml.toString(),
            "--metrics-port",
            "0",
            "--report-file",
            report.toString());

    assertThat(exit).as(log("run.log")).isEqualTo(1);
    JsonNode written = JSON.readTree(report.toFile());
    assertThat(written.get("message").asText()).contains("error budget exceeded");
    assertThat(written.get("files")).isEmpty();
    assertThat(Loads.dataFiles(out, LoadSpec.FileFormat.Parquet)).isEmpty();
    // the reasons stay for a look
    assertThat(written.get("rejectedFiles")).isNotEmpty();
  }

  @Test
  void aRunThatRejectsEveryRecordFailsWithoutABudget() throws Exception {
    String topic = SharedKafka.createTopic("cli-all-rejected", 1);
    Loads.produceEvents(topic, 0, 300);
    Path yaml =
        Loads.files(SharedKafka.uniqueName("cast"), topic, dir.resolve("out"))
            .sql("SELECT CAST(region AS INTEGER) AS r FROM message")
            .writeYaml(dir.resolve("load.yaml"));

    int exit = kafkaload("run.log", "run", "-f", yaml.toString(), "--metrics-port", "0");

    assertThat(exit).as(log("run.log")).isEqualTo(1);
    assertThat(log("run.log"))
        .contains("kafkaload: error: every one of the 300 records read was rejected")
        .contains("rejected.maxRejectedRatio: 1");
  }

  private static String[] args(String a, String b, String c, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(a, b, c));
    all.addAll(rest);
    return all.toArray(String[]::new);
  }
}
