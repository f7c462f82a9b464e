package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigEdit;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.RunPlan;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.pipeline.RunReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What {@code run} and {@code load} share: the options of a local or pod run, loading the file with
 * the overrides, and running it with reports and exit codes.
 */
final class RunOptions {

  @Option(
      names = "--load",
      paramLabel = "NAME",
      description = "the KafkaLoad to run when the file holds several")
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

  @Option(
      names = "--files-path",
      paramLabel = "PATH",
      description =
          "write the files sink here instead of spec.sink.files.path (to run on this machine a"
              + " load written for a pod)")
  String filesPath;

  @Option(
      names = "--adopt-folder",
      description =
          "let this load take over the files sink's folder from the load that wrote it (its"
              + " .kafkaload-owner file), or from no one for files written without that file")
  boolean adoptFolder;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "serve /healthz, /readyz and Prometheus /metrics on this port; 0 turns it off"
              + " (default: ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(
      names = "--metrics-address",
      paramLabel = "ADDRESS",
      description = "interface of the metrics port (default: 0.0.0.0 in a pod, else 127.0.0.1)")
  String metricsAddress;

  private RunPlan startup;

  /**
   * Loads {@code file} with {@code flags}, then {@code --files-path} and {@code
   * --bootstrap-servers}, applied as edits of its document and checked once, after them. A config
   * that cannot run is reported (report file, termination message) before the exception goes on.
   */
  WorkerConfig load(Path file, ConfigEdit flags) {
    try {
      return ConfigLoader.load(
          file,
          loadName,
          startup().runtime(),
          flags
              .andThen(Overrides.filesPath(filesPath))
              .andThen(Overrides.bootstrap(bootstrapServers)));
    } catch (ConfigException e) {
      throw refused(String.valueOf(file), e);
    }
  }

  /** Reports a config that cannot run (report file, termination message), returns {@code e}. */
  ConfigException refused(String source, ConfigException e) {
    reportEarlyFailure(source, e.getMessage());
    return e;
  }

  /**
   * Runs {@code config}, writes the report; 0 when it succeeded, {@code EXIT_USAGE} when its
   * configuration cannot run, else {@code EXIT_FAILED}. The report file is checked before anything
   * is read; failing to write it afterwards is a warning, never a failure of a committed run.
   */
  int execute(WorkerConfig config) throws Exception {
    ReportWriter.checkWritable(reportFile);
    RunPlan plan = startup().forLoad(config, Instant.now());
    return RunCommand.runWithSigterm(
        config,
        plan,
        new MetricsEndpoint(metricsPort, metricsAddress),
        adoptFolder,
        (report, cannotRun) -> {
          ReportWriter.writeOrWarn(
              report, reportFile, ReportWriter.terminationLog(plan.terminationLog()), System.out);
          if (report.succeeded()) {
            return 0;
          }
          System.err.println("kafkaload: error: " + report.message());
          return cannotRun ? KafkaloadCommand.EXIT_USAGE : KafkaloadCommand.EXIT_FAILED;
        });
  }

  /**
   * The plan before the config is read: the environment and {@code --offsets-dir}, read once. The
   * config's runtime block then wins over it ({@link RunPlan#forLoad}).
   */
  private RunPlan startup() {
    if (startup == null) {
      startup = RunPlan.fromSystem(offsetsDir);
    }
    return startup;
  }

  private void reportEarlyFailure(String source, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    RunReport report =
        new RunReport(
            source,
            RunReport.FAILED,
            message,
            now,
            now,
            0,
            0,
            0,
            0,
            List.of(),
            null,
            null,
            null,
            null);
    try {
      ReportWriter.write(
          report, reportFile, ReportWriter.terminationLog(startup().terminationLog()), System.out);
    } catch (Exception ignored) {
      // the reason still goes to stderr
    }
  }
}
