package io.kafkaload.worker.config;

import java.util.List;

/**
 * What a load may read (a valid pattern that takes in none of the load's own outputs), by the rules
 * the operator applies too: {@link io.kafkaload.contract.SourceTopicRules}. The worker passes the
 * outputs its defaults give: the rejected topic, the offsets topic of a Topic store, and the topic
 * of a Kafka sink on the load's own cluster.
 */
final class SourceTopicRules {

  private SourceTopicRules() {}

  /** The Kafka sink's topic when it is on the cluster the load reads, else null. */
  static String sameClusterOutput(LoadSpec spec) {
    LoadSpec.KafkaSink sink = spec.sink() == null ? null : spec.sink().kafka();
    if (sink == null) {
      return null;
    }
    LoadSpec.Ref ref = sink.connectionRef();
    boolean own =
        ref == null
            || ref.name() == null
            || (spec.connectionRef() != null && ref.name().equals(spec.connectionRef().name()));
    return own ? sink.topic() : null;
  }

  static List<String> problems(LoadSpec spec) {
    LoadSpec.KafkaSource kafka = spec.source().kafka();
    if (kafka == null) {
      return List.of();
    }
    String rejected = spec.rejected() == null ? null : spec.rejected().topic();
    // a Kafka sink keeps the Sink store's positions in the offsets topic of its cluster
    boolean offsetsTopicRead =
        spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Topic
            || (spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Sink
                && sameClusterOutput(spec) != null);
    String offsets = offsetsTopicRead ? spec.offsetsTopicOrDefault() : null;
    return io.kafkaload.contract.SourceTopicRules.problems(
        kafka.topics(), kafka.topicPattern(), rejected, offsets, sameClusterOutput(spec));
  }
}
