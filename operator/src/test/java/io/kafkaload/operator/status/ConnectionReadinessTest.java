package io.kafkaload.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionStatus;
import io.kafkaload.operator.kafka.ProbeResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionReadinessTest {

  private static final Instant NOW = Instant.parse("2026-11-25T13:00:00Z");

  @Test
  void missingConnection() {
    var verdict = ConnectionReadiness.judge("k", "ns", Optional.empty());
    assertThat(verdict.ready()).isFalse();
    assertThat(verdict.reason()).isEqualTo("ConnectionNotFound");
    assertThat(verdict.message()).contains("KafkaConnection k not found in namespace ns");
  }

  @Test
  void notProbedYet() {
    var verdict = ConnectionReadiness.judge("k", "ns", Optional.of(connection(1L, null)));
    assertThat(verdict.ready()).isFalse();
    assertThat(verdict.reason()).isEqualTo("Probing");
  }

  @Test
  void statusOfAnOlderGenerationDoesNotCount() {
    KafkaConnection connection = connection(2L, ProbeResult.connected("id", 1));
    connection.getStatus().setObservedGeneration(1L);
    assertThat(ConnectionReadiness.judge("k", "ns", Optional.of(connection)).ready()).isFalse();
  }

  @Test
  void unreachableCarriesTheConnectionsReason() {
    var verdict =
        ConnectionReadiness.judge(
            "k", "ns", Optional.of(connection(1L, ProbeResult.failed("Unreachable", "no answer"))));
    assertThat(verdict.ready()).isFalse();
    assertThat(verdict.reason()).isEqualTo("Unreachable");
    assertThat(verdict.message()).contains("not Ready").contains("no answer");
  }

  @Test
  void unusableReasonFallsBackToConnectionNotReady() {
    KafkaConnection connection = connection(1L, ProbeResult.failed("Unreachable", "x"));
    connection.getStatus().getConditions().get(0).setReason("not camel");
    var verdict = ConnectionReadiness.judge("k", "ns", Optional.of(connection));
    assertThat(verdict.reason()).isEqualTo("ConnectionNotReady");
  }

  @Test
  void readyConnection() {
    var verdict =
        ConnectionReadiness.judge(
            "k", "ns", Optional.of(connection(1L, ProbeResult.connected("id", 3))));
    assertThat(verdict.ready()).isTrue();
    assertThat(verdict.reason()).isEqualTo("Connected");
  }

  @Test
  void probeResultsMapToConnectionStatus() {
    KafkaConnectionStatus status = new KafkaConnectionStatus();
    ConnectionConditions.apply(status, ProbeResult.connected("abc", 3), 4L, NOW);
    assertThat(status.getClusterId()).isEqualTo("abc");
    assertThat(status.getBrokers()).isEqualTo(3);
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    var ready = Conditions.find(status.getConditions(), "Ready").orElseThrow();
    assertThat(ready.getMessage()).isEqualTo("connected to cluster abc (3 brokers)");

    ConnectionConditions.apply(status, ProbeResult.failed("Unreachable", "gone"), 4L, NOW);
    ready = Conditions.find(status.getConditions(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Unreachable");
    // The cluster's identity is kept from the last good probe.
    assertThat(status.getClusterId()).isEqualTo("abc");

    ConnectionConditions.invalidSpec(status, List.of("spec.bootstrapServers: missing"), 5L, NOW);
    ready = Conditions.find(status.getConditions(), "Ready").orElseThrow();
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(status.getObservedGeneration()).isEqualTo(5L);
  }

  private static KafkaConnection connection(Long generation, ProbeResult probe) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(
        new ObjectMetaBuilder()
            .withName("k")
            .withNamespace("ns")
            .withGeneration(generation)
            .build());
    if (probe != null) {
      KafkaConnectionStatus status = new KafkaConnectionStatus();
      ConnectionConditions.apply(status, probe, generation, NOW);
      connection.setStatus(status);
    }
    return connection;
  }
}
