package io.kafkaload.worker.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = KafkaloadCommand.class.getPackage().getImplementationVersion();
    return new String[] {"kafkaload " + (v == null ? "dev" : v)};
  }
}
