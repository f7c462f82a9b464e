package io.kafkaload.worker.source.kafka.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offsets that go out of range while a run reads: fail, report, or retry. */
class LostOffsetsTest {
  static final TopicPartition TP = new TopicPartition("t", 3);

  @Test
  void failsNamingTheRangeByDefault() {
    assertThatThrownBy(() -> LostOffsets.gap(TP, 5, 40, 90, 80L, true))
        .isInstanceOf(OffsetPlanException.class)
        .hasMessageContaining("data loss: offsets [5, 40) of t-3 were deleted by retention while")
        .hasMessageContaining("spec.source.kafka.failOnDataLoss: false");
  }

  @Test
  void reportsTheGapWhenAskedToLoadOn() {
    OffsetPlan.Gap gap = LostOffsets.gap(TP, 5, 40, 90, null, false);
    assertThat(gap.fromOffset()).isEqualTo(5);
    assertThat(gap.toOffset()).isEqualTo(40);
  }

  @Test
  void aBoundedRunReportsOnlyUpToItsEnd() {
    // [20, 40) is past this run's end: the next run reports it from its stored position 20
    assertThat(LostOffsets.gap(TP, 5, 40, 90, 20L, false).toOffset()).isEqualTo(20);
  }

  @Test
  void aPositionBackInRangeIsRetried() {
    assertThat(LostOffsets.gap(TP, 50, 40, 90, null, true)).isNull();
  }

  @Test
  void aPositionPastTheEndFails() {
    assertThatThrownBy(() -> LostOffsets.gap(TP, 95, 40, 90, null, false))
        .hasMessageContaining("position 95 of t-3 is past the partition's end offset 90");
  }
}
