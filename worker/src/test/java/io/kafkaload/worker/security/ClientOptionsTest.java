package io.kafkaload.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker's use of the options allowlist (the contract module's ClientOptionRules): tuning
 * passes, code, files, URLs and credentials are refused with the field, the name and the reason.
 */
class ClientOptionsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fetch.min.bytes",
        "max.poll.records",
        "session.timeout.ms",
        "request.timeout.ms",
        "client.rack",
        "ssl.endpoint.identification.algorithm",
        "isolation.level",
        "compression.type"
      })
  void tuningIsAllowed(String name) {
    assertThat(ClientOptions.check(Map.of(name, "1"), "spec.options")).containsKey(name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sasl.jaas.config|CVE-2023-25194",
        "SASL.JAAS.CONFIG|CVE-2023-25194",
        "sasl.login.callback.handler.class|Java classes",
        "interceptor.classes|Java classes",
        "config.providers|CVE-2024-31141",
        "config.providers.file.class|Java classes",
        "sasl.oauthbearer.token.endpoint.url|CVE-2025-27817",
        "sasl.oauthbearer.jwks.endpoint.url|CVE-2025-27817",
        "ssl.truststore.location|Secret references",
        "ssl.keystore.password|Secret references",
        "ssl.key.password|Secret references",
        "bootstrap.servers|set by kafkaload",
        "group.id|set by kafkaload",
        "enable.auto.commit|set by kafkaload",
        "metric.reporters|not on the allowlist"
      })
  void dangerousOrOwnedAreRefusedWithTheReason(String name, String reason) {
    assertThatThrownBy(() -> ClientOptions.check(Map.of(name, "x"), "KafkaConnection spec.options"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KafkaConnection spec.options." + name + " is not allowed")
        .hasMessageContaining(reason);
  }
}
