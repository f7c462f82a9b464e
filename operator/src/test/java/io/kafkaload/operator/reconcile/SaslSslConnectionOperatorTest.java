package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.SaslMechanism;
import io.kafkaload.operator.api.SaslSpec;
import io.kafkaload.operator.api.SchemaRegistrySpec;
import io.kafkaload.operator.api.SecretKeyRef;
import io.kafkaload.operator.api.SecretRef;
import io.kafkaload.operator.api.SecurityProtocol;
import io.kafkaload.operator.api.SecuritySpec;
import io.kafkaload.operator.api.TlsSpec;
import io.kafkaload.operator.kafka.AdminClientProbe;
import io.kafkaload.operator.kafka.KafkaClientConfig;
import io.kafkaload.operator.kafka.ProbeResult;
import io.kafkaload.operator.kafka.SecretRefs;
import io.kafkaload.operator.kafka.SecretValues;
import io.kafkaload.operator.testing.FakeSchemaRegistry;
import io.kafkaload.operator.testing.TestCa;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * KafkaConnections with protocol SaslSsl and SCRAM against a real broker whose certificate a
 * private CA signed, and an https schema registry signed by the same CA: the CA Secret is trusted
 * for both.
 */
@QuarkusTest
class SaslSslConnectionOperatorTest {

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;
  private HttpsServer registry;

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.stop(0);
    }
  }

  @Test
  void scramOverTlsWithARegistryOnThePrivateCa() throws Exception {
    TestCa ca = TestKafka.saslSslCa();
    registry = FakeSchemaRegistry.startHttps("registry-user", "registry-pw", ca.issueLocalhost());
    String registryUrl = "https://127.0.0.1:" + registry.getAddress().getPort();
    fixtures.createSecret("private-ca", Map.of("ca.crt", ca.certificatePem()));
    fixtures.createSecret(
        "other-ca", Map.of("ca.crt", TestCa.create("unrelated-ca").certificatePem()));
    fixtures.createSecret(
        "scram-creds",
        Map.of("username", TestKafka.SCRAM_USER, "password", TestKafka.SCRAM_PASSWORD));
    fixtures.createSecret(
        "scram-wrong", Map.of("username", TestKafka.SCRAM_USER, "password", "wrong-password"));
    fixtures.createSecret(
        "registry-basic", Map.of("username", "registry-user", "password", "registry-pw"));

    create("scram-256", SaslMechanism.ScramSha256, "scram-creds", "private-ca", registryUrl);
    create("scram-512", SaslMechanism.ScramSha512, "scram-creds", "private-ca", null);
    create("scram-wrong", SaslMechanism.ScramSha512, "scram-wrong", "private-ca", null);
    create("scram-other-ca", SaslMechanism.ScramSha256, "scram-creds", "other-ca", null);

    Condition withRegistry = fixtures.awaitConnectionReady("scram-256", "True");
    assertThat(withRegistry.getReason()).isEqualTo("Connected");
    assertThat(withRegistry.getMessage()).contains("schema registry " + registryUrl + " answered");
    assertThat(fixtures.connection("scram-256").getStatus().getClusterId()).isNotBlank();
    assertThat(fixtures.connection("scram-256").getStatus().getBrokers()).isEqualTo(1);

    assertThat(fixtures.awaitConnectionReady("scram-512", "True").getReason())
        .isEqualTo("Connected");

    Condition wrong = fixtures.awaitConnectionReady("scram-wrong", "False");
    assertThat(wrong.getReason()).isEqualTo("AuthenticationFailed");
    assertThat(wrong.getMessage())
        .contains("SCRAM-SHA-512")
        .contains("spec.security.sasl.secretRef")
        .doesNotContain("wrong-password");

    Condition untrusted = fixtures.awaitConnectionReady("scram-other-ca", "False");
    assertThat(untrusted.getReason()).isEqualTo("AuthenticationFailed");
    assertThat(untrusted.getMessage()).contains("spec.security.tls.caSecretRef");
  }

  @Test
  void aRegistryOnThePrivateCaIsRefusedWithoutIt() throws Exception {
    // The brokers trust the CA through the connection, but this registry's CA is another one.
    TestCa registryCa = TestCa.create("registry-only-ca");
    registry =
        FakeSchemaRegistry.startHttps("registry-user", "registry-pw", registryCa.issueLocalhost());
    String registryUrl = "https://127.0.0.1:" + registry.getAddress().getPort();
    fixtures.createSecret(
        "broker-ca-only", Map.of("ca.crt", TestKafka.saslSslCa().certificatePem()));
    fixtures.createSecret(
        "scram-creds-2",
        Map.of("username", TestKafka.SCRAM_USER, "password", TestKafka.SCRAM_PASSWORD));
    fixtures.createSecret(
        "registry-basic", Map.of("username", "registry-user", "password", "registry-pw"));
    create(
        "registry-untrusted",
        SaslMechanism.ScramSha256,
        "scram-creds-2",
        "broker-ca-only",
        registryUrl);

    Condition ready = fixtures.awaitConnectionReady("registry-untrusted", "False");
    assertThat(ready.getReason()).isEqualTo("AuthenticationFailed");
    assertThat(ready.getMessage())
        .contains("TLS handshake with schema registry " + registryUrl)
        .contains("a CA in spec.security.tls.caSecretRef");
  }

  @Test
  void theProbeConnectsWithEachMechanismAndExplainsAWrongPassword() {
    TestCa ca = TestKafka.saslSslCa();
    for (SaslMechanism mechanism : SaslMechanism.values()) {
      boolean plain = mechanism == SaslMechanism.Plain;
      String user = plain ? TestKafka.SASL_USER : TestKafka.SCRAM_USER;
      String password = plain ? TestKafka.SASL_PASSWORD : TestKafka.SCRAM_PASSWORD;
      ProbeResult right = probe(mechanism, user, password, ca);
      assertThat(right.reason()).as(mechanism + ": " + right.message()).isEqualTo("Connected");
      assertThat(right.clusterId()).isNotBlank();
      assertThat(right.brokers()).isEqualTo(1);

      ProbeResult wrong = probe(mechanism, user, "not-the-password", ca);
      assertThat(wrong.reachable()).isFalse();
      assertThat(wrong.reason()).isEqualTo("AuthenticationFailed");
      assertThat(wrong.message())
          .contains(KafkaClientConfig.kafkaMechanism(mechanism))
          .contains("spec.security.sasl.secretRef")
          .doesNotContain("not-the-password");
    }
    ProbeResult untrusted =
        probe(
            SaslMechanism.ScramSha512,
            TestKafka.SCRAM_USER,
            TestKafka.SCRAM_PASSWORD,
            TestCa.create("some-other-ca"));
    assertThat(untrusted.reason()).isEqualTo("AuthenticationFailed");
    assertThat(untrusted.message())
        .contains("TLS handshake")
        .contains("spec.security.tls.caSecretRef");
  }

  /** The real probe, with the client properties the operator builds from a spec and Secrets. */
  private static ProbeResult probe(
      SaslMechanism mechanism, String user, String password, TestCa ca) {
    KafkaConnectionSpec spec = spec(mechanism, "kafka-user", "kafka-ca", null);
    Map<String, Map<String, String>> secrets =
        Map.of(
            "kafka-user", Map.of("username", user, "password", password),
            "kafka-ca", Map.of("ca.crt", ca.certificatePem()));
    SecretValues.Result values =
        SecretValues.read(SecretRefs.needed(spec), name -> Optional.ofNullable(secrets.get(name)));
    assertThat(values.complete()).isTrue();
    return new AdminClientProbe()
        .probe(KafkaClientConfig.properties(spec, values.values()), Duration.ofSeconds(10));
  }

  private void create(
      String name, SaslMechanism mechanism, String credentials, String caSecret, String registry) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(Fixtures.NAMESPACE).build());
    connection.setSpec(spec(mechanism, credentials, caSecret, registry));
    client.resource(connection).create();
  }

  private static KafkaConnectionSpec spec(
      SaslMechanism mechanism, String credentials, String caSecret, String registry) {
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers(TestKafka.saslSslBootstrapServers());
    SecuritySpec security = new SecuritySpec();
    security.setProtocol(SecurityProtocol.SaslSsl);
    SaslSpec sasl = new SaslSpec();
    sasl.setMechanism(mechanism);
    sasl.setSecretRef(ref(credentials));
    security.setSasl(sasl);
    TlsSpec tls = new TlsSpec();
    SecretKeyRef ca = new SecretKeyRef();
    ca.setName(caSecret);
    tls.setCaSecretRef(ca);
    security.setTls(tls);
    spec.setSecurity(security);
    if (registry != null) {
      SchemaRegistrySpec schemaRegistry = new SchemaRegistrySpec();
      schemaRegistry.setUrl(registry);
      schemaRegistry.setBasicAuthSecretRef(ref("registry-basic"));
      spec.setSchemaRegistry(schemaRegistry);
    }
    return spec;
  }

  private static SecretRef ref(String name) {
    SecretRef ref = new SecretRef();
    ref.setName(name);
    return ref;
  }
}
