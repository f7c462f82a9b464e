package io.kafkaload.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Decides whether a status write is needed: only when something actually changed. */
public final class StatusDiff {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusDiff() {}

  /** A deep copy of {@code status} (or null), taken before the reconcile changes it. */
  public static <T> T copy(T status, Class<T> type) {
    return status == null ? null : MAPPER.convertValue(MAPPER.valueToTree(status), type);
  }

  /**
   * Whether {@code before} and {@code after} differ as JSON trees. Timestamps only move when a
   * condition flips (see {@link Conditions}), so an unchanged outcome compares equal.
   */
  public static boolean changed(Object before, Object after) {
    return !MAPPER.valueToTree(before).equals(MAPPER.valueToTree(after));
  }
}
