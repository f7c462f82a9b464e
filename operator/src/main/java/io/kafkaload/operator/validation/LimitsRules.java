package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.LimitsSpec;
import java.util.List;

/** {@code spec.limits}: each at least 1, as the CRD schema says; the worker checks the same. */
final class LimitsRules {

  private LimitsRules() {}

  static void check(LimitsSpec limits, List<String> problems) {
    if (limits == null) {
      return;
    }
    if (limits.getSqlTimeoutSeconds() != null && limits.getSqlTimeoutSeconds() < 1) {
      problems.add(
          "spec.limits.sqlTimeoutSeconds: %d is below 1; use at least 1 (default 600)"
              .formatted(limits.getSqlTimeoutSeconds()));
    }
    if (limits.getMaxChunkOutputBytes() != null && limits.getMaxChunkOutputBytes() < 1) {
      problems.add(
          "spec.limits.maxChunkOutputBytes: %d is below 1; use at least 1 (default 4294967296,"
                  .formatted(limits.getMaxChunkOutputBytes())
              + " 4 GiB)");
    }
    if (limits.getMaxRowsPerInputRow() != null && limits.getMaxRowsPerInputRow() < 1) {
      problems.add(
          "spec.limits.maxRowsPerInputRow: %d is below 1; use at least 1 (default 1000)"
              .formatted(limits.getMaxRowsPerInputRow()));
    }
    if (limits.getMaxTempBytes() != null && limits.getMaxTempBytes() < 1) {
      problems.add(
          "spec.limits.maxTempBytes: %d is below 1; use at least 1 (default 4294967296, 4 GiB)"
              .formatted(limits.getMaxTempBytes()));
    }
    if (limits.getMaxValueBytes() != null && limits.getMaxValueBytes() < 1) {
      problems.add(
          "spec.limits.maxValueBytes: %d is below 1; use at least 1 (default 67108864, 64 MiB)"
              .formatted(limits.getMaxValueBytes()));
    }
  }
}
