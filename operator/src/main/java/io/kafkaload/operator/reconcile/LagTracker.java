package io.kafkaload.operator.reconcile;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.config.OperatorConfig;
import io.kafkaload.operator.kafka.LagReader;
import io.kafkaload.operator.render.LoadDefaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads each Kafka-source load's consumer-group lag at most once per {@code
 * kafkaload.load.lag-interval}: a reconcile in between reuses the last value, so frequent
 * reconciles cost no Kafka calls.
 */
@ApplicationScoped
public class LagTracker {

  private record Reading(Instant at, Long lag) {}

  private static final Duration FORGET_AFTER = Duration.ofMinutes(30);

  private final Map<ResourceID, Reading> readings = new ConcurrentHashMap<>();
  private final LagReader reader;
  private final OperatorConfig config;

  @Inject
  public LagTracker(LagReader reader, OperatorConfig config) {
    this.reader = reader;
    this.config = config;
  }

  /**
   * The load's lag: the last reading when recent, else a new one (kept when it fails, so a short
   * outage does not blank the column).
   */
  Long lag(KafkaLoad load, Supplier<Map<String, Object>> clientProperties, Instant now) {
    // Deleted loads are forgotten by age: no cleanup hook, so no finalizer on the load.
    readings.values().removeIf(r -> r.at().isBefore(now.minus(FORGET_AFTER)));
    ResourceID id = ResourceID.fromResource(load);
    var kafka = load.getSpec().getSource().getKafka();
    if (kafka == null) {
      // A files source has no consumer group to measure, and the operator cannot see the files:
      // no lag (the column stays empty); lastRun counts what each run sent.
      readings.remove(id);
      return null;
    }
    Reading last = readings.get(id);
    if (last != null && last.at().plus(config.load().lagInterval()).isAfter(now)) {
      return last.lag();
    }
    var read =
        reader.totalLag(
            clientProperties.get(),
            LoadDefaults.groupId(load),
            kafka.getTopics(),
            config.connection().probeTimeout());
    Long lag = read.isPresent() ? Long.valueOf(read.getAsLong()) : last == null ? null : last.lag();
    readings.put(id, new Reading(now, lag));
    return lag;
  }
}
