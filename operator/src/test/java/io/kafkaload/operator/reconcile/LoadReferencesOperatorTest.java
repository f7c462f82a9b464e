package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.testing.TestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Secrets and PVCs a load names are looked up before its workload is created: a missing one is
 * Ready=False (SecretMissing or ClaimNotFound) naming it, the field and the fix, and nothing is
 * created until it exists; then the load starts without a spec change.
 */
@QuarkusTest
class LoadReferencesOperatorTest {

  private static final String CONNECTION = "refs-kafka";

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures.ensureReadyConnection(CONNECTION);
  }

  @Test
  void aMissingSaltSecretOrKeyIsReportedUntilItExists() {
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-validated.yaml", "salted", CONNECTION);
    load.getSpec().getSchema().getSalt().setName("refs-salt");
    fixtures.create(load);

    Condition missing = fixtures.awaitLoadCondition("salted", "Ready", "False", "SecretMissing");
    assertThat(missing.getMessage())
        .isEqualTo(
            "Secret refs-salt (spec.schema.salt) not found in namespace test; create it with keys"
                + " salt");
    assertThat(fixtures.loadCondition("salted", "Stalled").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(fixtures.loadCondition("salted", "ConnectionReady").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(fixtures.jobsOf("salted")).isEmpty();
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(Fixtures.NAMESPACE).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "SecretMissing".equals(e.getReason())
                                && "salted".equals(e.getInvolvedObject().getName())
                                && e.getMessage().contains("refs-salt")));

    fixtures.createSecret("refs-salt", Map.of("pepper", "not-the-key"));
    Condition noKey =
        await()
            .atMost(Fixtures.TIMEOUT)
            .until(
                () -> fixtures.loadCondition("salted", "Ready").orElse(null),
                c -> c != null && c.getMessage().contains("has no key"));
    assertThat(noKey.getReason()).isEqualTo("SecretMissing");
    assertThat(noKey.getMessage())
        .isEqualTo("Secret refs-salt (spec.schema.salt) has no key salt; add it");
    assertThat(fixtures.jobsOf("salted")).isEmpty();

    fixtures.createSecret("refs-salt", Map.of("salt", "a-salt-value"));
    fixtures.awaitSingleJob("salted");
    fixtures.awaitLoadCondition("salted", "Ready", "False", "RunInProgress");
  }

  @Test
  void tableSinkSecretsNeedTheKeysTheWorkerReads() {
    fixtures.createSecret("refs-db", Map.of("url", "jdbc:postgresql://db:5432/app", "user", "u"));
    fixtures.createSecret("refs-catalog", Map.of("warehouse", "not-a-credential"));
    KafkaLoad postgres = Fixtures.exampleLoad("kafkaload-postgres.yaml", "refs-pg", CONNECTION);
    postgres.getSpec().getSink().getJdbc().getSecretRef().setName("refs-db");
    fixtures.create(postgres);
    KafkaLoad iceberg = Fixtures.exampleLoad("kafkaload-iceberg.yaml", "refs-ice", CONNECTION);
    iceberg.getSpec().getSink().getIceberg().getCatalog().getSecretRef().setName("refs-catalog");
    fixtures.create(iceberg);

    assertThat(
            fixtures.awaitLoadCondition("refs-pg", "Ready", "False", "SecretMissing").getMessage())
        .isEqualTo("Secret refs-db (spec.sink.jdbc.secretRef) has no key password; add it");
    assertThat(
            fixtures.awaitLoadCondition("refs-ice", "Ready", "False", "SecretMissing").getMessage())
        .isEqualTo(
            "Secret refs-catalog (spec.sink.iceberg.catalog.secretRef) has none of the keys token,"
                + " credential; add one");
    assertThat(fixtures.cronJob("refs-pg")).isNull();
    assertThat(fixtures.deployment("refs-ice")).isNull();

    fixtures.createSecret(
        "refs-db", Map.of("url", "jdbc:postgresql://db:5432/app", "user", "u", "password", "p"));
    fixtures.createSecret("refs-catalog", Map.of("credential", "id:secret"));
    await().atMost(Fixtures.TIMEOUT).until(() -> fixtures.cronJob("refs-pg") != null);
    await().atMost(Fixtures.TIMEOUT).until(() -> fixtures.deployment("refs-ice") != null);
  }

  @Test
  void aMissingClaimIsReportedUntilItExists() {
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-streaming-json.yaml", "unclaimed", CONNECTION);
    load.getSpec().getSink().getFiles().setClaimName("refs-data");
    fixtures.createAsIs(load);

    Condition missing = fixtures.awaitLoadCondition("unclaimed", "Ready", "False", "ClaimNotFound");
    assertThat(missing.getMessage())
        .startsWith(
            "PersistentVolumeClaim refs-data (spec.sink.files.claimName) not found in namespace"
                + " test; create it, or remove claimName");
    assertThat(fixtures.deployment("unclaimed")).isNull();

    fixtures.createClaim("refs-data");
    await().atMost(Fixtures.TIMEOUT).until(() -> fixtures.deployment("unclaimed") != null);
  }

  @Test
  void aSuspendedLoadIsNotHeldBackByAMissingSecret() {
    KafkaLoad load = Fixtures.exampleLoad("kafkaload-validated.yaml", "salted-paused", CONNECTION);
    load.getSpec().getSchema().getSalt().setName("refs-salt-never-created");
    load.getSpec().setSuspend(true);
    fixtures.create(load);

    fixtures.awaitLoadCondition("salted-paused", "Ready", "True", "Suspended");
  }
}
