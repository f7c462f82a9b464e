package io.kafkaload.operator.api;

/** What a starting timestamp does when no offset of a partition matches it. */
public enum TimestampStrategy {
  /** Fail the run. */
  Error,
  /** Start at the latest offset. */
  Latest
}
