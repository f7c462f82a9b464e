package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.engine.LoadRunner;
import io.kafkaload.worker.engine.RunReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
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
          + " one-line reason on stderr."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "YAML or JSON file with the load")
  Path file;

  @Option(
      names = "--load",
      paramLabel = "NAME",
      description = "the KafkaLoad to run when FILE holds several")
  String loadName;

  @Option(
      names = "--report-file",
      paramLabel = "PATH",
      description = "write the JSON run report here")
  Path reportFile;

  @Option(
      names = "--offsets-dir",
      paramLabel = "DIR",
      defaultValue = ".kafkaload/offsets",
      description = "folder of the File offset store for local runs (default: ${DEFAULT-VALUE})")
  Path offsetsDir;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "use these brokers instead of the KafkaConnection's")
  String bootstrapServers;

  @Override
  public Integer call() throws Exception {
    WorkerConfig config;
    try {
      config =
          Overrides.bootstrap(ConfigLoader.load(file, loadName, localRuntime()), bootstrapServers);
    } catch (ConfigException e) {
      reportEarlyFailure(e.getMessage());
      throw e;
    }
    RunReport report = runWithSigterm(config);
    ReportWriter.write(report, reportFile, ReportWriter.terminationLog(), System.out);
    if (!report.succeeded()) {
      System.err.println("kafkaload: error: " + report.message());
      return KafkaloadCommand.EXIT_FAILED;
    }
    return 0;
  }

  private WorkerConfig.Runtime localRuntime() {
    String secrets = System.getenv().getOrDefault("KAFKALOAD_SECRETS_DIR", "secrets");
    return new WorkerConfig.Runtime(
        Path.of(secrets).toAbsolutePath().toString(), offsetsDir.toAbsolutePath().toString());
  }

  /** Runs the load; a SIGTERM asks it to finish its batch and commit, within the grace period. */
  static RunReport runWithSigterm(WorkerConfig config) {
    LoadRunner runner = new LoadRunner(config, new WorkerParts());
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.stop();
              try {
                done.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "kafkaload-sigterm");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Progress progress = Progress.start(runner.stats())) {
      return runner.run();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns now that the run is done
      }
    }
  }

  private void reportEarlyFailure(String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    RunReport report =
        new RunReport(
            String.valueOf(file),
            RunReport.FAILED,
            message,
            now,
            now,
            0,
            0,
            0,
            List.of(),
            null,
            null,
            null,
            null);
    try {
      ReportWriter.write(report, reportFile, ReportWriter.terminationLog(), System.out);
    } catch (Exception ignored) {
      // the reason still goes to stderr
    }
  }
}
