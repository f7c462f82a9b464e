package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.testkit.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafkaload load} with Starlake's flags runs the load they describe, on the real broker. */
class LoadCommandRunTest {
  @TempDir Path dir;

  @Test
  void starlakeFlagsOverrideTheLoadOfTheConfigFile() throws Exception {
    String topic = SharedKafka.createTopic("starlake", 1);
    SharedKafka.produce(topic, 50);
    Path config =
        TestLoads.files(topic, dir.resolve("not-here"))
            .name(SharedKafka.uniqueName("starlake"))
            .bootstrap("localhost:1")
            .format(LoadSpec.FileFormat.Parquet)
            .writeYaml(dir.resolve("load.yaml"));
    Path out = dir.resolve("out");
    Path report = dir.resolve("report.json");
    StringWriter err = new StringWriter();

    int status =
        KafkaloadCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "load",
                "--config",
                config.toString(),
                "--write-path",
                out.toString(),
                "--write-format",
                "json",
                "--write-mode",
                "APPEND",
                "--write-options",
                "maxRecordsPerFile=20",
                "--options",
                "kafka.bootstrap.servers=" + SharedKafka.bootstrapServers(),
                "--offsets-dir",
                dir.resolve("offsets").toString(),
                "--metrics-port",
                "0",
                "--report-file",
                report.toString());

    assertThat(status).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("recordsWritten").asLong()).isEqualTo(50);
    try (Stream<Path> files = Files.list(out)) {
      List<String> names =
          files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
      // JSON lines, closed every 20 records (maxRecordsPerFile -> sink.flush.maxRecords)
      assertThat(names).hasSize(3).allMatch(n -> n.endsWith(".jsonl"));
    }
    assertThat(dir.resolve("not-here")).doesNotExist();
  }
}
