package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.offsets.PositionGuard.BackwardMove;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PositionGuardTest {

  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition A1 = new TopicPartition("a", 1);
  private static final TopicPartition B0 = new TopicPartition("b", 0);

  @Test
  void forwardEqualAndNewPartitionsAreNotMoves() {
    assertThat(PositionGuard.backwardMoves(Map.of(A0, 5L, A1, 7L), Map.of(A0, 6L, A1, 7L, B0, 0L)))
        .isEmpty();
  }

  @Test
  void reportsEveryBackwardMoveSorted() {
    assertThat(
            PositionGuard.backwardMoves(
                Map.of(A0, 5L, A1, 7L, B0, 9L), Map.of(B0, 1L, A1, 6L, A0, 5L)))
        .containsExactly(new BackwardMove(A1, 7L, 6L), new BackwardMove(B0, 9L, 1L));
  }

  @Test
  void partitionsNotCommittedNowAreNotMoves() {
    assertThat(PositionGuard.backwardMoves(Map.of(A0, 5L), Map.of(A1, 0L))).isEmpty();
  }
}
