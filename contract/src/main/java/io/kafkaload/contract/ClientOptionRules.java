package io.kafkaload.contract;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The allowlist of Kafka client properties in {@code KafkaConnection.spec.options} and {@code
 * KafkaLoad.spec.source.kafka.options}. Tuning and timeouts pass; what can load code, read files,
 * reach login endpoints or carry credentials is refused with the reason, because a KafkaLoad author
 * is not necessarily trusted with the worker's process:
 *
 * <ul>
 *   <li>{@code sasl.jaas.config}: JAAS login modules such as JndiLoginModule run code
 *       (CVE-2023-25194); credentials come from {@code security.sasl.secretRef} instead.
 *   <li>{@code *.class} / {@code *.classes}: they name Java classes to instantiate.
 *   <li>{@code config.providers} and {@code config.providers.*}: read files and the environment
 *       (CVE-2024-31141).
 *   <li>{@code sasl.oauthbearer.*.url}: user-set OAuth endpoints make the worker fetch any URL
 *       (CVE-2025-27817).
 *   <li>{@code *.location}, {@code *.password}, {@code *.key}, {@code *.certificates}, {@code
 *       *.certificate.chain}: files and secrets; use the connection's Secret references.
 *   <li>{@link #OWNED}: set by kafkaload from the spec.
 *   <li>anything that starts with none of {@link #ALLOWED_PREFIXES}.
 * </ul>
 *
 * <p>examples/contract/client-options.yaml is the reviewed golden copy of both lists and judges
 * cases ({@code ClientOptionsContractTest}): widening the allowlist means changing that file too.
 */
public final class ClientOptionRules {

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

  private ClientOptionRules() {}

  /** Whether {@code name} may be set. */
  public static boolean allowed(String name) {
    return refusal(name) == null;
  }

  /**
   * Why {@code raw} (trimmed, compared in lower case) is refused, without the field's name; null
   * when it is allowed.
   */
  public static String refusal(String raw) {
    String name = raw.trim().toLowerCase(Locale.ROOT);
    if (name.equals("sasl.jaas.config")) {
      return "JAAS login modules can run code (CVE-2023-25194); set"
          + " security.sasl.secretRef and mechanism instead";
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
      return "files and credentials come from the connection's Secret references (security.tls,"
          + " security.sasl)";
    }
    if (OWNED.contains(name)) {
      return "it is set by kafkaload from the spec";
    }
    for (String prefix : ALLOWED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return null;
      }
    }
    return "not on the allowlist of tuning properties; see the README's KafkaConnection"
        + " options";
  }
}
