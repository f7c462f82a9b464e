package io.kafkaload.worker.source.kafka.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The topic the planner tests plan on: {@code t} whose partitions hold offsets [0, 100), [10, 50)
 * (0-9 deleted by retention) and [0, 30); the record at offset o has timestamp 1000 + o. Expected
 * plans read {@code starts | ends | gaps}, per partition in order; errors are checked by the
 * fragments they must contain.
 */
final class PlanFixture {
  private PlanFixture() {}

  static final TopicPartition T0 = new TopicPartition("t", 0);
  static final TopicPartition T1 = new TopicPartition("t", 1);
  static final TopicPartition T2 = new TopicPartition("t", 2);
  static final List<TopicPartition> ALL = List.of(T0, T1, T2);
  static final Map<TopicPartition, Long> EARLIEST = Map.of(T0, 0L, T1, 10L, T2, 0L);
  static final Map<TopicPartition, Long> LATEST = Map.of(T0, 100L, T1, 50L, T2, 30L);
  static final Map<TopicPartition, Long> NONE = Map.of();

  /** Kafka's offsetsForTimes on the topic above: absent when no record is at or after ts. */
  static Map<TopicPartition, Long> lookup(Map<TopicPartition, Long> timestamps) {
    Map<TopicPartition, Long> found = new HashMap<>();
    timestamps.forEach(
        (tp, ts) -> {
          long offset = Math.max(EARLIEST.get(tp), ts - 1000);
          if (offset < LATEST.get(tp)) {
            found.put(tp, offset);
          }
        });
    return found;
  }

  static String plan(Src src, RunMode mode, Map<TopicPartition, Long> stored, boolean resumed) {
    PlanInput in =
        new PlanInput(
            ALL,
            new LinkedHashSet<>(ALL),
            EARLIEST,
            LATEST,
            stored,
            resumed,
            "topic comet_offsets",
            PlanFixture::lookup);
    OffsetPlan plan = OffsetPlanner.plan(OffsetOptions.of(src.build()), mode, in);
    return render(plan.starts())
        + " | "
        + (plan.ends() == null ? "-" : render(plan.ends()))
        + " | "
        + plan.gaps().stream()
            .map(g -> g.partition() + "[" + g.fromOffset() + "," + g.toOffset() + ")")
            .collect(Collectors.joining(" "));
  }

  static String render(Map<TopicPartition, Long> offsets) {
    return ALL.stream()
        .filter(offsets::containsKey)
        .map(tp -> tp.partition() + "=" + offsets.get(tp))
        .collect(Collectors.joining(" "));
  }

  static Arguments ok(
      String name, Src src, RunMode mode, Map<TopicPartition, Long> stored, String expected) {
    return Arguments.of(name, src, mode, stored, false, expected, null);
  }

  static Arguments fails(
      String name, Src src, RunMode mode, Map<TopicPartition, Long> stored, String... fragments) {
    return Arguments.of(name, src, mode, stored, false, null, fragments);
  }

  /** Runs one table row: the plan equals {@code expected}, or fails with every fragment. */
  static void check(
      Src src,
      RunMode mode,
      Map<TopicPartition, Long> stored,
      boolean resumed,
      String expected,
      String[] fragments) {
    if (fragments == null) {
      assertThat(plan(src, mode, stored, resumed)).isEqualTo(expected);
    } else {
      assertThatThrownBy(() -> plan(src, mode, stored, resumed))
          .isInstanceOf(OffsetPlanException.class)
          .message()
          .contains(fragments);
    }
  }
}
