package io.kafkaload.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kafkaload} command line: {@code run}, {@code load} (Starlake's flags), {@code demo},
 * {@code version}.
 */
@Command(
    name = "kafkaload",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Loads Kafka topics into files and tables.",
    subcommands = {
      RunCommand.class,
      LoadCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KafkaloadCommand implements Runnable {

  /** Exit status of a run that failed. */
  public static final int EXIT_FAILED = 1;

  /** Exit status of a command line or configuration that cannot run. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    hardenKafkaClients();
    System.exit(commandLine().execute(args));
  }

  /** The command line with kafkaload's error handling, for {@code main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KafkaloadCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine
              .getErr()
              .println("kafkaload: error: " + io.kafkaload.worker.pipeline.Reasons.oneLine(e));
          return e instanceof io.kafkaload.worker.config.ConfigException ? EXIT_USAGE : EXIT_FAILED;
        });
    return cli;
  }

  /**
   * Refuses the JAAS login modules and config providers that turn client properties into code
   * execution or file reads (CVE-2023-25194, CVE-2024-31141), before any Kafka class loads.
   */
  static void hardenKafkaClients() {
    System.setProperty(
        "org.apache.kafka.disallowed.login.modules",
        "com.sun.security.auth.module.JndiLoginModule,com.sun.security.auth.module.LdapLoginModule");
    System.setProperty("org.apache.kafka.automatic.config.providers", "none");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a command: run, load, demo");
  }
}
