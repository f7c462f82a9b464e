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
          "spec.limits.sqlTimeoutSeconds: %d is below 1; use at least 1 (default %d)"
              .formatted(limits.getSqlTimeoutSeconds(), LimitsSpec.DEFAULT_SQL_TIMEOUT_SECONDS));
    }
    if (limits.getMaxChunkOutputBytes() != null && limits.getMaxChunkOutputBytes() < 1) {
      problems.add(
          "spec.limits.maxChunkOutputBytes: %d is below 1; use at least 1 (default %d, %d GiB)"
              .formatted(
                  limits.getMaxChunkOutputBytes(),
                  LimitsSpec.DEFAULT_MAX_CHUNK_OUTPUT_BYTES,
                  LimitsSpec.DEFAULT_MAX_CHUNK_OUTPUT_BYTES >> 30));
    }
    if (limits.getMaxRowsPerInputRow() != null && limits.getMaxRowsPerInputRow() < 1) {
      problems.add(
          "spec.limits.maxRowsPerInputRow: %d is below 1; use at least 1 (default %d)"
              .formatted(
                  limits.getMaxRowsPerInputRow(), LimitsSpec.DEFAULT_MAX_ROWS_PER_INPUT_ROW));
    }
    if (limits.getMaxTempBytes() != null && limits.getMaxTempBytes() < 1) {
      problems.add(
          "spec.limits.maxTempBytes: %d is below 1; use at least 1 (default %d, %d GiB)"
              .formatted(
                  limits.getMaxTempBytes(),
                  LimitsSpec.DEFAULT_MAX_TEMP_BYTES,
                  LimitsSpec.DEFAULT_MAX_TEMP_BYTES >> 30));
    }
    if (limits.getMaxValueBytes() != null && limits.getMaxValueBytes() < 1) {
      problems.add(
          "spec.limits.maxValueBytes: %d is below 1; use at least 1 (default 67108864, 64 MiB)"
              .formatted(limits.getMaxValueBytes()));
    }
  }
}
