package io.kafkaload.operator.metrics;

import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.LastRun;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.status.JobRuns;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-load gauges from each load's status, exported at /q/metrics for the Grafana dashboard: lag,
 * readiness, replicas and the last run's counts and time. Tags are the load's namespace and name
 * only. Loads not reconciled for a while (deleted) lose their gauges.
 */
@ApplicationScoped
public class LoadMetrics {

  /** Gauges of a load not updated for this long are removed. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(30);

  private static final class Values {
    volatile double lag = Double.NaN;
    volatile double ready;
    volatile double replicas = Double.NaN;
    volatile double readyReplicas = Double.NaN;
    volatile double recordsRead = Double.NaN;
    volatile double recordsWritten = Double.NaN;
    volatile double recordsRejected = Double.NaN;
    volatile double recordsFiltered = Double.NaN;
    volatile double lastRunSucceeded = Double.NaN;
    volatile double lastRunCompletion = Double.NaN;
    volatile Instant updated = Instant.EPOCH;
    final List<Meter> meters = new ArrayList<>();
  }

  private final MeterRegistry registry;
  private final Map<String, Values> loads = new ConcurrentHashMap<>();

  @Inject
  public LoadMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Copies {@code load}'s status into its gauges. */
  public void update(KafkaLoad load, Instant now) {
    String key = load.getMetadata().getNamespace() + "/" + load.getMetadata().getName();
    Values values =
        loads.computeIfAbsent(
            key, k -> register(load.getMetadata().getNamespace(), load.getMetadata().getName()));
    KafkaLoadStatus status = load.getStatus();
    values.lag = status.getLag() == null ? Double.NaN : status.getLag();
    values.ready = Conditions.isTrue(status.getConditions(), Conditions.READY) ? 1 : 0;
    values.replicas = status.getReplicas() == null ? Double.NaN : status.getReplicas();
    values.readyReplicas =
        status.getReadyReplicas() == null ? Double.NaN : status.getReadyReplicas();
    LastRun run = status.getLastRun();
    values.recordsRead = count(run == null ? null : run.getRecordsRead());
    values.recordsWritten = count(run == null ? null : run.getRecordsWritten());
    values.recordsRejected = count(run == null ? null : run.getRecordsRejected());
    values.recordsFiltered = count(run == null ? null : run.getRecordsFiltered());
    values.lastRunSucceeded =
        run == null ? Double.NaN : JobRuns.SUCCEEDED.equals(run.getResult()) ? 1 : 0;
    values.lastRunCompletion = epochSeconds(run == null ? null : run.getCompletionTime());
    values.updated = now;
    forgetOlderThan(now.minus(FORGET_AFTER));
  }

  private Values register(String namespace, String name) {
    Values values = new Values();
    Tags tags = Tags.of("namespace", namespace, "load", name);
    gauge(
        values,
        "kafkaload.load.lag",
        "Records not loaded yet, summed over partitions",
        tags,
        v -> v.lag);
    gauge(
        values,
        "kafkaload.load.ready",
        "1 when the load's Ready condition is True",
        tags,
        v -> v.ready);
    gauge(values, "kafkaload.load.replicas", "Streaming: desired workers", tags, v -> v.replicas);
    gauge(
        values,
        "kafkaload.load.ready.replicas",
        "Streaming: ready workers",
        tags,
        v -> v.readyReplicas);
    gauge(
        values,
        "kafkaload.load.last.run.records.read",
        "Records the last run read",
        tags,
        v -> v.recordsRead);
    gauge(
        values,
        "kafkaload.load.last.run.records.written",
        "Records the last run wrote",
        tags,
        v -> v.recordsWritten);
    gauge(
        values,
        "kafkaload.load.last.run.records.rejected",
        "Records the last run rejected",
        tags,
        v -> v.recordsRejected);
    gauge(
        values,
        "kafkaload.load.last.run.records.filtered",
        "Records the last run's transform did not return",
        tags,
        v -> v.recordsFiltered);
    gauge(
        values,
        "kafkaload.load.last.run.succeeded",
        "1 when the last run succeeded, 0 when it failed",
        tags,
        v -> v.lastRunSucceeded);
    gauge(
        values,
        "kafkaload.load.last.run.completion.timestamp.seconds",
        "When the last run finished (Unix seconds)",
        tags,
        v -> v.lastRunCompletion);
    return values;
  }

  private void gauge(
      Values values, String name, String description, Tags tags, ToDoubleFunction<Values> read) {
    values.meters.add(
        Gauge.builder(name, values, read).description(description).tags(tags).register(registry));
  }

  private void forgetOlderThan(Instant limit) {
    loads
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getValue().updated.isBefore(limit)) {
                entry.getValue().meters.forEach(registry::remove);
                return true;
              }
              return false;
            });
  }

  private static double count(Long value) {
    return value == null ? Double.NaN : value;
  }

  private static double epochSeconds(String time) {
    if (time == null) {
      return Double.NaN;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }
}
