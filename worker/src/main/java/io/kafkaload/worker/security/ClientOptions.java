package io.kafkaload.worker.security;

import io.kafkaload.contract.ClientOptionRules;
import io.kafkaload.worker.config.ConfigException;
import java.util.Map;

/**
 * Kafka client properties passed through {@code options}, checked before any client is built
 * against the allowlist the operator applies too ({@link ClientOptionRules}: tuning and timeouts
 * pass; what can load code, read files, reach login endpoints or carry credentials is refused with
 * the reason). The worker checks again because its config may come from elsewhere than the operator
 * ({@code kafkaload run -f}, {@code kafkaload load}).
 */
public final class ClientOptions {

  private ClientOptions() {}

  /** Checks every option; throws naming the first refused property and why. */
  public static Map<String, String> check(Map<String, String> options, String field) {
    if (options == null) {
      return Map.of();
    }
    for (String name : options.keySet()) {
      String reason = ClientOptionRules.refusal(name);
      if (reason != null) {
        throw new ConfigException(field + "." + name + " is not allowed: " + reason);
      }
    }
    return options;
  }
}
