package io.kafkaload.worker.chunk;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the crash tests (RELIABILITY.md F2): with {@code KAFKALOAD_CRASH_AT} set to a
 * step name, the worker process halts (as {@code kill -9} would: no shutdown hook, no flush) the
 * {@code KAFKALOAD_CRASH_AFTER}-th time (default 1) it reaches that step. Steps: {@code after-rows}
 * (a table's rows written, its position not), {@code after-position} (both written, not committed),
 * {@code after-commit} (the table committed, nothing else done yet), {@code during-rejects}
 * (rejected records produced, the table not yet committed). Unset, it does nothing.
 */
public final class CrashPoints {

  private static final String AT = System.getenv("KAFKALOAD_CRASH_AT");
  private static final int AFTER = after();
  private static final AtomicInteger REACHED = new AtomicInteger();

  private CrashPoints() {}

  private static int after() {
    String n = System.getenv("KAFKALOAD_CRASH_AFTER");
    try {
      return n == null ? 1 : Math.max(1, Integer.parseInt(n.strip()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Halts the process if this is the step and the time to crash. */
  public static void reached(String step) {
    if (AT != null && AT.equals(step) && REACHED.incrementAndGet() == AFTER) {
      System.err.println("kafkaload: crash injected at " + step);
      Runtime.getRuntime().halt(137);
    }
  }
}
