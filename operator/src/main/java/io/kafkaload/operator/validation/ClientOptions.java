package io.kafkaload.operator.validation;

import io.kafkaload.contract.ClientOptionRules;
import java.util.List;
import java.util.Map;

/**
 * Kafka client properties in {@code KafkaConnection.spec.options} and {@code
 * KafkaLoad.spec.source.kafka.options}, judged by the allowlist the worker applies too ({@link
 * ClientOptionRules}), so a spec the worker would refuse never becomes a workload.
 */
final class ClientOptions {

  private ClientOptions() {}

  /** One problem line per refused option, under {@code field} (e.g. {@code spec.options}). */
  static void check(Map<String, String> options, String field, List<String> problems) {
    if (options == null) {
      return;
    }
    options.keySet().stream()
        .sorted()
        .forEach(
            key -> {
              String reason = ClientOptionRules.refusal(key);
              if (reason != null) {
                problems.add("%s.%s: not allowed: %s; remove it".formatted(field, key, reason));
              }
            });
  }
}
