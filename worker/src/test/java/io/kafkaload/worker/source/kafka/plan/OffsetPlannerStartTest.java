package io.kafkaload.worker.source.kafka.plan;

import static io.kafkaload.worker.config.LoadSpec.TimestampStrategy.Latest;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where runs start: defaults, startingOffsets, timestamps and their priority, stored positions,
 * partitions added since the last run, retention gaps and failOnDataLoss (see {@link PlanFixture}
 * for the topic).
 */
class OffsetPlannerStartTest {

  static Stream<Arguments> starts() {
    Map<TopicPartition, Long> stored = Map.of(T0, 40L, T1, 20L, T2, 5L);
    return Stream.of(
        // defaults: earliest to latest
        ok("batch default", Src.of(), BATCH, NONE, "0=0 1=10 2=0 | 0=100 1=50 2=30 | "),
        ok("streaming default", Src.of(), STREAMING, NONE, "0=0 1=10 2=0 | - | "),
        ok("once default", Src.of(), ONCE, NONE, "0=0 1=10 2=0 | 0=100 1=50 2=30 | "),
        // startingOffsets
        ok(
            "latest, streaming",
            Src.of().startingOffsets("latest"),
            STREAMING,
            NONE,
            "0=100 1=50 2=30 | - | "),
        ok(
            "LATEST any case, once",
            Src.of().startingOffsets(" LATEST "),
            ONCE,
            NONE,
            "0=100 1=50 2=30 | 0=100 1=50 2=30 | "),
        fails(
            "latest, batch",
            Src.of().startingOffsets("latest"),
            BATCH,
            NONE,
            "spec.source.kafka.startingOffsets: starting offset can't be latest for batch queries on Kafka",
            "mode: Streaming"),
        ok(
            "json with -2",
            Src.of().startingOffsets("{\"t\":{\"0\":5,\"1\":-2,\"2\":-2}}"),
            BATCH,
            NONE,
            "0=5 1=10 2=0 | 0=100 1=50 2=30 | "),
        ok(
            "json with -1, streaming",
            Src.of().startingOffsets("{\"t\":{\"0\":-1,\"1\":12,\"2\":-2}}"),
            STREAMING,
            NONE,
            "0=100 1=12 2=0 | - | "),
        fails(
            "json with -1, batch",
            Src.of().startingOffsets("{\"t\":{\"0\":-1,\"1\":12,\"2\":-2}}"),
            BATCH,
            NONE,
            "startingOffsets for t-0 can't be latest for batch queries on Kafka",
            "-2 (earliest)"),
        fails(
            "json missing a partition",
            Src.of().startingOffsets("{\"t\":{\"0\":5,\"1\":-2}}"),
            BATCH,
            NONE,
            "spec.source.kafka.startingOffsets must give every partition",
            "missing [t-2]",
            "-2 (earliest)"),
        fails(
            "json names a partition that does not exist",
            Src.of().startingOffsets("{\"t\":{\"0\":5,\"1\":-2,\"2\":0,\"7\":0}}"),
            BATCH,
            NONE,
            "spec.source.kafka.startingOffsets names partition t-7, which does not exist (t has partitions 0, 1, 2)"),
        fails(
            "json names another topic",
            Src.of().startingOffsets("{\"t\":{\"0\":5,\"1\":-2,\"2\":0},\"u\":{\"0\":1}}"),
            BATCH,
            NONE,
            "names topic u, which the load does not read"),
        fails(
            "json offset deleted by retention",
            Src.of().startingOffsets("{\"t\":{\"0\":0,\"1\":3,\"2\":0}}"),
            BATCH,
            NONE,
            "data loss: offsets [3, 10) of t-1 were deleted by retention",
            "spec.source.kafka.failOnDataLoss: false"),
        ok(
            "json offset deleted by retention, failOnDataLoss false",
            Src.of().startingOffsets("{\"t\":{\"0\":0,\"1\":3,\"2\":0}}").failOnDataLoss(false),
            BATCH,
            NONE,
            "0=0 1=10 2=0 | 0=100 1=50 2=30 | t-1[3,10)"),
        fails(
            "json offset past latest",
            Src.of().startingOffsets("{\"t\":{\"0\":500,\"1\":-2,\"2\":0}}"),
            BATCH,
            NONE,
            "spec.source.kafka.startingOffsets: offset 500 for t-0 is past the partition's latest offset 100"),
        // timestamps
        ok(
            "startingTimestamp",
            Src.of().startingTimestamp(1020),
            BATCH,
            NONE,
            "0=20 1=20 2=20 | 0=100 1=50 2=30 | "),
        ok(
            "startingTimestamp before retention",
            Src.of().startingTimestamp(1005),
            BATCH,
            NONE,
            "0=5 1=10 2=5 | 0=100 1=50 2=30 | "),
        fails(
            "startingTimestamp no match, Error",
            Src.of().startingTimestamp(1040),
            BATCH,
            NONE,
            "spec.source.kafka.startingTimestamp: No offset matched from request of topic-partition t-2 and timestamp 1040",
            "startingOffsetsByTimestampStrategy: Latest"),
        ok(
            "startingTimestamp no match, Latest",
            Src.of().startingTimestamp(1040).strategy(Latest),
            BATCH,
            NONE,
            "0=40 1=40 2=30 | 0=100 1=50 2=30 | "),
        ok(
            "by timestamp",
            Src.of().startingOffsetsByTimestamp("{\"t\":{\"0\":1005,\"1\":1030,\"2\":1000}}"),
            BATCH,
            NONE,
            "0=5 1=30 2=0 | 0=100 1=50 2=30 | "),
        fails(
            "by timestamp no match, Error",
            Src.of().startingOffsetsByTimestamp("{\"t\":{\"0\":1005,\"1\":1070,\"2\":1000}}"),
            STREAMING,
            NONE,
            "spec.source.kafka.startingOffsetsByTimestamp: No offset matched from request of topic-partition t-1 and timestamp 1070"),
        ok(
            "by timestamp no match, Latest",
            Src.of()
                .startingOffsetsByTimestamp("{\"t\":{\"0\":1005,\"1\":1070,\"2\":1000}}")
                .strategy(Latest),
            STREAMING,
            NONE,
            "0=5 1=50 2=0 | - | "),
        fails(
            "by timestamp missing a partition",
            Src.of().startingOffsetsByTimestamp("{\"t\":{\"0\":1005}}"),
            BATCH,
            NONE,
            "spec.source.kafka.startingOffsetsByTimestamp must give every partition",
            "missing [t-1, t-2]",
            "startingTimestamp"),
        // priority: global timestamp > timestamps per partition > offsets
        ok(
            "timestamp wins over json",
            Src.of()
                .startingTimestamp(1020)
                .startingOffsetsByTimestamp("{\"t\":{\"0\":1005,\"1\":1030,\"2\":1000}}")
                .startingOffsets("{\"t\":{\"0\":1,\"1\":11,\"2\":1}}"),
            BATCH,
            NONE,
            "0=20 1=20 2=20 | 0=100 1=50 2=30 | "),
        ok(
            "timestamps win over offsets",
            Src.of()
                .startingOffsetsByTimestamp("{\"t\":{\"0\":1005,\"1\":1030,\"2\":1000}}")
                .startingOffsets("{\"t\":{\"0\":1,\"1\":11,\"2\":1}}"),
            BATCH,
            NONE,
            "0=5 1=30 2=0 | 0=100 1=50 2=30 | "),
        ok(
            "latest shadowed by a timestamp is fine in batch (as Spark)",
            Src.of().startingTimestamp(1020).startingOffsets("latest"),
            BATCH,
            NONE,
            "0=20 1=20 2=20 | 0=100 1=50 2=30 | "),
        // stored positions win; added partitions start at earliest
        ok(
            "stored wins over latest",
            Src.of().startingOffsets("latest"),
            STREAMING,
            stored,
            "0=40 1=20 2=5 | - | "),
        ok(
            "stored wins over a timestamp",
            Src.of().startingTimestamp(1000),
            BATCH,
            stored,
            "0=40 1=20 2=5 | 0=100 1=50 2=30 | "),
        ok(
            "added partition starts at earliest",
            Src.of().startingOffsets("latest"),
            STREAMING,
            Map.of(T0, 40L, T1, 20L),
            "0=40 1=20 2=0 | - | "),
        fails(
            "added partition behind retention",
            Src.of(),
            BATCH,
            Map.of(T0, 40L, T2, 5L),
            "data loss: offsets [0, 10) of t-1 were deleted by retention before the load saw the partition"),
        ok(
            "added partition behind retention, failOnDataLoss false",
            Src.of().failOnDataLoss(false),
            BATCH,
            Map.of(T0, 40L, T2, 5L),
            "0=40 1=10 2=5 | 0=100 1=50 2=30 | t-1[0,10)"),
        fails(
            "stored position behind retention",
            Src.of(),
            BATCH,
            Map.of(T0, 40L, T1, 4L, T2, 5L),
            "data loss: offsets [4, 10) of t-1 were deleted by retention before they were loaded",
            "set spec.source.kafka.failOnDataLoss: false"),
        ok(
            "stored position behind retention, failOnDataLoss false",
            Src.of().failOnDataLoss(false),
            STREAMING,
            Map.of(T0, 40L, T1, 4L, T2, 5L),
            "0=40 1=10 2=5 | - | t-1[4,10)"),
        fails(
            "stored position past latest",
            Src.of(),
            BATCH,
            Map.of(T0, 200L, T1, 20L, T2, 5L),
            "stored position 200 of t-0 is past the partition's end offset 100 (was the topic deleted and created again?)",
            "topic comet_offsets"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("starts")
  void plansTheStart(
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
  void aLoadWithPositionsElsewhereIgnoresStartingOptions() {
    // a streaming worker assigned partitions none of which has a position, while the load has
    // positions for others: they were added since the last run
    assertThat(
            plan(Src.of().startingOffsets("latest").failOnDataLoss(false), STREAMING, NONE, true))
        .isEqualTo("0=0 1=10 2=0 | - | t-1[0,10)");
  }

  @Test
  void reportsEveryGapAtOnce() {
    assertThatThrownBy(() -> plan(Src.of(), BATCH, Map.of(T0, 40L, T1, 4L, T2, 5L), false))
        .hasMessageContaining("[4, 10) of t-1");
    assertThat(
            plan(
                Src.of().failOnDataLoss(false).startingOffsets("{\"t\":{\"0\":0,\"1\":0,\"2\":0}}"),
                BATCH,
                NONE,
                false))
        .endsWith("| t-1[0,10)");
  }
}
