package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigEdit;
import io.kafkaload.worker.config.RunPlan;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.metrics.MetricsServer;
import io.kafkaload.worker.pipeline.LoadRunner;
import io.kafkaload.worker.pipeline.RunReport;
import io.kafkaload.worker.transform.DataLimit;
import io.kafkaload.worker.transform.MemoryBudget;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kafkaload run -f FILE}: runs a load from its YAML or its rendered worker config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a load. FILE holds the KafkaConnection and KafkaLoad documents you would kubectl"
          + " apply, or the worker config document the operator renders.",
      "Batch loads read up to the end offsets seen at start, commit and exit 0; streaming loads"
          + " run until SIGTERM, then flush and commit. Any failure exits non-zero with a"
          + " one-line reason on stderr. On a terminal a progress line is updated in place;"
          + " otherwise progress is logged every 5 seconds."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "YAML or JSON file with the load")
  Path file;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    return options.execute(options.load(file, ConfigEdit.NONE));
  }

  /** What to do with a finished run's report (write it, print it); returns the exit status. */
  interface Finish {
    int apply(RunReport report, boolean cannotRun) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /**
   * In a container with a memory limit, bounds the process's private memory to it (DataLimit), so a
   * value the load's SQL builds past it fails the run with a reason instead of an OOM kill.
   */
  private static void boundMemory() {
    long container = MemoryBudget.containerLimit();
    long limit = DataLimit.apply(container, LOG::warn);
    if (limit > 0) {
      LOG.info(
          "memory: private memory bounded to {} MiB (the container's limit + {} MiB the JVM"
              + " commits before it uses it)",
          limit / (1L << 20),
          (limit - container) / (1L << 20));
    }
  }

  /** Seconds a SIGTERM'd run has to finish its batch and commit by itself. */
  static final int FINISH_SECONDS = 15;

  /** Seconds more, once its SQL was stopped, before the process ends regardless. */
  static final int STOP_SECONDS = 10;

  /**
   * Runs the load of {@code plan} with its progress line and metrics endpoint, then {@code finish}.
   * A SIGTERM or SIGINT asks it to finish its batch and commit, and turns /readyz to 503 at once;
   * the JVM exits only once {@code finish} has written the report and the summary. A run that has
   * not ended after {@link #FINISH_SECONDS} (SQL that never ends, or writes without bound) has its
   * SQL stopped, which fails it with a reason and commits nothing of it; after {@link
   * #STOP_SECONDS} more the process ends anyway: within Kubernetes' default grace period of 30 s.
   */
  static int runWithSigterm(
      WorkerConfig config,
      RunPlan plan,
      MetricsEndpoint endpoint,
      boolean adoptFolder,
      Finish finish)
      throws Exception {
    boundMemory();
    LoadRunner runner = new LoadRunner(config, new WorkerParts(plan, adoptFolder));
    CountDownLatch done = new CountDownLatch(1);
    try (MetricsServer server = endpoint.start(runner.stats(), config.load(), plan.inPod())) {
      Thread hook =
          new Thread(
              () -> {
                if (server != null) {
                  server.stopping();
                }
                runner.stop();
                try {
                  if (!done.await(FINISH_SECONDS, TimeUnit.SECONDS)) {
                    runner.stopUserCode(
                        "stopped by SIGTERM: the run had not finished "
                            + FINISH_SECONDS
                            + " s after it, so its SQL was stopped and the chunks it was writing"
                            + " were not committed");
                    done.await(STOP_SECONDS, TimeUnit.SECONDS);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "kafkaload-sigterm");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        RunReport report;
        try (Progress progress =
            Progress.start(config.load().qualified(), runner.stats(), plan.dumbTerminal())) {
          report = runner.run();
        }
        return finish.apply(report, runner.cannotRun());
      } finally {
        System.out.flush();
        System.err.flush();
        done.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it returns now that the run is done
        }
      }
    }
  }
}
