package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.SaslMechanism;
import io.kafkaload.operator.api.SaslSpec;
import io.kafkaload.operator.api.SchemaRegistrySpec;
import io.kafkaload.operator.api.SecretKeyRef;
import io.kafkaload.operator.api.SecretRef;
import io.kafkaload.operator.api.SecurityProtocol;
import io.kafkaload.operator.api.SecuritySpec;
import io.kafkaload.operator.api.TlsSpec;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.testing.FakeSchemaRegistry;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections with Secret references, against a real SASL/PLAIN broker and a registry stand-in that
 * checks basic auth: Connected, AuthenticationFailed, SecretMissing; worker pods get the Secrets
 * (the connection's, a load's salt, a JDBC sink's and an Iceberg catalog's) as read-only files; and
 * no credential or salt appears in any object the operator wrote, nor in its log.
 */
@QuarkusTest
class ConnectionSecretsOperatorTest {

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;
  private HttpServer registry;
  private final List<String> log = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (log) {
            log.add(String.valueOf(record.getMessage()) + " " + List.of(params(record)));
            if (record.getThrown() != null) {
              log.add(String.valueOf(record.getThrown()));
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private static Object[] params(LogRecord record) {
    return record.getParameters() == null ? new Object[0] : record.getParameters();
  }

  @BeforeEach
  void setUp() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    Logger.getLogger("").removeHandler(capture);
    if (registry != null) {
      registry.stop(0);
    }
  }

  @Test
  void secretsReachTheProbeAndThePodsButNothingElse() throws Exception {
    String canary = "canary-" + UUID.randomUUID();
    String wrongPassword = "canary-wrong-" + UUID.randomUUID();
    String salt = "canary-salt-" + UUID.randomUUID();
    registry = FakeSchemaRegistry.start("registry-user", canary);
    fixtures.createSecret(
        "sasl-creds", Map.of("username", TestKafka.SASL_USER, "password", TestKafka.SASL_PASSWORD));
    fixtures.createSecret(
        "registry-creds", Map.of("username", "registry-user", "password", canary));
    fixtures.createSecret(
        "bad-creds", Map.of("username", TestKafka.SASL_USER, "password", wrongPassword));
    fixtures.createSecret("orders-salt", Map.of("salt", salt));
    // The table sinks' own Secrets: the PostgreSQL connection and the Iceberg catalog's token.
    String dbPassword = "canary-db-" + UUID.randomUUID();
    String dbUrl = "jdbc:postgresql://db.example:5432/canary-" + UUID.randomUUID();
    String catalogToken = "canary-token-" + UUID.randomUUID();
    fixtures.createSecret(
        "customers-db", Map.of("url", dbUrl, "user", "kafkaload", "password", dbPassword));
    fixtures.createSecret("lakehouse-catalog", Map.of("token", catalogToken));

    connection(
        "secure",
        "sasl-creds",
        "http://127.0.0.1:" + registry.getAddress().getPort(),
        "registry-creds");
    connection("wrong-password", "bad-creds", null, null);
    connection("no-secret", "does-not-exist", null, null);

    var connected = awaitReady("secure", "True");
    assertThat(connected.getReason()).isEqualTo("Connected");
    assertThat(connected.getMessage()).contains("schema registry");
    assertThat(fixtures.connection("secure").getStatus().getClusterId()).isNotBlank();
    assertThat(awaitReady("wrong-password", "False").getReason()).isEqualTo("AuthenticationFailed");
    var missing = awaitReady("no-secret", "False");
    assertThat(missing.getReason()).isEqualTo("SecretMissing");
    assertThat(missing.getMessage()).contains("Secret does-not-exist");

    // The load's own Secret (the schema's salt) goes the same way as the connection's.
    fixtures.create(Fixtures.exampleLoad("kafkaload-validated.yaml", "secure-batch", "secure"));
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-streaming-json.yaml", "secure-stream", "secure"));
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-scheduled.yaml", "secure-cron", "secure"));
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "refused-batch", "wrong-password"));
    fixtures.create(Fixtures.exampleLoad("kafkaload-postgres.yaml", "secure-postgres", "secure"));
    fixtures.create(Fixtures.exampleLoad("kafkaload-iceberg.yaml", "secure-iceberg", "secure"));
    var job = fixtures.awaitSingleJob("secure-batch");
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () ->
                fixtures.deployment("secure-stream") != null
                    && fixtures.cronJob("secure-cron") != null
                    && fixtures.cronJob("secure-postgres") != null
                    && fixtures.deployment("secure-iceberg") != null);
    fixtures.awaitLoadCondition(
        "refused-batch", "ConnectionReady", "False", "AuthenticationFailed");

    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("orders-salt", "registry-creds", "sasl-creds");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith("/var/run/secrets/kafkaload/"))
        .extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
        .containsExactly(
            "/var/run/secrets/kafkaload/orders-salt:true",
            "/var/run/secrets/kafkaload/registry-creds:true",
            "/var/run/secrets/kafkaload/sasl-creds:true");

    var postgresPod =
        fixtures
            .cronJob("secure-postgres")
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(secretMounts(postgresPod))
        .containsExactly(
            "/var/run/secrets/kafkaload/customers-db:true",
            "/var/run/secrets/kafkaload/registry-creds:true",
            "/var/run/secrets/kafkaload/sasl-creds:true");
    var icebergPod = fixtures.deployment("secure-iceberg").getSpec().getTemplate().getSpec();
    assertThat(secretMounts(icebergPod))
        .containsExactly(
            "/var/run/secrets/kafkaload/lakehouse-catalog:true",
            "/var/run/secrets/kafkaload/registry-creds:true",
            "/var/run/secrets/kafkaload/sasl-creds:true");
    assertThat(icebergPod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName() + ":" + v.getSecret().getDefaultMode())
        .contains("lakehouse-catalog:" + 0440);

    List<String> needles = new ArrayList<>();
    for (String value :
        List.of(
            canary,
            wrongPassword,
            salt,
            TestKafka.SASL_PASSWORD,
            dbPassword,
            dbUrl,
            catalogToken)) {
      needles.add(value);
      needles.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
    for (HasMetadata written : everythingButSecrets()) {
      String json = Serialization.asJson(written);
      for (String needle : needles) {
        assertThat(json)
            .as(
                "%s %s must not contain a credential",
                written.getKind(), written.getMetadata().getName())
            .doesNotContain(needle);
      }
    }
    synchronized (log) {
      assertThat(log).isNotEmpty();
      for (String line : log) {
        for (String needle : needles) {
          assertThat(line).as("operator log line").doesNotContain(needle);
        }
      }
    }
  }

  @Test
  void tlsWithACaAndAClientCertificateFromSecrets() {
    String bootstrap = TestKafka.sslBootstrapServers();
    var certificate = TestKafka.sslCertificate();
    fixtures.createSecret("broker-ca", Map.of("ca.crt", certificate.certificatePem()));
    fixtures.createSecret(
        "client-cert",
        Map.of("tls.crt", certificate.certificatePem(), "tls.key", certificate.privateKeyPem()));
    tlsConnection("tls-mutual", bootstrap, "broker-ca", "client-cert");
    tlsConnection("tls-no-client-cert", bootstrap, "broker-ca", null);
    tlsConnection("tls-no-ca", bootstrap, null, "client-cert");

    var connected = awaitReady("tls-mutual", "True");
    assertThat(connected.getReason()).isEqualTo("Connected");
    // The broker requires a client certificate, and its own is trusted through the CA only.
    assertThat(awaitReady("tls-no-client-cert", "False").getReason())
        .isIn("AuthenticationFailed", "Unreachable");
    assertThat(awaitReady("tls-no-ca", "False").getReason())
        .isIn("AuthenticationFailed", "Unreachable");

    String keyBody =
        certificate
            .privateKeyPem()
            .lines()
            .filter(l -> !l.startsWith("-----"))
            .findFirst()
            .orElseThrow();
    for (HasMetadata written : everythingButSecrets()) {
      assertThat(Serialization.asJson(written))
          .as("%s %s", written.getKind(), written.getMetadata().getName())
          .doesNotContain(keyBody);
    }
  }

  private void tlsConnection(String name, String bootstrap, String caSecret, String clientSecret) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(Fixtures.NAMESPACE).build());
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers(bootstrap);
    SecuritySpec security = new SecuritySpec();
    security.setProtocol(SecurityProtocol.Ssl);
    TlsSpec tls = new TlsSpec();
    if (caSecret != null) {
      SecretKeyRef ca = new SecretKeyRef();
      ca.setName(caSecret);
      tls.setCaSecretRef(ca);
    }
    if (clientSecret != null) {
      tls.setClientCertSecretRef(ref(clientSecret));
    }
    security.setTls(tls);
    spec.setSecurity(security);
    connection.setSpec(spec);
    client.resource(connection).create();
  }

  private List<HasMetadata> everythingButSecrets() {
    List<HasMetadata> all = new ArrayList<>();
    String ns = Fixtures.NAMESPACE;
    all.addAll(client.configMaps().inNamespace(ns).list().getItems());
    all.addAll(client.batch().v1().jobs().inNamespace(ns).list().getItems());
    all.addAll(client.batch().v1().cronjobs().inNamespace(ns).list().getItems());
    all.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
    all.addAll(client.persistentVolumeClaims().inNamespace(ns).list().getItems());
    all.addAll(client.v1().events().inNamespace(ns).list().getItems());
    all.addAll(client.resources(KafkaLoad.class).inNamespace(ns).list().getItems());
    all.addAll(client.resources(KafkaConnection.class).inNamespace(ns).list().getItems());
    assertThat(all).hasSizeGreaterThan(8);
    return all;
  }

  /** The Secret mounts of a worker pod, as {@code path:readOnly}. */
  private static List<String> secretMounts(io.fabric8.kubernetes.api.model.PodSpec pod) {
    return pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getMountPath().startsWith("/var/run/secrets/kafkaload/"))
        .map(m -> m.getMountPath() + ":" + m.getReadOnly())
        .toList();
  }

  private void connection(
      String name, String saslSecret, String registryUrl, String registrySecret) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(Fixtures.NAMESPACE).build());
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers(TestKafka.saslBootstrapServers());
    SecuritySpec security = new SecuritySpec();
    security.setProtocol(SecurityProtocol.SaslPlaintext);
    SaslSpec sasl = new SaslSpec();
    sasl.setMechanism(SaslMechanism.Plain);
    sasl.setSecretRef(ref(saslSecret));
    security.setSasl(sasl);
    spec.setSecurity(security);
    if (registryUrl != null) {
      SchemaRegistrySpec schemaRegistry = new SchemaRegistrySpec();
      schemaRegistry.setUrl(registryUrl);
      schemaRegistry.setBasicAuthSecretRef(ref(registrySecret));
      spec.setSchemaRegistry(schemaRegistry);
    }
    connection.setSpec(spec);
    client.resource(connection).create();
  }

  private static SecretRef ref(String name) {
    SecretRef ref = new SecretRef();
    ref.setName(name);
    return ref;
  }

  private io.fabric8.kubernetes.api.model.Condition awaitReady(String name, String status) {
    return await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> {
              KafkaConnection c = fixtures.connection(name);
              return c == null || c.getStatus() == null
                  ? null
                  : Conditions.find(c.getStatus().getConditions(), "Ready").orElse(null);
            },
            c -> c != null && status.equals(c.getStatus()));
  }
}
