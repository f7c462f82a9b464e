package io.kafkaload.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.chunk.Tuning;
import org.junit.jupiter.api.Test;

/** Heap + DuckDB + overhead stay under the pod's memory limit. */
class MemoryBudgetTest {
  private static final long MIB = 1L << 20;

  @Test
  void duckDbGetsWhatTheHeapAndTheOverheadLeaveAtMost256MiB() {
    // a 1 GiB pod with the image's MaxRAMPercentage=50: 512 MiB heap, 256 MiB DuckDB, 192 MiB rest
    assertThat(MemoryBudget.duckdbMemoryLimit(1024 * MIB, 512 * MIB)).isEqualTo("256MiB");
    // a 768 MiB pod: 384 MiB heap leaves 192 MiB for DuckDB
    assertThat(MemoryBudget.duckdbMemoryLimit(768 * MIB, 384 * MIB)).isEqualTo("192MiB");
    // the old image (MaxRAMPercentage=75) in a 1 GiB pod: 64 MiB, so the sum stays under 1 GiB
    // except for the minimum DuckDB needs
    assertThat(MemoryBudget.duckdbMemoryLimit(1024 * MIB, 768 * MIB)).isEqualTo("64MiB");
    // a machine with plenty: capped, DuckDB spills beyond
    assertThat(MemoryBudget.duckdbMemoryLimit(24L * 1024 * MIB, 6L * 1024 * MIB))
        .isEqualTo("256MiB");
    // unknown total: the cap
    assertThat(MemoryBudget.duckdbMemoryLimit(-1, 512 * MIB)).isEqualTo("256MiB");
  }

  @Test
  void theSumStaysUnderThePodsLimitForEveryPodOfAtLeast512MiB() {
    for (long pod = 512 * MIB; pod <= 16L * 1024 * MIB; pod += 64 * MIB) {
      long heap = pod / 2;
      String limit = MemoryBudget.duckdbMemoryLimit(pod, heap);
      long duck = Long.parseLong(limit.replace("MiB", "")) * MIB;
      assertThat(heap + duck + MemoryBudget.OVERHEAD)
          .as("pod of %d MiB", pod / MIB)
          .isLessThanOrEqualTo(pod);
    }
  }

  @Test
  void theContainersLimitIsTheJvmsTotalBelowTheMachinesOrTheProperty() {
    // this machine runs the tests without a container limit: nothing to bound
    assertThat(MemoryBudget.containerLimit()).isEqualTo(-1);
    System.setProperty(MemoryBudget.LIMIT_PROPERTY, "805306368");
    try {
      assertThat(MemoryBudget.containerLimit()).isEqualTo(768 * MIB);
      assertThat(MemoryBudget.duckdbMemoryLimit())
          .isEqualTo(MemoryBudget.duckdbMemoryLimit(768 * MIB, Runtime.getRuntime().maxMemory()));
      System.setProperty(MemoryBudget.LIMIT_PROPERTY, "768Mi");
      org.assertj.core.api.Assertions.assertThatThrownBy(MemoryBudget::containerLimit)
          .hasMessage("kafkaload.memoryLimitBytes must be a number of bytes, not \"768Mi\"");
    } finally {
      System.clearProperty(MemoryBudget.LIMIT_PROPERTY);
    }
  }

  @Test
  void duckDbAcceptsTheLimit() {
    assertThat(new Tuning(1, MemoryBudget.duckdbMemoryLimit(), 1, 1, "zstd")).isNotNull();
  }
}
