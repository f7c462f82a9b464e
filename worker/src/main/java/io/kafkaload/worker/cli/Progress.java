package io.kafkaload.worker.cli;

import io.kafkaload.worker.pipeline.RunStats;
import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's progress: records read, written, rejected (and filtered, once there are any), the
 * rate over the last interval, and for bounded runs the percent of the records up to the end
 * offsets. On a terminal the line is redrawn in place every second; off a terminal (a pod, a
 * redirected run) the same text is logged every five seconds, so logs stay readable.
 */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  static final long TERMINAL_PERIOD_MS = 1_000;
  static final long LOG_PERIOD_MS = 5_000;

  /** The counters at one instant. */
  record Sample(long nanos, long read, long written, long rejected, long filtered, long planned) {
    static Sample of(RunStats stats) {
      return new Sample(
          System.nanoTime(),
          stats.read(),
          stats.written(),
          stats.rejected(),
          stats.filtered(),
          stats.plannedRecords());
    }
  }

  private final ScheduledExecutorService timer;
  private final RunStats stats;
  private final PrintStream terminal;
  private Sample last;
  private int drawn;

  private Progress(ScheduledExecutorService timer, RunStats stats, PrintStream terminal) {
    this.timer = timer;
    this.stats = stats;
    this.terminal = terminal;
    this.last = Sample.of(stats);
  }

  /**
   * Starts showing the progress of {@code stats}: in place on a terminal (unless {@code
   * dumbTerminal}: {@code TERM=dumb}), else in the log.
   */
  static Progress start(String load, RunStats stats, boolean dumbTerminal) {
    return start(load, stats, !dumbTerminal && onTerminal() ? System.out : null);
  }

  static Progress start(String load, RunStats stats, PrintStream terminal) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafkaload-progress");
              t.setDaemon(true);
              return t;
            });
    Progress progress = new Progress(timer, stats, terminal);
    long period = terminal != null ? TERMINAL_PERIOD_MS : LOG_PERIOD_MS;
    timer.scheduleAtFixedRate(() -> progress.tick(load), period, period, TimeUnit.MILLISECONDS);
    return progress;
  }

  private synchronized void tick(String load) {
    Sample now = Sample.of(stats);
    String text = line(last, now);
    last = now;
    if (terminal == null) {
      LOG.info("{}: {}", load, text);
    } else {
      draw(text);
    }
  }

  /**
   * Redraws the line: back to its start, the text, blanks over what a longer line left, and back to
   * the start again, so a log line written meanwhile (on stderr, same terminal) overwrites the
   * progress instead of being glued to its end; the next tick draws it again below.
   */
  private void draw(String text) {
    String pad = text.length() < drawn ? " ".repeat(drawn - text.length()) : "";
    terminal.print("\r" + text + pad + "\r");
    terminal.flush();
    drawn = text.length();
  }

  /**
   * The progress text, e.g. {@code read 120000, written 118800, rejected 1200, 24000 records/s,
   * 61.5% of 195000}. The rate is over the interval between the two samples; the percent appears
   * for bounded runs (planned records known) and never passes 100 (records that occupy offsets but
   * are not delivered, such as transaction markers, make {@code read} end below the plan).
   */
  static String line(Sample previous, Sample now) {
    StringBuilder sb = new StringBuilder();
    sb.append("read ").append(now.read());
    sb.append(", written ").append(now.written());
    sb.append(", rejected ").append(now.rejected());
    if (now.filtered() > 0) {
      sb.append(", filtered ").append(now.filtered());
    }
    sb.append(", ").append(rate(previous, now)).append(" records/s");
    if (now.planned() >= 0) {
      double percent =
          now.planned() == 0 ? 100 : Math.min(100.0, 100.0 * now.read() / now.planned());
      sb.append(String.format(Locale.ROOT, ", %.1f%% of %d", percent, now.planned()));
    }
    return sb.toString();
  }

  /** Records read per second between the two samples. */
  static long rate(Sample previous, Sample now) {
    long nanos = now.nanos() - previous.nanos();
    if (nanos <= 0) {
      return 0;
    }
    return Math.round((now.read() - previous.read()) * 1e9 / nanos);
  }

  /**
   * True when stdout is an interactive terminal. {@code System.console()} is null when stdin or
   * stdout is redirected on Java 17-21; from Java 22 it may exist anyway, so ask it.
   */
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Stops; on a terminal, draws the final figures and ends the line so the summary follows. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (terminal != null && drawn > 0) {
      draw(line(last, Sample.of(stats)));
      terminal.println();
    }
  }
}
