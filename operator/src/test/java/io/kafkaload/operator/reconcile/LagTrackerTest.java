package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.config.OperatorConfig;
import io.kafkaload.operator.kafka.LagReader;
import io.kafkaload.operator.testing.Examples;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Lag is a Kafka source's: a files source has no consumer group, so no lag is read (the column
 * stays empty) and no Admin client is opened for it.
 */
class LagTrackerTest {

  private final List<String> groupsRead = new ArrayList<>();
  private final LagReader reader =
      (properties, groupId, topics, timeout) -> {
        groupsRead.add(groupId);
        return OptionalLong.of(42);
      };
  private final LagTracker tracker = new LagTracker(reader, config());

  @Test
  void aKafkaSourceReadsItsGroupsLag() {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    assertThat(tracker.lag(load, Map::of, Instant.EPOCH)).isEqualTo(42L);
    assertThat(groupsRead).containsExactly("kafkaload.default.events-to-parquet");
  }

  @Test
  void aFilesSourceHasNoLagAndReadsNothing() {
    KafkaLoad load = load("kafkaload-parquet-to-topic.yaml");
    assertThat(
            tracker.lag(
                load,
                () -> {
                  throw new AssertionError("no client properties are needed");
                },
                Instant.EPOCH))
        .isNull();
    assertThat(groupsRead).isEmpty();
  }

  @Test
  void aLoadSwitchedToFilesForgetsItsLastLag() {
    KafkaLoad load = load("kafkaload-batch-parquet.yaml");
    assertThat(tracker.lag(load, Map::of, Instant.EPOCH)).isEqualTo(42L);
    KafkaLoad files = load("kafkaload-parquet-to-topic.yaml");
    load.getSpec().setSource(files.getSpec().getSource());
    // within the lag interval a Kafka source would reuse 42; a files source has none
    assertThat(tracker.lag(load, Map::of, Instant.EPOCH.plusSeconds(1))).isNull();
  }

  private static KafkaLoad load(String example) {
    KafkaLoad load = Examples.load(Examples.repoRoot().resolve("examples").resolve(example));
    load.getMetadata().setNamespace("default");
    return load;
  }

  /** The settings the tracker reads: a 30 s lag interval and a 5 s probe timeout. */
  private static OperatorConfig config() {
    OperatorConfig.Load load =
        proxy(OperatorConfig.Load.class, Map.of("lagInterval", Duration.ofSeconds(30)));
    OperatorConfig.Connection connection =
        proxy(OperatorConfig.Connection.class, Map.of("probeTimeout", Duration.ofSeconds(5)));
    return proxy(OperatorConfig.class, Map.of("load", load, "connection", connection));
  }

  private static <T> T proxy(Class<T> type, Map<String, Object> values) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
              }
              return values.get(method.getName());
            }));
  }
}
