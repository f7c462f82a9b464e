package io.kafkaload.worker.transform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the worker's memory is shared so that heap + DuckDB + the rest stay under the pod's limit:
 * the heap is the JVM's ({@code -XX:MaxRAMPercentage=50} in the image), {@link #OVERHEAD} is kept
 * for what neither counts (metaspace, thread stacks, direct buffers, DuckDB's own bookkeeping), and
 * DuckDB's {@code memory_limit} gets what is left, at most {@link #MAX_DUCKDB} (it spills to disk
 * beyond) and at least {@link #MIN_DUCKDB}. The one owner of DuckDB's memory limit.
 *
 * <p>The container's limit is what the JVM sees (cgroup), or the system property {@value
 * #LIMIT_PROPERTY} (bytes) where it sees none; on a machine without a limit nothing is bounded
 * beyond DuckDB's {@code memory_limit}. With a limit, {@link DataLimit} also bounds the process's
 * private memory, which is what stops a value DuckDB builds outside its {@code memory_limit}.
 */
public final class MemoryBudget {

  static final long MIB = 1L << 20;
  static final long OVERHEAD = 192 * MIB;
  static final long MAX_DUCKDB = 256 * MIB;
  static final long MIN_DUCKDB = 64 * MIB;

  private MemoryBudget() {}

  /** Sets the process's memory limit in bytes, for a JVM that cannot see its container's. */
  public static final String LIMIT_PROPERTY = "kafkaload.memoryLimitBytes";

  /** DuckDB's memory_limit for this process, e.g. {@code 256MiB}. */
  public static String duckdbMemoryLimit() {
    long total = containerLimit();
    if (total <= 0
        && ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize(); // the machine's
    }
    return duckdbMemoryLimit(total, Runtime.getRuntime().maxMemory());
  }

  /**
   * The memory limit of this process's container in bytes ({@value #LIMIT_PROPERTY} when set), or
   * -1 when it has none: the JVM reports the container's limit as the total memory (JDK 17), so a
   * total below the machine's ({@code /proc/meminfo}) is a limit.
   */
  public static long containerLimit() {
    String set = System.getProperty(LIMIT_PROPERTY);
    if (set != null && !set.isBlank()) {
      try {
        long bytes = Long.parseLong(set.strip());
        return bytes > 0 ? bytes : -1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            LIMIT_PROPERTY + " must be a number of bytes, not \"" + set + "\"");
      }
    }
    if (!(ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os)) {
      return -1;
    }
    long total = os.getTotalMemorySize();
    long machine = machineMemory();
    return machine > 0 && total > 0 && total < machine ? total : -1;
  }

  /** The machine's memory from {@code /proc/meminfo}, or -1 where there is none. */
  private static long machineMemory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
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
