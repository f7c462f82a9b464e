package io.kafkaload.worker.registry;

import static io.kafkaload.worker.registry.SchemaRegistryClientTest.USER;
import static io.kafkaload.worker.registry.SchemaRegistryClientTest.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.security.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from a Secret, in the Authorization header only; clear errors when refused. */
class RegistryAuthTest {

  @TempDir Path secrets;
  private final TestSchemaRegistry registry = new TestSchemaRegistry();

  @AfterEach
  void stop() {
    registry.close();
  }

  private SchemaRegistryClient client(String url, String secret, Long giveUpMs) {
    return SchemaRegistryClient.create(
        new ConnectionSpec.SchemaRegistry(
            url, secret == null ? null : new ConnectionSpec.SecretRef(secret)),
        new SecretFiles(secrets),
        fast(giveUpMs));
  }

  private void secret(String name, String user, String password) throws Exception {
    Files.createDirectories(secrets.resolve(name));
    Files.writeString(secrets.resolve(name).resolve("username"), user + "\n");
    Files.writeString(secrets.resolve(name).resolve("password"), password + "\n");
  }

  @Test
  void basicAuthFromTheSecretGoesInTheAuthorizationHeaderOnly() throws Exception {
    secret("registry-auth", "reader", "s3cret:with-colon");
    registry.requireBasicAuth("reader", "s3cret:with-colon");
    int id = registry.register("users-value", USER);

    SchemaRegistryClient client = client(registry.url(), "registry-auth", 1000L);

    assertThat(client.schemaById(id).schema()).isEqualTo(USER);
    assertThat(registry.authorizations())
        .containsExactly(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("reader:s3cret:with-colon".getBytes(StandardCharsets.UTF_8)));
    assertThat(client.toString()).doesNotContain("s3cret");
  }

  @Test
  void wrongCredentialsFailNamingTheSecretNeverTheValue() throws Exception {
    secret("registry-auth", "reader", "wrong-password");
    registry.requireBasicAuth("reader", "right");
    SchemaRegistryClient client = client(registry.url(), "registry-auth", 1000L);

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTHENTICATION_FAILED);
              assertThat(e.getMessage())
                  .startsWith("AuthenticationFailed:")
                  .contains("401")
                  .contains("Secret registry-auth")
                  .doesNotContain("wrong-password")
                  .doesNotContain("reader");
            });
    assertThat(registry.requests()).isEqualTo(1); // not retried
  }

  @Test
  void missingCredentialsSayWhereToPutThem() {
    registry.requireBasicAuth("reader", "right");
    assertThatThrownBy(() -> client(registry.url(), null, 1000L).schemaById(1))
        .hasMessageContaining("KafkaConnection spec.schemaRegistry.basicAuthSecretRef");
  }

  @Test
  void forbiddenSaysTheUserMayNotRead() throws Exception {
    secret("registry-auth", "reader", "pw");
    registry.forbid(true);
    assertThatThrownBy(() -> client(registry.url(), "registry-auth", 1000L).schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("403")
                    .contains("the user in Secret registry-auth may not read this"));
  }

  @Test
  void unreadableSecretIsAConfigError() {
    assertThatThrownBy(() -> client(registry.url(), "absent", 1000L))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secret absent key username");
  }

  @Test
  void urlMustBeThereAndHoldNoCredentials() {
    assertThatThrownBy(() -> client(null, null, 1000L))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KafkaConnection spec.schemaRegistry.url is required");
    assertThatThrownBy(() -> client("http://bob:hunter2@registry:8081", null, 1000L))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basicAuthSecretRef")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> client("ftp://registry", null, 1000L))
        .hasMessageContaining("http:// or https://");
  }
}
