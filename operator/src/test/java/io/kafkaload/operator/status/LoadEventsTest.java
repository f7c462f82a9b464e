package io.kafkaload.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.KafkaConnectionStatus;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.api.WorkloadRef;
import io.kafkaload.operator.kafka.ProbeResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events on transitions only: the same status twice records nothing. */
class LoadEventsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T13:00:00Z");

  private static KafkaLoadStatus status(LoadOutcome outcome) {
    KafkaLoadStatus status = new KafkaLoadStatus();
    LoadConditions.apply(status, outcome, 1L, NOW);
    return status;
  }

  private static KafkaLoadStatus copy(KafkaLoadStatus status) {
    return StatusDiff.copy(status, KafkaLoadStatus.class);
  }

  private static List<String> reasons(List<EventSpec> events) {
    return events.stream().map(e -> e.type() + "/" + e.reason()).toList();
  }

  @Test
  void createdJobIsARunStartedAndCreatedDeploymentAWorkloadCreated() {
    KafkaLoadStatus after = status(LoadOutcome.batch("l-1", JobRuns.Phase.RUNNING, null));
    after.setWorkloadRef(new WorkloadRef("Job", "l-1"));
    assertThat(reasons(LoadEvents.between(null, after, true))).containsExactly("Normal/RunStarted");
    after.setWorkloadRef(new WorkloadRef("Deployment", "l"));
    assertThat(LoadEvents.between(null, after, true))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("WorkloadCreated");
              assertThat(e.message()).isEqualTo("Deployment l created");
            });
    assertThat(LoadEvents.between(copy(after), after, false)).isEmpty();
  }

  @Test
  void finishedRunsAreRecordedOnce() {
    KafkaLoadStatus before = status(LoadOutcome.batch("l-1", JobRuns.Phase.RUNNING, null));
    KafkaLoadStatus after = copy(before);
    LastRun run = new LastRun();
    run.setName("l-1");
    run.setResult("Failed");
    run.setMessage("topic events does not exist");
    after.setLastRun(run);
    LoadConditions.apply(after, LoadOutcome.batch("l-1", JobRuns.Phase.FAILED, run), 1L, NOW);

    List<EventSpec> events = LoadEvents.between(before, after, false);
    assertThat(reasons(events)).containsExactly("Warning/RunFailed");
    assertThat(events.get(0).message()).contains("l-1").contains("topic events does not exist");
    assertThat(LoadEvents.between(copy(after), after, false)).isEmpty();

    KafkaLoadStatus next = copy(after);
    LastRun second = new LastRun();
    second.setName("l-2");
    second.setResult("Succeeded");
    next.setLastRun(second);
    assertThat(reasons(LoadEvents.between(after, next, false)))
        .containsExactly("Normal/RunSucceeded");
  }

  @Test
  void newScheduleTimeIsARunStarted() {
    KafkaLoadStatus before = status(LoadOutcome.scheduled("c", "'@daily'", null, null));
    before.setWorkloadRef(new WorkloadRef("CronJob", "c"));
    KafkaLoadStatus after = copy(before);
    after.setLastScheduleTime("2026-11-25T00:00:00Z");
    assertThat(LoadEvents.between(before, after, false))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("2026-11-25T00:00:00Z"));
  }

  @Test
  void invalidSpecAndConnectionNotReadyAreWarningsOnTransition() {
    KafkaLoadStatus invalid = status(LoadOutcome.invalidSpec(List.of("spec.sink: missing")));
    assertThat(reasons(LoadEvents.between(null, invalid, false)))
        .containsExactly("Warning/InvalidSpec");
    assertThat(LoadEvents.between(copy(invalid), invalid, false)).isEmpty();
    KafkaLoadStatus waiting = copy(invalid);
    LoadConditions.apply(waiting, LoadOutcome.connectionNotReady("c is not Ready"), 1L, NOW);
    assertThat(reasons(LoadEvents.between(invalid, waiting, false)))
        .containsExactly("Warning/ConnectionNotReady");
  }

  @Test
  void connectionEventsOnReadyChangesOnly() {
    KafkaConnectionStatus first = new KafkaConnectionStatus();
    ConnectionConditions.apply(first, ProbeResult.connected("id", 1), 1L, NOW);
    assertThat(ConnectionEvents.between(null, first))
        .singleElement()
        .satisfies(e -> assertThat(e.type() + "/" + e.reason()).isEqualTo("Normal/Connected"));
    KafkaConnectionStatus same = StatusDiff.copy(first, KafkaConnectionStatus.class);
    assertThat(ConnectionEvents.between(first, same)).isEmpty();
    KafkaConnectionStatus down = StatusDiff.copy(first, KafkaConnectionStatus.class);
    ConnectionConditions.apply(
        down, ProbeResult.failed("Unreachable", "no answer"), 1L, NOW.plusSeconds(60));
    assertThat(ConnectionEvents.between(first, down))
        .singleElement()
        .satisfies(e -> assertThat(e.type() + "/" + e.reason()).isEqualTo("Warning/Unreachable"));
  }
}
