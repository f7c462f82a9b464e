package io.kafkaload.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.status.LoadConditions;
import io.kafkaload.operator.status.LoadOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoadMetricsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T13:00:00Z");

  @Test
  void gaugesFollowTheStatusAndGoAwayWithTheLoad() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LoadMetrics metrics = new LoadMetrics(registry);
    KafkaLoad load = new KafkaLoad();
    load.setMetadata(new ObjectMetaBuilder().withName("events").withNamespace("data").build());
    KafkaLoadStatus status = new KafkaLoadStatus();
    LastRun run = new LastRun();
    run.setName("events-1");
    run.setResult("Succeeded");
    run.setCompletionTime("2026-11-25T12:00:00Z");
    run.setRecordsRead(100L);
    run.setRecordsWritten(99L);
    run.setRecordsRejected(1L);
    run.setRecordsFiltered(3L);
    status.setLastRun(run);
    status.setLag(42L);
    LoadConditions.apply(
        status,
        LoadOutcome.batch("events-1", io.kafkaload.operator.status.JobRuns.Phase.SUCCEEDED, run),
        1L,
        NOW);
    load.setStatus(status);

    metrics.update(load, NOW);

    assertThat(value(registry, "kafkaload.load.lag")).isEqualTo(42);
    assertThat(value(registry, "kafkaload.load.ready")).isEqualTo(1);
    assertThat(value(registry, "kafkaload.load.last.run.records.rejected")).isEqualTo(1);
    assertThat(value(registry, "kafkaload.load.last.run.records.filtered")).isEqualTo(3);
    assertThat(value(registry, "kafkaload.load.last.run.succeeded")).isEqualTo(1);
    assertThat(value(registry, "kafkaload.load.last.run.completion.timestamp.seconds"))
        .isEqualTo(Instant.parse("2026-11-25T12:00:00Z").getEpochSecond());
    assertThat(registry.get("kafkaload.load.lag").gauge().getId().getTag("load"))
        .isEqualTo("events");

    status.setLag(7L);
    metrics.update(load, NOW.plusSeconds(30));
    assertThat(value(registry, "kafkaload.load.lag")).isEqualTo(7);

    KafkaLoad other = new KafkaLoad();
    other.setMetadata(new ObjectMetaBuilder().withName("other").withNamespace("data").build());
    other.setStatus(new KafkaLoadStatus());
    metrics.update(other, NOW.plus(LoadMetrics.FORGET_AFTER).plusSeconds(60));
    assertThat(registry.find("kafkaload.load.lag").tag("load", "events").gauge()).isNull();
    assertThat(registry.find("kafkaload.load.lag").tag("load", "other").gauge()).isNotNull();
  }

  private static double value(SimpleMeterRegistry registry, String name) {
    return registry.get(name).tag("load", "events").gauge().value();
  }
}
