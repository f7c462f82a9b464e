package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The key of a position in the offsets topic: {@code <namespace>/<load>/<topic>/<partition>}.
 * Namespaces and load names are DNS labels and topic names use {@code [a-zA-Z0-9._-]}, so none of
 * them contains {@code /} and the key splits back without ambiguity.
 */
record PositionKey(String prefix, TopicPartition partition) {

  /** {@code <namespace>/<load>/}: every key of this load starts with it. */
  static String prefixOf(WorkerConfig.LoadRef load) {
    return load.namespace() + "/" + load.name() + "/";
  }

  static String format(WorkerConfig.LoadRef load, TopicPartition partition) {
    return prefixOf(load) + partition.topic() + "/" + partition.partition();
  }

  /**
   * The partition of a key of this load; empty for keys of other loads (the topic is shared by
   * every load of a cluster) and for keys this code did not write.
   */
  static Optional<TopicPartition> parse(String key, WorkerConfig.LoadRef load) {
    String prefix = prefixOf(load);
    if (key == null || !key.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = key.substring(prefix.length());
    int slash = rest.lastIndexOf('/');
    if (slash <= 0 || rest.indexOf('/') != slash) {
      return Optional.empty();
    }
    try {
      int partition = Integer.parseInt(rest.substring(slash + 1));
      return partition < 0
          ? Optional.empty()
          : Optional.of(new TopicPartition(rest.substring(0, slash), partition));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
