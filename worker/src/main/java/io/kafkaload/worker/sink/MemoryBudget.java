package io.kafkaload.worker.sink;

import java.lang.management.ManagementFactory;

/**
 * How the worker's memory is shared so that heap + DuckDB + the rest stay under the pod's limit:
 * the heap is the JVM's ({@code -XX:MaxRAMPercentage=50} in the image), {@link #OVERHEAD} is kept
 * for what neither counts (metaspace, thread stacks, direct buffers, DuckDB's own bookkeeping), and
 * DuckDB's {@code memory_limit} gets what is left, at most {@link #MAX_DUCKDB} (it spills to disk
 * beyond) and at least {@link #MIN_DUCKDB}. The one owner of DuckDB's memory limit.
 */
public final class MemoryBudget {

  static final long MIB = 1L << 20;
  static final long OVERHEAD = 192 * MIB;
  static final long MAX_DUCKDB = 256 * MIB;
  static final long MIN_DUCKDB = 64 * MIB;

  private MemoryBudget() {}

  /** DuckDB's memory_limit for this process, e.g. {@code 256MiB}. */
  public static String duckdbMemoryLimit() {
    long total = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize(); // the container's limit when it has one (JDK 17)
    }
    return duckdbMemoryLimit(total, Runtime.getRuntime().maxMemory());
  }

  /**
   * DuckDB's memory_limit for a process that may use {@code totalBytes} (the container's limit,
   * else the machine's; not positive when unknown) with a heap of at most {@code heapBytes}.
   */
  static String duckdbMemoryLimit(long totalBytes, long heapBytes) {
    long duck = MAX_DUCKDB;
    if (totalBytes > 0) {
      duck = Math.max(MIN_DUCKDB, Math.min(MAX_DUCKDB, totalBytes - heapBytes - OVERHEAD));
    }
    return (duck / MIB) + "MiB";
  }
}
