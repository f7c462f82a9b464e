package io.kafkaload.operator.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Reads the total lag of a consumer group. Implementations must return within the timeout. */
public interface LagReader {

  /**
   * The records not yet consumed by {@code groupId}, summed over partitions: for each partition the
   * group committed, and each partition of {@code topics} (when given), the latest offset minus the
   * committed one (the earliest offset when none was committed), never negative.
   *
   * @return empty when the cluster did not answer in time
   */
  OptionalLong totalLag(
      Map<String, Object> clientProperties, String groupId, List<String> topics, Duration timeout);
}
