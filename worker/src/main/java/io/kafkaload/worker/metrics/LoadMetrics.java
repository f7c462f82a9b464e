package io.kafkaload.worker.metrics;

import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.pipeline.RunStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * A run's {@link RunStats} as Prometheus metrics. The counters are read from the run's atomics when
 * scraped, so the consumer thread does no metrics work per record (per poll it only notes the lag
 * of its partitions); the chunk timer is recorded once per chunk, on the writer thread. Labels are
 * the load's namespace and name (and topic and partition for the lag): nothing from the connection,
 * so nothing secret.
 *
 * <ul>
 *   <li>{@code kafkaload_records_{read,written,rejected,filtered}_total}
 *   <li>{@code kafkaload_consumer_lag{topic,partition}}: latest offset - position, sampled by the
 *       consumer thread after each poll
 *   <li>{@code kafkaload_chunk_duration_seconds}: from sealing a chunk (the range of one partition
 *       that becomes a file) until its files are durable, a histogram
 *   <li>{@code kafkaload_last_commit_timestamp_seconds}: epoch seconds, 0 before the first commit
 *   <li>JVM memory and threads, process CPU and uptime
 * </ul>
 */
public final class LoadMetrics implements AutoCloseable {
  private static final String LAG = "kafkaload.consumer.lag";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RunStats stats;
  private final Map<TopicPartition, Gauge> lagGauges = new HashMap<>();

  public LoadMetrics(RunStats stats, WorkerConfig.LoadRef load) {
    this.stats = stats;
    registry.config().commonTags("namespace", load.namespace(), "load", load.name());
    counter("kafkaload.records.read", "records read from Kafka", RunStats::read);
    counter("kafkaload.records.written", "records written to the sink", RunStats::written);
    counter("kafkaload.records.rejected", "records kept as rejected", RunStats::rejected);
    counter("kafkaload.records.filtered", "records the transform filtered out", RunStats::filtered);
    Gauge.builder("kafkaload.last.commit.timestamp", stats, s -> s.lastCommitMillis() / 1000.0)
        .description("when positions were last committed, 0 before the first commit")
        .baseUnit("seconds")
        .register(registry);
    Timer chunks =
        Timer.builder("kafkaload.chunk.duration")
            .description("from sealing a chunk of one partition until its files are durable")
            .serviceLevelObjectives(
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60))
            .register(registry);
    stats.onChunkWritten(nanos -> chunks.record(nanos, TimeUnit.NANOSECONDS));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private void counter(String name, String description, ToDoubleFunction<RunStats> value) {
    FunctionCounter.builder(name, stats, value).description(description).register(registry);
  }

  /** Whether the run reads (the consumer joined, or a bounded run planned its ranges). */
  public boolean started() {
    return stats.started();
  }

  /** The metrics in the Prometheus text format (0.0.4). */
  public synchronized String scrape() {
    syncLagGauges();
    return registry.scrape();
  }

  /** One gauge per partition the consumer owns now: added when assigned, removed when revoked. */
  private void syncLagGauges() {
    Map<TopicPartition, Long> lag = stats.lag();
    for (TopicPartition tp : lag.keySet()) {
      lagGauges.computeIfAbsent(
          tp,
          t ->
              Gauge.builder(LAG, stats, s -> lagOf(s, t))
                  .description("latest offset - position of the partition, in records")
                  .tag("topic", t.topic())
                  .tag("partition", Integer.toString(t.partition()))
                  .register(registry));
    }
    for (Iterator<Map.Entry<TopicPartition, Gauge>> it = lagGauges.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<TopicPartition, Gauge> e = it.next();
      if (!lag.containsKey(e.getKey())) {
        registry.remove(e.getValue());
        it.remove();
      }
    }
  }

  /** NaN between a revocation and the next scrape's sync, which removes the gauge. */
  private static double lagOf(RunStats s, TopicPartition tp) {
    Long lag = s.lag().get(tp);
    return lag == null ? Double.NaN : lag;
  }

  @Override
  public void close() {
    stats.onChunkWritten(nanos -> {});
    registry.close();
  }
}
