package io.kafkaload.worker.source.kafka.plan;

/**
 * Offsets a run cannot start from: an option that does not fit the topic (a partition that does not
 * exist, a timestamp no record matches), a position past the end of a partition, or data lost while
 * {@code failOnDataLoss} is true. The message names the field or range and the fix.
 */
public final class OffsetPlanException extends RuntimeException {
  public OffsetPlanException(String message) {
    super(message);
  }
}
