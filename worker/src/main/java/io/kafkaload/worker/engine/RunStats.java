package io.kafkaload.worker.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a run, read by the progress logger from another thread. */
public final class RunStats {
  final AtomicLong read = new AtomicLong();
  final AtomicLong written = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();

  public long read() {
    return read.get();
  }

  public long written() {
    return written.get();
  }

  public long rejected() {
    return rejected.get();
  }
}
