package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.pipeline.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report file is checked before a run, and failing to write it after one is a warning. */
class ReportWriterTest {
  @TempDir Path dir;

  private static RunReport succeeded(long filtered) {
    return new RunReport(
        "ns/load",
        RunReport.SUCCEEDED,
        "read 10",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:01Z",
        10,
        6,
        1,
        filtered,
        List.of(),
        null,
        List.of(),
        List.of(),
        null);
  }

  @Test
  void aReportFileInAPathThatIsAFileIsRefusedBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> ReportWriter.checkWritable(file.resolve("report.json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--report-file")
        .hasMessageContaining("is not a folder");
    assertThatThrownBy(() -> ReportWriter.checkWritable(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a folder");
  }

  @Test
  void aReportThatCannotBeWrittenAfterTheRunIsAWarningWithTheSummary() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream err = System.err;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      ReportWriter.writeOrWarn(
          succeeded(3),
          file.resolve("report.json"),
          Optional.empty(),
          new PrintStream(out, true, StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("ns/load: Succeeded - read 10, written 6, rejected 1, filtered 3");
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .contains("kafkaload: warning: the run report could not be written to")
        .contains("not a folder");
  }
}
