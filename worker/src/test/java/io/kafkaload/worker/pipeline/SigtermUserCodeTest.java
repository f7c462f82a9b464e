package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops the real worker process within the pod's grace period even while the load's SQL
 * never ends: the run gets its time to finish, then its SQL is stopped; the report says why and
 * nothing of the chunk is committed.
 */
class SigtermUserCodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kubernetes' default terminationGracePeriodSeconds, which the operator keeps. */
  private static final int GRACE_PERIOD_SECONDS = 30;

  @TempDir Path dir;

  private String log() throws Exception {
    return Files.readString(dir.resolve("out.log"));
  }

  @Test
  void aBatchRunWhoseSqlNeverEndsStopsWithinTheGracePeriod() throws Exception {
    String topic = SharedKafka.createTopic("sigterm-sql", 1);
    Loads.produceEvents(topic, 0, 50);
    String name = SharedKafka.uniqueName("sigterm-sql");
    Path out = dir.resolve("out");
    Path file =
        Loads.files(name, topic, out)
            .sql(UserCodeLimitsTest.NEVER_ENDS)
            .writeYaml(dir.resolve("load.yaml"));
    Path termination = Files.createFile(dir.resolve("termination-log"));
    Process p =
        WorkerProcess.start(
            dir,
            dir.resolve("out.log"),
            Map.of("KAFKALOAD_TERMINATION_LOG", termination.toString()),
            "run",
            "-f",
            file.toString());
    // the progress line is logged every 5 s: everything is read, the chunk's SQL is running
    await().atMost(Duration.ofSeconds(90)).until(() -> log().contains("read 50,"));

    p.destroy(); // SIGTERM

    assertThat(p.waitFor(GRACE_PERIOD_SECONDS, TimeUnit.SECONDS)).as("ended in time").isTrue();
    assertThat(p.exitValue()).as(log()).isIn(1, 143);
    JsonNode report = JSON.readTree(termination.toFile());
    assertThat(report.get("result").asText()).isEqualTo("Failed");
    assertThat(report.get("message").asText())
        .contains("stopped by SIGTERM")
        .contains("its SQL was stopped and the chunks it was writing were not committed");
    assertThat(Loads.dataFiles(out, LoadSpec.FileFormat.Parquet)).isEmpty();

    // nothing was committed: the next run reads every record again
    RunReport rerun =
        Loads.run(Loads.files(name, topic, out).sql("SELECT * FROM message").dir(dir).build());
    assertThat(rerun.result()).as(rerun.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(rerun.recordsRead()).isEqualTo(50);
  }
}
