package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** KafkaConnection probing for real (a broker in the JVM, a closed port), and its loads. */
@QuarkusTest
class KafkaConnectionOperatorTest {

  private static final String BATCH = "kafkaload-batch-parquet.yaml";

  @Inject @TestClient KubernetesClient client;

  @Inject Fixtures fixtures;

  @Test
  void reachableClusterIsReadyWithItsIdAndBrokers() {
    fixtures.readyConnection("reachable");

    KafkaConnection ready = awaitConnectionReady("reachable", "True");
    assertThat(
            Conditions.find(ready.getStatus().getConditions(), "Ready").orElseThrow().getReason())
        .isEqualTo("Connected");
    assertThat(ready.getStatus().getClusterId()).isNotBlank();
    assertThat(ready.getStatus().getBrokers()).isEqualTo(1);
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
  }

  @Test
  void unreachableClusterIsNotReadyAndItsLoadsSaySo() {
    fixtures.createConnection("closed-port", "127.0.0.1:1");
    fixtures.create(Fixtures.exampleLoad(BATCH, "waiting", "closed-port"));

    KafkaConnection notReady = awaitConnectionReady("closed-port", "False");
    var condition = Conditions.find(notReady.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(condition.getReason()).isEqualTo("Unreachable");
    assertThat(condition.getMessage()).isNotBlank();

    var connectionReady =
        fixtures.awaitLoadCondition("waiting", "ConnectionReady", "False", "Unreachable");
    assertThat(connectionReady.getMessage()).contains("closed-port");
    var ready = fixtures.awaitLoadCondition("waiting", "Ready", "False", "ConnectionNotReady");
    assertThat(ready.getMessage()).contains("closed-port").contains("not Ready");
    assertThat(fixtures.jobsOf("waiting")).isEmpty();
  }

  @Test
  void missingConnectionIsReportedOnTheLoad() {
    fixtures.create(Fixtures.exampleLoad(BATCH, "orphan", "does-not-exist"));

    var connectionReady =
        fixtures.awaitLoadCondition("orphan", "ConnectionReady", "False", "ConnectionNotFound");
    assertThat(connectionReady.getMessage()).contains("does-not-exist").contains("create it");
    fixtures.awaitLoadCondition("orphan", "Ready", "False", "ConnectionNotReady");
  }

  @Test
  void loadStartsWhenItsConnectionBecomesReady() {
    fixtures.createConnection("fixed-later", "127.0.0.1:1");
    fixtures.create(Fixtures.exampleLoad(BATCH, "patient", "fixed-later"));
    fixtures.awaitLoadCondition("patient", "Ready", "False", "ConnectionNotReady");

    fixtures.editConnection(
        "fixed-later",
        connection -> {
          connection.getSpec().setBootstrapServers(TestKafka.bootstrapServers());
        });

    fixtures.awaitSingleJob("patient");
    fixtures.awaitLoadCondition("patient", "ConnectionReady", "True", "Connected");
  }

  @Test
  void invalidBootstrapServersAreAnInvalidSpec() {
    fixtures.createConnection("no-port", "kafka.example");

    KafkaConnection connection = awaitConnectionReady("no-port", "False");
    var condition = Conditions.find(connection.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(condition.getReason()).isEqualTo("InvalidSpec");
    assertThat(condition.getMessage()).contains("spec.bootstrapServers");
  }

  private KafkaConnection awaitConnectionReady(String name, String status) {
    return await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.connection(name),
            c ->
                c != null
                    && c.getStatus() != null
                    && Conditions.find(c.getStatus().getConditions(), "Ready")
                        .map(r -> status.equals(r.getStatus()))
                        .orElse(false));
  }
}
