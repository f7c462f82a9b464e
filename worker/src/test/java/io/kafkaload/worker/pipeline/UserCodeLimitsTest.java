package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load's own SQL runs within limits (RELIABILITY.md R8): a query that never ends is stopped at
 * {@code spec.limits.sqlTimeoutSeconds}, one that multiplies rows at {@code
 * spec.limits.maxChunkOutputBytes}; either fails the run with a reason naming the limit, writes no
 * file and commits no position, so the next run reads the same records again.
 */
class UserCodeLimitsTest {

  /** Counts to 10^15 for every chunk: it would run for days. */
  static final String NEVER_ENDS =
      "SELECT m.* FROM message m WHERE (SELECT count(*) FROM range(1000000000000000)) > 0";

  @TempDir Path dir;

  private WorkerConfig config(String name, String topic, Path out, UnaryOperator<TestLoads> spec)
      throws Exception {
    return spec.apply(Loads.files(name, topic, out).dir(dir)).build();
  }

  /** {@code sql} as the transform, {@code limits} (YAML) as {@code spec.limits}. */
  private static UnaryOperator<TestLoads> transform(String sql, String limits) {
    return load -> load.sql(sql).yaml("spec.limits", limits);
  }

  @Test
  void sqlThatNeverEndsFailsTheRunAtTheDeadlineAndCommitsNothing() throws Exception {
    String topic = SharedKafka.createTopic("limits-time", 1);
    Loads.produceEvents(topic, 0, 50);
    String name = SharedKafka.uniqueName("limits-time");
    Path out = dir.resolve("out");

    WorkerConfig stuck =
        config(name, topic, out, transform(NEVER_ENDS, "    sqlTimeoutSeconds: 2\n"));
    // "it never ends" is the defect: a generous bound, not a timing
    RunReport report = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> Loads.run(stuck));

    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message())
        .contains("the load's SQL ran longer than spec.limits.sqlTimeoutSeconds (2 s) on chunk")
        .contains("nothing of the chunk was committed; raise spec.limits.sqlTimeoutSeconds");
    assertThat(report.recordsWritten()).isZero();
    assertThat(dataFiles(out)).isEmpty();

    // nothing was committed: the next run, with SQL that ends, reads every record again
    RunReport rerun =
        Loads.run(config(name, topic, out, load -> load.sql("SELECT * FROM message")));
    assertThat(rerun.result()).as(rerun.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(rerun.recordsRead()).isEqualTo(50);
  }

  @Test
  void sqlThatMultipliesRowsFailsTheRunAtTheByteLimitBeforeTheDiskFills() throws Exception {
    String topic = SharedKafka.createTopic("limits-bytes", 1);
    Loads.produceEvents(topic, 0, 50);
    Path out = dir.resolve("out");
    // 50 records x 400,000 = 20 million rows; random text so the file cannot compress them away
    WorkerConfig multiplying =
        config(
            SharedKafka.uniqueName("limits-bytes"),
            topic,
            out,
            transform(
                "SELECT m.*, r.range AS copy, md5(random()::VARCHAR) AS noise FROM message m,"
                    + " range(400000) r",
                "    maxChunkOutputBytes: 2000000\n    maxRowsPerInputRow: 1000000\n"));

    RunReport report =
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> Loads.run(multiplying));

    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message())
        .contains(
            "the load's SQL wrote more than spec.limits.maxChunkOutputBytes (2000000 bytes) for"
                + " chunk")
        .contains("raise spec.limits.maxChunkOutputBytes, or check that the SQL does not multiply");
    assertThat(dataFiles(out)).isEmpty();
    // what the stopped query had written is gone too
    assertThat(bytesUnder(out)).isLessThan(2_000_000L * 4);
  }

  @Test
  void sqlThatReturnsTooManyRowsPerInputRowFailsTheRunAndWritesNothing() throws Exception {
    String topic = SharedKafka.createTopic("limits-rows", 1);
    Loads.produceEvents(topic, 0, 50);
    Path out = dir.resolve("out");
    // 11 rows for each record, against a limit of 10
    WorkerConfig multiplying =
        config(
            SharedKafka.uniqueName("limits-rows"),
            topic,
            out,
            transform(
                "SELECT m.*, r.range AS copy FROM message m, range(11) r",
                "    maxRowsPerInputRow: 10\n"));

    RunReport report = Loads.run(multiplying);

    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message())
        .startsWith(
            "the load's SQL returned more than spec.limits.maxRowsPerInputRow (10) rows per input"
                + " row on chunk ")
        .endsWith(
            "so it was stopped and nothing of the chunk was committed; raise"
                + " spec.limits.maxRowsPerInputRow, or check that the SQL does not multiply rows (a"
                + " join with a large range or table)");
    assertThat(dataFiles(out)).isEmpty();

    // at the limit, the same SQL loads
    WorkerConfig ten =
        config(
            SharedKafka.uniqueName("limits-rows"),
            topic,
            dir.resolve("out10"),
            transform(
                "SELECT m.*, r.range AS copy FROM message m, range(10) r",
                "    maxRowsPerInputRow: 10\n"));
    RunReport loaded = Loads.run(ten);
    assertThat(loaded.result()).as(loaded.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(loaded.recordsWritten())
        .isEqualTo(10 * (loaded.recordsRead() - loaded.recordsRejected()));
  }

  @Test
  void sqlThatReturnsAValueBiggerThanTheLimitFailsTheRunNamingTheColumn() throws Exception {
    String topic = SharedKafka.createTopic("limits-value", 1);
    Loads.produceEvents(topic, 0, 50);
    // a text, and a list whose text form is past 1000 bytes though each of its items is not
    for (String[] c :
        new String[][] {
          {"repeat('x', 1001) AS big", "\"big\""},
          {"[repeat('y', 600), repeat('y', 600)] AS many", "\"many\""}
        }) {
      Path out = dir.resolve("out-" + System.nanoTime());
      WorkerConfig huge =
          config(
              SharedKafka.uniqueName("limits-value"),
              topic,
              out,
              transform("SELECT m.*, " + c[0] + " FROM message m", "    maxValueBytes: 1000\n"));

      RunReport report = Loads.run(huge);

      assertThat(report.result()).as(report.message()).isEqualTo(RunReport.FAILED);
      assertThat(report.message())
          .startsWith(
              "the load's SQL returned a value of more than spec.limits.maxValueBytes (1000"
                  + " bytes) in column "
                  + c[1]
                  + " on chunk ")
          .endsWith(
              "so it was stopped and nothing of the chunk was committed; raise"
                  + " spec.limits.maxValueBytes (the worker holds a few such values at once: give"
                  + " it the memory, worker.resources.limits.memory), or check that the SQL does"
                  + " not build huge values (repeat, lpad, string_agg, list aggregates)");
      assertThat(dataFiles(out)).isEmpty();
    }

    // at the limit, the same SQL loads
    RunReport loaded =
        Loads.run(
            config(
                SharedKafka.uniqueName("limits-value"),
                topic,
                dir.resolve("out-1000"),
                transform(
                    "SELECT m.*, repeat('x', 1000) AS big FROM message m",
                    "    maxValueBytes: 1000\n")));
    assertThat(loaded.result()).as(loaded.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(loaded.recordsWritten()).isPositive();
  }

  private static java.util.List<Path> dataFiles(Path out) throws Exception {
    return Loads.dataFiles(out, LoadSpec.FileFormat.Parquet);
  }

  private static long bytesUnder(Path out) throws IOException {
    if (!Files.exists(out)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
