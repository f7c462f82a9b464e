package io.kafkaload.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RunReportsTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"not json", "[1,2]", "42", "{\"message\":\"no result\"}", "{\"result\":null}"})
  void notAReport(String message) {
    assertThat(RunReports.parse("job", message)).isEmpty();
  }

  @Test
  void truncatedReportStillGivesCounts() {
    var run =
        RunReports.parse(
                "job",
                "{\"result\":\"Succeeded\",\"truncated\":true,\"recordsRead\":3,"
                    + "\"recordsWritten\":2,\"recordsRejected\":0,\"recordsFiltered\":1}")
            .orElseThrow();
    assertThat(run.getRecordsRead()).isEqualTo(3);
    assertThat(run.getRecordsWritten()).isEqualTo(2);
    assertThat(run.getRecordsFiltered()).isEqualTo(1);
    assertThat(run.getMessage()).isNull();
  }

  @Test
  void longMessagesAreCut() {
    String message = "x".repeat(5000);
    var run = RunReports.parse("job", "{\"result\":\"Failed\",\"message\":\"" + message + "\"}");
    assertThat(run.orElseThrow().getMessage()).hasSize(RunReports.MAX_MESSAGE).endsWith("...");
  }
}
