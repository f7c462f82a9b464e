package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.pipeline.RunStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress text, and how it is drawn in place on a terminal. */
class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private static Progress.Sample at(
      double seconds, long read, long written, long rejected, long filtered, long planned) {
    return new Progress.Sample(
        (long) (seconds * SECOND), read, written, rejected, filtered, planned);
  }

  @Test
  void boundedRunShowsCountsRateOverTheIntervalAndPercentOfThePlan() {
    Progress.Sample before = at(10, 100_000, 90_000, 1_000, 0, 195_000);
    Progress.Sample now = at(15, 220_000, 210_000, 2_000, 0, 195_000 * 2);

    assertThat(Progress.line(before, now))
        .isEqualTo("read 220000, written 210000, rejected 2000, 24000 records/s, 56.4% of 390000");
  }

  @Test
  void unboundedRunHasNoPercent() {
    assertThat(Progress.line(at(0, 0, 0, 0, 0, -1), at(1, 500, 400, 0, 0, -1)))
        .isEqualTo("read 500, written 400, rejected 0, 500 records/s");
  }

  @Test
  void filteredAppearsOnceThereAreAny() {
    assertThat(Progress.line(at(0, 0, 0, 0, 0, -1), at(2, 10, 6, 1, 3, -1)))
        .isEqualTo("read 10, written 6, rejected 1, filtered 3, 5 records/s");
  }

  @Test
  void percentNeverPassesAHundredAndAnEmptyPlanIsDone() {
    // transaction markers occupy offsets without being read: read can also exceed a re-plan
    assertThat(Progress.line(at(0, 0, 0, 0, 0, 100), at(1, 120, 120, 0, 0, 100)))
        .endsWith(", 100.0% of 100");
    assertThat(Progress.line(at(0, 0, 0, 0, 0, 0), at(1, 0, 0, 0, 0, 0)))
        .isEqualTo("read 0, written 0, rejected 0, 0 records/s, 100.0% of 0");
  }

  @Test
  void rateUsesTheRealIntervalAndSurvivesAZeroOne() {
    assertThat(Progress.rate(at(0, 0, 0, 0, 0, -1), at(0.5, 1_000, 0, 0, 0, -1))).isEqualTo(2_000);
    assertThat(Progress.rate(at(3, 0, 0, 0, 0, -1), at(3, 1_000, 0, 0, 0, -1))).isZero();
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndEndedOnClose() throws Exception {
    RunStats stats = new RunStats();
    stats.plannedRecords(4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress progress = Progress.start("ns/load", stats, terminal);
    long deadline = System.currentTimeMillis() + 10_000;
    while (bytes.size() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    progress.close();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\rread 0, written 0, rejected 0, 0 records/s, 0.0% of 4\r");
    assertThat(out).endsWith("\r" + System.lineSeparator()).doesNotContain("ns/load");
  }
}
