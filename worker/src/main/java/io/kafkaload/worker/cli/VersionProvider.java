package io.kafkaload.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The project version, written into the classes by the build ({@code version.txt}). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"kafkaload " + version()};
  }

  static String version() {
    try (InputStream in =
        KafkaloadCommand.class.getResourceAsStream("/io/kafkaload/worker/version.txt")) {
      if (in != null) {
        String v = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!v.isEmpty() && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through to the manifest
    }
    String v = KafkaloadCommand.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
