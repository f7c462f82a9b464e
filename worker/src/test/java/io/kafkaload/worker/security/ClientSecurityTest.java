package io.kafkaload.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security properties are built from Secret files, never from the document itself. */
class ClientSecurityTest {
  @TempDir Path secrets;

  private void secret(String name, String key, String value) throws IOException {
    Files.createDirectories(secrets.resolve(name));
    Files.writeString(secrets.resolve(name).resolve(key), value);
  }

  @Test
  void scramOverTlsFromSecretFiles() throws IOException {
    secret("kafka-user", "username", "loader\n");
    secret("kafka-user", "password", "pa\"ss");
    secret("kafka-ca", "ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    ConnectionSpec spec =
        new ConnectionSpec(
            "k:9093",
            new ConnectionSpec.Security(
                ConnectionSpec.Protocol.SaslSsl,
                new ConnectionSpec.Sasl(
                    ConnectionSpec.SaslMechanism.ScramSha256,
                    new ConnectionSpec.SecretRef("kafka-user")),
                new ConnectionSpec.Tls(new ConnectionSpec.SecretKeyRef("kafka-ca", null), null)),
            null,
            null);

    Map<String, Object> props = ClientSecurity.properties(spec, new SecretFiles(secrets));

    assertThat(props)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("ssl.truststore.type", "PEM");
    assertThat((String) props.get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
        .contains("username=\"loader\"")
        .contains("password=\"pa\\\"ss\"");
    assertThat((String) props.get("ssl.truststore.certificates")).contains("MIIB");
  }

  @Test
  void mutualTlsTakesTheTlsSecretKeys() throws IOException {
    secret("client", "tls.crt", "CERT");
    secret("client", "tls.key", "KEY");
    ConnectionSpec spec =
        new ConnectionSpec(
            "k:9093",
            new ConnectionSpec.Security(
                null, null, new ConnectionSpec.Tls(null, new ConnectionSpec.SecretRef("client"))),
            null,
            null);
    Map<String, Object> props = ClientSecurity.properties(spec, new SecretFiles(secrets));
    assertThat(props)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.certificate.chain", "CERT")
        .containsEntry("ssl.keystore.key", "KEY");
  }

  @Test
  void aMissingSecretNamesSecretKeyAndPathButNoValue() {
    ConnectionSpec spec =
        new ConnectionSpec(
            "k:9093",
            new ConnectionSpec.Security(
                ConnectionSpec.Protocol.SaslSsl,
                new ConnectionSpec.Sasl(null, new ConnectionSpec.SecretRef("absent")),
                null),
            null,
            null);
    assertThatThrownBy(() -> ClientSecurity.properties(spec, new SecretFiles(secrets)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secret absent key username")
        .hasMessageContaining(secrets.resolve("absent").toString());
  }

  @Test
  void secretNamesCannotEscapeTheSecretsFolder() {
    assertThatThrownBy(() -> new SecretFiles(secrets).read("../etc", "passwd"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> new SecretFiles(secrets).read("ok", "../../etc/passwd"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void noSecurityMeansNoProperties() {
    assertThat(ClientSecurity.properties(new ConnectionSpec("k:9092"), new SecretFiles(secrets)))
        .isEmpty();
  }
}
