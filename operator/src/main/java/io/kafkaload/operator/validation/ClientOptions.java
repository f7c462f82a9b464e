package io.kafkaload.operator.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The allowlist of Kafka client properties in {@code KafkaConnection.spec.options} and {@code
 * KafkaLoad.spec.source.kafka.options}: the worker's own rules (its {@code ClientOptions}),
 * repeated here so a spec the worker would refuse never becomes a workload. Refused: {@code
 * sasl.jaas.config} (CVE-2023-25194), {@code *.class(es)}, {@code config.providers*}
 * (CVE-2024-31141), {@code sasl.oauthbearer.*.url} (CVE-2025-27817), file paths and credentials,
 * and what kafkaload sets itself; allowed: the tuning prefixes below.
 */
public final class ClientOptions {

  /** Pinned, with OWNED, by examples/contract/client-options.yaml (ClientOptionsContractTest). */
  static final List<String> ALLOWED_PREFIXES =
      List.of(
          "fetch.",
          "max.poll.",
          "max.partition.fetch.bytes",
          "receive.buffer.bytes",
          "send.buffer.bytes",
          "session.timeout.ms",
          "heartbeat.interval.ms",
          "request.timeout.ms",
          "default.api.timeout.ms",
          "retry.backoff.",
          "reconnect.backoff.",
          "socket.connection.setup.timeout.",
          "connections.max.idle.ms",
          "metadata.max.age.ms",
          "client.dns.lookup",
          "client.rack",
          "check.crcs",
          "isolation.level",
          "auto.offset.reset",
          "allow.auto.create.topics",
          "linger.ms",
          "batch.size",
          "buffer.memory",
          "compression.",
          "acks",
          "delivery.timeout.ms",
          "max.request.size",
          "max.block.ms",
          "max.in.flight.requests.per.connection",
          "ssl.endpoint.identification.algorithm",
          "ssl.protocol",
          "ssl.enabled.protocols",
          "ssl.cipher.suites",
          "sasl.login.refresh.",
          "sasl.login.connect.timeout.ms",
          "sasl.login.read.timeout.ms",
          "sasl.login.retry.backoff.");

  static final Set<String> OWNED =
      Set.of(
          "bootstrap.servers",
          "security.protocol",
          "sasl.mechanism",
          "group.id",
          "group.instance.id",
          "client.id",
          "enable.auto.commit",
          "partition.assignment.strategy",
          "transactional.id",
          "enable.idempotence");

  private ClientOptions() {}

  /** Whether {@code name} may be set. */
  public static boolean allowed(String name) {
    return refusal(name) == null;
  }

  /** One problem line per refused option, under {@code field} (e.g. {@code spec.options}). */
  static void check(Map<String, String> options, String field, List<String> problems) {
    if (options == null) {
      return;
    }
    options.keySet().stream()
        .sorted()
        .forEach(
            key -> {
              String reason = refusal(key);
              if (reason != null) {
                problems.add("%s.%s: not allowed: %s; remove it".formatted(field, key, reason));
              }
            });
  }

  /** Why {@code raw} is refused, or null when it is allowed. */
  static String refusal(String raw) {
    String name = raw.trim().toLowerCase(Locale.ROOT);
    if (name.equals("sasl.jaas.config")) {
      return "JAAS login modules can run code (CVE-2023-25194); credentials come from"
          + " security.sasl.secretRef";
    }
    if (name.endsWith(".class") || name.endsWith(".classes")) {
      return "it names Java classes to load";
    }
    if (name.startsWith("config.providers")) {
      return "config providers read files and the environment (CVE-2024-31141)";
    }
    if (name.startsWith("sasl.oauthbearer.") && name.endsWith(".url")) {
      return "user-set OAuth endpoint URLs are refused (CVE-2025-27817)";
    }
    if (name.endsWith(".location")
        || name.endsWith(".password")
        || name.endsWith(".key")
        || name.endsWith(".certificates")
        || name.endsWith(".certificate.chain")) {
      return "file paths and credentials come from the connection's Secret references";
    }
    if (OWNED.contains(name)) {
      return "it is set by kafkaload from the spec";
    }
    for (String prefix : ALLOWED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return null;
      }
    }
    return "not on the allowlist of tuning properties (docs/operator-notes.md)";
  }
}
