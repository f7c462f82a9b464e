package io.kafkaload.worker.source.kafka.plan;

import static io.kafkaload.worker.source.kafka.plan.PlanFixture.ALL;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.EARLIEST;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.LATEST;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.NONE;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.T0;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.T1;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.T2;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.fails;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.ok;
import static io.kafkaload.worker.source.kafka.plan.PlanFixture.plan;
import static io.kafkaload.worker.source.kafka.plan.RunMode.BATCH;
import static io.kafkaload.worker.source.kafka.plan.RunMode.ONCE;
import static io.kafkaload.worker.source.kafka.plan.RunMode.STREAMING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where bounded runs stop: endingOffsets and ending timestamps, Spark's refusals for batch and
 * streaming runs, ends before starts, and maxRecordsPerRun (see {@link PlanFixture} for the topic).
 */
class OffsetPlannerEndTest {

  static Stream<Arguments> ends() {
    Map<TopicPartition, Long> stored = Map.of(T0, 40L, T1, 20L, T2, 5L);
    return Stream.of(
        ok(
            "endingOffsets json",
            Src.of().endingOffsets("{\"t\":{\"0\":60,\"1\":-1,\"2\":10}}"),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=60 1=50 2=10 | "),
        fails(
            "endingOffsets earliest",
            Src.of().endingOffsets("earliest"),
            BATCH,
            NONE,
            "spec.source.kafka.endingOffsets: ending offset can't be earliest for batch queries on Kafka"),
        fails(
            "endingOffsets json -2",
            Src.of().endingOffsets("{\"t\":{\"0\":-2,\"1\":-1,\"2\":-1}}"),
            BATCH,
            NONE,
            "ending offset for t-0 can't be earliest for batch queries on Kafka",
            "-1 (latest)"),
        fails(
            "endingOffsets past latest",
            Src.of().endingOffsets("{\"t\":{\"0\":101,\"1\":-1,\"2\":-1}}"),
            BATCH,
            NONE,
            "spec.source.kafka.endingOffsets: offset 101 for t-0 is past the partition's latest offset 100"),
        fails(
            "endingOffsets missing a partition",
            Src.of().endingOffsets("{\"t\":{\"0\":10}}"),
            BATCH,
            NONE,
            "spec.source.kafka.endingOffsets must give every partition",
            "missing [t-1, t-2]",
            "-1 (latest)"),
        fails(
            "endingOffsets, streaming",
            Src.of().endingOffsets("latest"),
            STREAMING,
            NONE,
            "spec.source.kafka.endingOffsets: ending offset not valid in streaming queries"),
        fails(
            "endingOffsets, once",
            Src.of().endingOffsets("latest"),
            ONCE,
            NONE,
            "spec.source.kafka.endingOffsets: ending offset not valid in streaming queries",
            "mode: Batch"),
        fails(
            "endingOffsetsByTimestamp, streaming",
            Src.of().endingOffsetsByTimestamp("{\"t\":{\"0\":1}}"),
            STREAMING,
            NONE,
            "spec.source.kafka.endingOffsetsByTimestamp: ending timestamp not valid in streaming queries"),
        fails(
            "endingTimestamp, once",
            Src.of().endingTimestamp(5),
            ONCE,
            NONE,
            "spec.source.kafka.endingTimestamp: ending timestamp not valid in streaming queries"),
        ok(
            "endingTimestamp, no match ends at latest",
            Src.of().endingTimestamp(1040),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=40 1=40 2=30 | "),
        ok(
            "endingOffsetsByTimestamp",
            Src.of().endingOffsetsByTimestamp("{\"t\":{\"0\":1060,\"1\":1005,\"2\":1099}}"),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=60 1=10 2=30 | "),
        ok(
            "timestamp range",
            Src.of().startingTimestamp(1020).endingTimestamp(1045),
            BATCH,
            NONE,
            "0=20 1=20 2=20 | 0=45 1=45 2=30 | "),
        fails(
            "ending timestamp before starting timestamp",
            Src.of().startingTimestamp(1020).endingTimestamp(1010),
            BATCH,
            NONE,
            "spec.source.kafka.endingTimestamp (1010) is before spec.source.kafka.startingTimestamp (1020)"),
        fails(
            "explicit end before explicit start",
            Src.of()
                .startingOffsets("{\"t\":{\"0\":50,\"1\":-2,\"2\":-2}}")
                .endingOffsets("{\"t\":{\"0\":20,\"1\":-1,\"2\":-1}}"),
            BATCH,
            NONE,
            "spec.source.kafka.endingOffsets: ending offset 20 for t-0 is before its starting offset 50"),
        ok(
            "end before a stored start reads nothing",
            Src.of().endingOffsets("{\"t\":{\"0\":30,\"1\":-1,\"2\":-1}}"),
            BATCH,
            stored,
            "0=40 1=20 2=5 | 0=40 1=50 2=30 | "),
        // maxRecordsPerRun: shares in proportion, exact total
        ok(
            "cap, even shares",
            Src.of().maxRecordsPerRun(17),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=10 1=14 2=3 | "),
        ok(
            "cap, largest remainders",
            Src.of().maxRecordsPerRun(10),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=6 1=12 2=2 | "),
        ok(
            "cap above the total",
            Src.of().maxRecordsPerRun(1000),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=100 1=50 2=30 | "),
        ok(
            "cap after stored positions",
            Src.of().maxRecordsPerRun(1),
            ONCE,
            Map.of(T0, 100L, T1, 50L, T2, 5L),
            "0=100 1=50 2=5 | 0=100 1=50 2=6 | "),
        fails(
            "cap, streaming",
            Src.of().maxRecordsPerRun(10),
            STREAMING,
            NONE,
            "spec.source.kafka.maxRecordsPerRun only bounds runs that stop"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ends")
  void plansTheEnd(
      String name,
      Src src,
      RunMode mode,
      Map<TopicPartition, Long> stored,
      boolean resumed,
      String expected,
      String[] fragments) {
    PlanFixture.check(src, mode, stored, resumed, expected, fragments);
  }

  @Test
  void notesExplainWhatThePlanDid() {
    PlanInput in =
        new PlanInput(
            ALL,
            new LinkedHashSet<>(ALL),
            EARLIEST,
            LATEST,
            Map.of(T0, 1L, T1, 11L),
            false,
            "x",
            PlanFixture::lookup);
    OffsetPlan plan =
        OffsetPlanner.plan(OffsetOptions.of(Src.of().maxRecordsPerRun(3).build()), BATCH, in);
    assertThat(plan.notes())
        .anySatisfy(
            n -> assertThat(n).contains("t-2 has no stored position (added since the last run)"))
        .anySatisfy(n -> assertThat(n).contains("maxRecordsPerRun 3"));
    assertThat(plan.offsets()).isEqualTo(3);
  }
}
