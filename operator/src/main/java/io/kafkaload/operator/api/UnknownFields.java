package io.kafkaload.operator.api;

/** What validation does with fields a schema does not name. */
public enum UnknownFields {
  /** Dropped from the row. */
  Ignore,
  /** Written as they come, types inferred. */
  Keep,
  /** The record is rejected (stage validate). */
  Reject
}
