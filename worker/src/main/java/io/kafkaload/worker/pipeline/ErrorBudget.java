package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.config.LoadSpec;
import java.io.IOException;

/**
 * How many rejected records a run tolerates ({@code spec.rejected.maxRejected} and {@code
 * maxRejectedRatio}). Checked before each commit, over the whole run: once exceeded, the run fails
 * and the positions of the batch that crossed it are not committed, so the next run meets the same
 * records again instead of moving past data that needs a look.
 */
record ErrorBudget(Long maxRejected, Double maxRejectedRatio) {

  static final ErrorBudget NONE = new ErrorBudget(null, null);

  /**
   * Without a budget, a run still fails once at least this many records were read and every one was
   * rejected: one systematic error (a CAST that fails on every row, the wrong format) must not end
   * as a quiet success that wrote nothing.
   */
  static final long ALL_REJECTED_MIN = 100;

  static ErrorBudget of(LoadSpec spec) {
    LoadSpec.Rejected r = spec.rejected();
    return r == null ? NONE : new ErrorBudget(r.maxRejected(), r.maxRejectedRatio());
  }

  /** Thrown when the run rejected more than its budget. */
  static final class Exceeded extends IOException {
    Exceeded(String message) {
      super(message);
    }
  }

  void check(RunStats stats) throws Exceeded {
    long rejected = stats.rejected();
    long read = stats.read();
    if (maxRejected == null
        && maxRejectedRatio == null
        && read >= ALL_REJECTED_MIN
        && rejected == read) {
      throw new Exceeded(
          "every one of the "
              + read
              + " records read was rejected and nothing was written: a systematic error (see the"
              + " reasons of the rejected records); the batch was not committed. Fix the load, or"
              + " set rejected.maxRejectedRatio: 1 to accept a run that rejects everything");
    }
    if (maxRejected != null && rejected > maxRejected) {
      throw new Exceeded(
          "error budget exceeded: "
              + rejected
              + " records rejected, more than rejected.maxRejected "
              + maxRejected
              + "; the batch that crossed it was not committed (see the rejected records, fix the"
              + " data or raise the budget)");
    }
    if (maxRejectedRatio != null && read > 0 && (double) rejected / read > maxRejectedRatio) {
      throw new Exceeded(
          String.format(
              java.util.Locale.ROOT,
              "error budget exceeded: %d of %d records read were rejected (%.2f%%), more than"
                  + " rejected.maxRejectedRatio %s; the batch that crossed it was not committed"
                  + " (see the rejected records, fix the data or raise the budget)",
              rejected,
              read,
              100.0 * rejected / read,
              maxRejectedRatio));
    }
  }
}
