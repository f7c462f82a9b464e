package io.kafkaload.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every outcome maps to the kstatus triple Ready / Reconciling / Stalled. */
class LoadConditionsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T13:00:00Z");

  static Stream<Arguments> outcomes() {
    LastRun ok = new LastRun();
    ok.setRecordsRead(10L);
    ok.setRecordsWritten(9L);
    ok.setRecordsRejected(1L);
    LastRun failed = new LastRun();
    failed.setMessage("topic missing");
    return Stream.of(
        Arguments.of(
            LoadOutcome.invalidSpec(List.of("spec.sink: missing", "spec.source: missing")),
            "False",
            "InvalidSpec",
            "False",
            "True",
            "spec.sink: missing; spec.source: missing"),
        Arguments.of(
            LoadOutcome.connectionNotReady("KafkaConnection k is not Ready"),
            "False",
            "ConnectionNotReady",
            "False",
            "False",
            "KafkaConnection k"),
        Arguments.of(LoadOutcome.suspended(), "True", "Suspended", "False", "False", "suspend"),
        Arguments.of(
            LoadOutcome.batch("j-1", JobRuns.Phase.RUNNING, null),
            "False",
            "RunInProgress",
            "True",
            "False",
            "Job j-1 is running"),
        Arguments.of(
            LoadOutcome.batch("j-1", JobRuns.Phase.SUCCEEDED, ok),
            "True",
            "RunSucceeded",
            "False",
            "False",
            "read 10, wrote 9, rejected 1"),
        Arguments.of(
            LoadOutcome.batch("j-1", JobRuns.Phase.FAILED, failed),
            "False",
            "RunFailed",
            "False",
            "False",
            "topic missing"),
        Arguments.of(
            LoadOutcome.streaming("d", 1, 0),
            "False",
            "RolloutInProgress",
            "True",
            "False",
            "0/1 workers"),
        Arguments.of(
            LoadOutcome.streaming("d", 1, 1), "True", "Running", "False", "False", "1/1 workers"),
        Arguments.of(
            LoadOutcome.reconcileError("403 forbidden"),
            "False",
            "ReconcileError",
            "True",
            "False",
            "retrying: 403 forbidden"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("outcomes")
  void mapsOutcomes(
      LoadOutcome outcome,
      String ready,
      String reason,
      String reconciling,
      String stalled,
      String message) {
    KafkaLoadStatus status = new KafkaLoadStatus();

    LoadConditions.apply(status, outcome, 3L, NOW);

    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    Condition readyCondition = Conditions.find(status.getConditions(), "Ready").orElseThrow();
    assertThat(readyCondition.getStatus()).isEqualTo(ready);
    assertThat(readyCondition.getReason()).isEqualTo(reason);
    assertThat(readyCondition.getMessage()).contains(message);
    assertThat(Conditions.find(status.getConditions(), "Reconciling").orElseThrow().getStatus())
        .isEqualTo(reconciling);
    assertThat(Conditions.find(status.getConditions(), "Stalled").orElseThrow().getStatus())
        .isEqualTo(stalled);
    assertThat(status.getConditions())
        .allSatisfy(c -> assertThat(c.getReason()).isNotBlank().matches("[A-Z][A-Za-z]+"));
    // kubectl describe and Argo CD show each condition's message: none is empty.
    assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getMessage()).isNotBlank());
  }

  /**
   * kstatus: a Ready=True status is never Reconciling or Stalled, whatever outcome came before
   * (conditions are upserted one by one, so every pair of outcomes is tried).
   */
  @Test
  void readyIsNeverReconcilingNorStalledAfterAnyTransition() {
    List<LoadOutcome> all = outcomes().map(a -> (LoadOutcome) a.get()[0]).toList();
    for (LoadOutcome first : all) {
      for (LoadOutcome second : all) {
        KafkaLoadStatus status = new KafkaLoadStatus();
        LoadConditions.apply(status, first, 1L, NOW);
        LoadConditions.apply(status, second, 2L, NOW.plusSeconds(1));

        boolean ready = Conditions.isTrue(status.getConditions(), "Ready");
        assertThat(ready && Conditions.isTrue(status.getConditions(), "Reconciling"))
            .as("%s then %s: Ready and Reconciling both True", first, second)
            .isFalse();
        assertThat(ready && Conditions.isTrue(status.getConditions(), "Stalled"))
            .as("%s then %s: Ready and Stalled both True", first, second)
            .isFalse();
        assertThat(status.getConditions())
            .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2L));
      }
    }
  }

  @Test
  void connectionUncheckedIsSetOnceAsUnknown() {
    KafkaLoadStatus status = new KafkaLoadStatus();
    LoadConditions.connectionUnchecked(status, 1L, NOW);
    assertThat(Conditions.find(status.getConditions(), "ConnectionReady").orElseThrow().getStatus())
        .isEqualTo("Unknown");

    LoadConditions.connection(status, "True", "Connected", "ok", 1L, NOW);
    LoadConditions.connectionUnchecked(status, 2L, NOW);
    assertThat(Conditions.find(status.getConditions(), "ConnectionReady").orElseThrow().getStatus())
        .isEqualTo("True");
  }

  @Test
  void reapplyingTheSameOutcomeChangesNothing() {
    KafkaLoadStatus status = new KafkaLoadStatus();
    LoadConditions.apply(status, LoadOutcome.suspended(), 1L, NOW);
    KafkaLoadStatus before = StatusDiff.copy(status, KafkaLoadStatus.class);

    LoadConditions.apply(status, LoadOutcome.suspended(), 1L, NOW.plusSeconds(60));

    assertThat(StatusDiff.changed(before, status)).isFalse();
  }
}
