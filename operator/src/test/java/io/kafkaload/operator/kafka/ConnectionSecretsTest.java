package io.kafkaload.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which Secret keys a connection needs, how missing ones are reported, the client properties. */
class ConnectionSecretsTest {

  private static KafkaConnectionSpec secure() {
    KafkaConnection connection =
        Examples.connection(
            Path.of(
                Examples.repoRoot().toString(), "examples", "kafkaload-sasl-tls-registry.yaml"));
    return connection.getSpec();
  }

  private static final Map<String, Map<String, String>> SECRETS =
      Map.of(
          "kafka-credentials", Map.of("username", "loader", "password", "pa\"ss\\word"),
          "kafka-ca", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----"),
          "registry-credentials", Map.of("username", "reg", "password", "reg-pw"));

  @Test
  void neededKeysFollowTheSpec() {
    assertThat(SecretRefs.needed(secure()))
        .extracting(n -> n.secret() + "/" + n.key())
        .containsExactly(
            "kafka-credentials/username",
            "kafka-credentials/password",
            "kafka-ca/ca.crt",
            "registry-credentials/username",
            "registry-credentials/password");
    assertThat(SecretRefs.names(secure()))
        .containsExactly("kafka-ca", "kafka-credentials", "registry-credentials");
    KafkaConnectionSpec plain = new KafkaConnectionSpec();
    plain.setBootstrapServers("k:9092");
    assertThat(SecretRefs.needed(plain)).isEmpty();
  }

  @Test
  void missingSecretOrKeyIsNamedWithoutValues() {
    var missingSecret =
        SecretValues.read(
            SecretRefs.needed(secure()),
            name -> name.equals("kafka-ca") ? Optional.empty() : Optional.of(SECRETS.get(name)));
    assertThat(missingSecret.complete()).isFalse();
    assertThat(missingSecret.missing())
        .isEqualTo(
            "Secret kafka-ca (spec.security.tls.caSecretRef) not found in the connection's"
                + " namespace; create it");

    var missingKey =
        SecretValues.read(
            SecretRefs.needed(secure()),
            name ->
                Optional.of(
                    name.equals("registry-credentials")
                        ? Map.of("username", "reg")
                        : SECRETS.get(name)));
    assertThat(missingKey.missing())
        .isEqualTo(
            "Secret registry-credentials (spec.schemaRegistry.basicAuthSecretRef) has no key"
                + " password; add it");
  }

  @Test
  void clientPropertiesCarrySecurityAndAllowedOptionsOnly() {
    var values =
        SecretValues.read(SecretRefs.needed(secure()), name -> Optional.of(SECRETS.get(name)));
    assertThat(values.complete()).isTrue();
    assertThat(values.values().toString()).doesNotContain("loader").doesNotContain("reg-pw");
    KafkaConnectionSpec spec = secure();
    spec.getOptions().put("sasl.jaas.config", "evil");

    var props = KafkaClientConfig.properties(spec, values.values());

    assertThat(props)
        .containsEntry("bootstrap.servers", "kafka-0.kafka.svc:9093,kafka-1.kafka.svc:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----")
        .containsEntry("client.rack", "zone-a");
    assertThat((String) props.get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"loader\" password=\"pa\\\"ss\\\\word\";");
  }
}
