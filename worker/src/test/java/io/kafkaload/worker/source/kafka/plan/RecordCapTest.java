package io.kafkaload.worker.source.kafka.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The maxRecordsPerRun split: proportional, exact total, no overflow, empty ranges untouched. */
class RecordCapTest {
  static final TopicPartition A = new TopicPartition("t", 0);
  static final TopicPartition B = new TopicPartition("t", 1);
  static final TopicPartition C = new TopicPartition("t", 2);

  @Test
  void splitsInProportionAndKeepsTheTotalExact() {
    Map<TopicPartition, Long> ends =
        RecordCap.cap(
            List.of(A, B, C), Map.of(A, 0L, B, 0L, C, 0L), Map.of(A, 1L, B, 1L, C, 1L), 2);
    // equal remainders: plan order breaks the tie
    assertThat(ends).containsEntry(A, 1L).containsEntry(B, 1L).containsEntry(C, 0L);
  }

  @Test
  void handlesHugeRangesWithoutOverflow() {
    long huge = Long.MAX_VALUE / 4;
    Map<TopicPartition, Long> ends =
        RecordCap.cap(List.of(A, B), Map.of(A, 0L, B, 0L), Map.of(A, huge, B, huge), huge / 2);
    assertThat(ends.get(A) + ends.get(B)).isEqualTo(huge / 2);
    assertThat(Math.abs(ends.get(A) - ends.get(B))).isLessThanOrEqualTo(1);
  }

  @Test
  void leavesEmptyRangesAndSmallTotalsAlone() {
    Map<TopicPartition, Long> starts = Map.of(A, 5L, B, 9L);
    Map<TopicPartition, Long> ends = Map.of(A, 5L, B, 12L);
    assertThat(RecordCap.cap(List.of(A, B), starts, ends, 3)).isSameAs(ends);
    assertThat(RecordCap.cap(List.of(A, B), starts, ends, 1))
        .containsEntry(A, 5L)
        .containsEntry(B, 10L);
  }
}
