package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaConnection;
import java.util.ArrayList;
import java.util.List;

/** Checks a KafkaConnection spec before it is probed. */
public final class ConnectionSpecValidator {

  private ConnectionSpecValidator() {}

  /** The problems of {@code connection}'s spec; empty when it can be probed. */
  public static List<String> validate(KafkaConnection connection) {
    List<String> problems = new ArrayList<>();
    String servers =
        connection.getSpec() == null ? null : connection.getSpec().getBootstrapServers();
    if (servers == null || servers.isBlank()) {
      problems.add("spec.bootstrapServers: missing; set host:port[,host:port...]");
      return problems;
    }
    for (String server : servers.split(",")) {
      String entry = server.trim();
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || !validPort(entry.substring(colon + 1))) {
        problems.add(
            "spec.bootstrapServers: '%s' is not host:port with a port from 1 to 65535; fix the entry"
                .formatted(entry));
      }
    }
    return problems;
  }

  private static boolean validPort(String port) {
    try {
      int value = Integer.parseInt(port);
      return value >= 1 && value <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
