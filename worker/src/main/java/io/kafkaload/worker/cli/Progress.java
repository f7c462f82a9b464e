package io.kafkaload.worker.cli;

import io.kafkaload.worker.engine.RunStats;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the run's counters and rate every few seconds while it runs. */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  private static final long PERIOD_SECONDS = 5;

  private final ScheduledExecutorService timer;

  private Progress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static Progress start(RunStats stats) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafkaload-progress");
              t.setDaemon(true);
              return t;
            });
    long[] last = {0};
    timer.scheduleAtFixedRate(
        () -> {
          long read = stats.read();
          LOG.info(
              "read {}, written {}, rejected {}, {} records/s",
              read,
              stats.written(),
              stats.rejected(),
              (read - last[0]) / PERIOD_SECONDS);
          last[0] = read;
        },
        PERIOD_SECONDS,
        PERIOD_SECONDS,
        TimeUnit.SECONDS);
    return new Progress(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
