package io.kafkaload.worker.config;

import java.util.List;

/**
 * What a load may read (a valid pattern that takes in none of the load's own outputs), by the rules
 * the operator applies too: {@link io.kafkaload.contract.SourceTopicRules}. The worker passes the
 * outputs its defaults give: the rejected topic, and the offsets topic of a Topic store.
 */
final class SourceTopicRules {

  private SourceTopicRules() {}

  static List<String> problems(LoadSpec spec) {
    LoadSpec.KafkaSource kafka = spec.source().kafka();
    String rejected = spec.rejected() == null ? null : spec.rejected().topic();
    String offsets =
        spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Topic
            ? spec.offsetsTopicOrDefault()
            : null;
    return io.kafkaload.contract.SourceTopicRules.problems(
        kafka.topics(), kafka.topicPattern(), rejected, offsets);
  }
}
