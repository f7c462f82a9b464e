package io.kafkaload.worker.transform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the worker's private memory to its container's limit (RELIABILITY.md R8), so that a value
 * DuckDB builds outside its {@code memory_limit} fails DuckDB's allocation instead of getting the
 * pod OOM-killed. DuckDB bounds only its buffer manager with {@code memory_limit}; a text, binary
 * or list built by one function call ({@code repeat('x', 2000000000)}, {@code lpad}, {@code
 * range(300000000)}) is allocated in one piece beside it, and no DuckDB setting caps it. The
 * process's data limit ({@code RLIMIT_DATA}: its private writable memory, whether touched or not)
 * does: past it an allocation fails, DuckDB reports {@code Out of Memory Error} and the run fails
 * with a reason ({@link #reason}) while the worker stays up to report it.
 *
 * <p>The limit is the container's plus {@link #SLACK}: the JVM and the allocators commit memory
 * they have not touched yet (a worker's private memory runs about 250-300 MiB above its resident
 * memory), which counts against the data limit but not against the container's. Set through
 * util-linux's {@code prlimit} on the worker's own process (the JVM has no call for it); where that
 * is missing the worker says so and runs with DuckDB's limits only.
 */
public final class DataLimit {

  static final long SLACK = 256 * MemoryBudget.MIB;

  private static volatile long bound = -1;

  private DataLimit() {}

  /**
   * Bounds this process to {@code containerLimit} + {@link #SLACK} bytes of private memory; returns
   * the bound, or -1 when there is no container limit or it could not be set ({@code warn} is told
   * why).
   */
  public static long apply(long containerLimit, java.util.function.Consumer<String> warn) {
    if (containerLimit <= 0) {
      return -1;
    }
    long limit = containerLimit + SLACK;
    long pid = ProcessHandle.current().pid();
    List<String> command = List.of("prlimit", "--pid", Long.toString(pid), "--data=" + limit + ":");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        warn.accept(
            "cannot bound the worker's memory to its limit ("
                + new String(out, StandardCharsets.UTF_8).strip()
                + "): a value the load's SQL builds is bounded by DuckDB's checks only");
        return -1;
      }
    } catch (IOException e) {
      warn.accept(
          "cannot bound the worker's memory to its limit (prlimit, from util-linux, is not here: "
              + e.getMessage()
              + "): a value the load's SQL builds is bounded by DuckDB's checks only");
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    bound = limit;
    return limit;
  }

  /** The bound set by {@link #apply}, or -1. */
  static long bound() {
    return bound;
  }

  /**
   * The reason a run fails with when DuckDB ran out of memory on {@code chunk}: DuckDB's own
   * message ({@code detail}) with the limit and what to do.
   */
  static String reason(String chunk, String detail) {
    long limit = bound;
    String which =
        limit > 0
            ? "the worker's memory ("
                + (limit - SLACK) / MemoryBudget.MIB
                + " MiB, worker.resources.limits.memory)"
            : "the memory it may use";
    return "DuckDB ran out of "
        + which
        + " on chunk "
        + chunk
        + " ("
        + detail
        + "), so nothing of the chunk was committed; check that the load's SQL does not build"
        + " huge values (repeat, lpad, range) or hold many rows at once, or give the worker more"
        + " memory";
  }
}
