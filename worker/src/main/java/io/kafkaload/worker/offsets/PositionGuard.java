package io.kafkaload.worker.offsets;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a position that moves back loud. A store still writes it, because the only legitimate cause
 * is a user who reset the offsets on purpose; any other cause is a bug that would load records
 * twice, and the warning names the partition and the range so it can be traced.
 */
final class PositionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(PositionGuard.class);

  /** A partition whose new position is lower than the stored one. */
  record BackwardMove(TopicPartition partition, long stored, long next) {}

  private PositionGuard() {}

  /** The partitions {@code next} moves back compared with {@code stored}, sorted. */
  static List<BackwardMove> backwardMoves(
      Map<TopicPartition, Long> stored, Map<TopicPartition, Long> next) {
    return next.entrySet().stream()
        .filter(e -> stored.containsKey(e.getKey()) && e.getValue() < stored.get(e.getKey()))
        .map(e -> new BackwardMove(e.getKey(), stored.get(e.getKey()), e.getValue()))
        .sorted(
            Comparator.comparing((BackwardMove m) -> m.partition().topic())
                .thenComparingInt(m -> m.partition().partition()))
        .toList();
  }

  /** Logs one warning per partition that {@code next} moves back; returns the moves. */
  static List<BackwardMove> warnIfBackwards(
      String store, Map<TopicPartition, Long> stored, Map<TopicPartition, Long> next) {
    List<BackwardMove> moves = backwardMoves(stored, next);
    for (BackwardMove move : moves) {
      LOG.warn(
          "{}: position of {} moves back from {} to {}, so offsets {}..{} will be read again;"
              + " expected only after the offsets were reset by hand",
          store,
          move.partition(),
          move.stored(),
          move.next(),
          move.next(),
          move.stored() - 1);
    }
    return moves;
  }
}
