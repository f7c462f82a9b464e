package io.kafkaload.operator.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allowlist of {@code KafkaConnection.spec.options}: tuning properties only. Everything else is
 * refused, in particular credentials and login modules ({@code sasl.jaas.config}, CVE-2023-25194),
 * login endpoint URLs (CVE-2025-27817), {@code config.providers} (CVE-2024-31141), class names and
 * file paths (keystores are mounted from Secrets, never named by the user).
 */
public final class ClientOptions {

  /** Properties a user may set. */
  public static final Set<String> ALLOWED =
      Set.of(
          "client.rack",
          "client.dns.lookup",
          "connections.max.idle.ms",
          "default.api.timeout.ms",
          "fetch.max.bytes",
          "fetch.max.wait.ms",
          "fetch.min.bytes",
          "heartbeat.interval.ms",
          "max.partition.fetch.bytes",
          "max.poll.interval.ms",
          "max.poll.records",
          "metadata.max.age.ms",
          "receive.buffer.bytes",
          "reconnect.backoff.max.ms",
          "reconnect.backoff.ms",
          "request.timeout.ms",
          "retry.backoff.max.ms",
          "retry.backoff.ms",
          "send.buffer.bytes",
          "session.timeout.ms",
          "socket.connection.setup.timeout.max.ms",
          "socket.connection.setup.timeout.ms",
          "ssl.cipher.suites",
          "ssl.enabled.protocols",
          "ssl.endpoint.identification.algorithm",
          "ssl.protocol");

  private ClientOptions() {}

  /** One problem line per refused option. */
  static void check(Map<String, String> options, List<String> problems) {
    if (options == null) {
      return;
    }
    options.keySet().stream()
        .sorted()
        .filter(key -> !ALLOWED.contains(key))
        .forEach(
            key ->
                problems.add(
                    "spec.options.%s: not an allowed client property (%s); remove it"
                        .formatted(key, why(key))));
  }

  private static String why(String key) {
    if (key.startsWith("sasl.") || key.contains("password") || key.startsWith("ssl.key")) {
      return "credentials come from Secrets referenced in spec.security";
    }
    if (key.endsWith(".class") || key.endsWith(".classes") || key.equals("config.providers")) {
      return "class names and config providers are never accepted";
    }
    if (key.endsWith(".location") || key.endsWith(".url") || key.endsWith(".urls")) {
      return "file paths and URLs are never accepted";
    }
    return "only tuning properties are accepted, see docs/operator-notes.md";
  }
}
