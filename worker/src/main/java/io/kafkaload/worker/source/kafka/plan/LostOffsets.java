package io.kafkaload.worker.source.kafka.plan;

import org.apache.kafka.common.TopicPartition;

/**
 * What to do when Kafka says a position is out of range while a run reads (the consumer's {@code
 * auto.offset.reset} is {@code none}, so it never resets by itself): retention deleted offsets
 * after the plan was made. It is the same data loss as in the plan, with the same rule: fail naming
 * the range (failOnDataLoss, the default), or report the gap and go on at the earliest offset.
 */
public final class LostOffsets {
  private LostOffsets() {}

  /**
   * The gap to report, or null when {@code position} is back in range (a transient error: read from
   * it again); throws when the run must stop.
   *
   * @param end the run's end offset for the partition, or null for an unbounded run: a gap past the
   *     end belongs to the next run, which reports it from its stored position
   */
  public static OffsetPlan.Gap gap(
      TopicPartition tp,
      long position,
      long earliest,
      long latest,
      Long end,
      boolean failOnDataLoss) {
    if (position > latest) {
      throw new OffsetPlanException(
          "position "
              + position
              + " of "
              + tp
              + " is past the partition's end offset "
              + latest
              + " (the log was truncated, e.g. by an unclean leader election, or the topic was"
              + " recreated); check the topic, then reset the load's positions");
    }
    if (position >= earliest) {
      return null;
    }
    long to = end == null ? earliest : Math.min(earliest, end);
    OffsetPlan.Gap gap =
        new OffsetPlan.Gap(
            tp,
            position,
            to,
            "were deleted by retention while the run was reading (earliest offset now "
                + earliest
                + ")");
    if (failOnDataLoss) {
      throw new OffsetPlanException(
          "data loss: "
              + gap.describe()
              + "; set "
              + OffsetOptions.FAIL_ON_DATA_LOSS
              + ": false to load on from the earliest offset (the run report then lists the"
              + " gap)");
    }
    return gap;
  }
}
