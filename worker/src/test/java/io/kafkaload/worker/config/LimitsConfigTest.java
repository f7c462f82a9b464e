package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code spec.limits}: defaults, and values below 1 refused naming the field (as the operator). */
class LimitsConfigTest {

  private static LoadSpec spec(Limits limits) {
    return SpecValidatorTest.base()
        .set("spec.sink.files.path", "/out")
        .set("spec.limits", limits)
        .spec();
  }

  @Test
  void defaultsAreGenerous() {
    Limits limits = spec(null).limitsOrDefault();
    assertThat(limits.sqlTimeoutSecondsOrDefault()).isEqualTo(600);
    assertThat(limits.maxChunkOutputBytesOrDefault()).isEqualTo(4L << 30);
    assertThat(limits.maxTempBytesOrDefault()).isEqualTo(4L << 30);
    assertThat(limits.maxRowsPerInputRowOrDefault()).isEqualTo(1000);
    assertThat(limits.maxValueBytesOrDefault()).isEqualTo(64L << 20);
    assertThat(SpecValidator.problems(SpecValidatorTest.config(spec(null)))).isEmpty();
  }

  @Test
  void limitsBelowOneAreRefusedWithTheirDefaults() {
    assertThat(SpecValidator.problems(SpecValidatorTest.config(spec(new Limits(0, 0L, 0L, 0, 0L)))))
        .containsExactly(
            "spec.limits.sqlTimeoutSeconds: 0 is below 1; use at least 1 (default 600)",
            "spec.limits.maxChunkOutputBytes: 0 is below 1; use at least 1 (default 4294967296,"
                + " 4 GiB)",
            "spec.limits.maxRowsPerInputRow: 0 is below 1; use at least 1 (default 1000)",
            "spec.limits.maxTempBytes: 0 is below 1; use at least 1 (default 4294967296, 4 GiB)",
            "spec.limits.maxValueBytes: 0 is below 1; use at least 1 (default 67108864, 64 MiB)");
  }
}
