package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A load never reads its own outputs, and topic patterns take no construct that backtracks: the
 * worker's spec validation hands the contract's SourceTopicRules (which the operator applies too)
 * the right outputs, the offsets topic of a Topic store with its default included.
 */
class SourceTopicRulesTest {

  private static LoadSpec spec(
      LoadSpec.Mode mode,
      List<String> topics,
      String pattern,
      String rejected,
      LoadSpec.Offsets offsets) {
    return SpecValidatorTest.base()
        .set("spec.sink.files.path", "/out")
        .set("spec.mode", mode)
        .set("spec.source.kafka.topics", topics)
        .set("spec.source.kafka.topicPattern", pattern)
        .set("spec.rejected.topic", rejected)
        .set("spec.offsets", offsets)
        .spec();
  }

  private static List<String> problems(LoadSpec spec) {
    return SpecValidator.problems(SpecValidatorTest.config(spec));
  }

  @Test
  void aPatternMatchingTheRejectedTopicIsRefused() {
    assertThat(problems(spec(LoadSpec.Mode.Streaming, null, "events.*", "events-rejected", null)))
        .containsExactly(
            "spec.source.kafka.topicPattern: matches the load's own rejected.topic"
                + " 'events-rejected', so the load would read its own rejected records again, for"
                + " ever; narrow the pattern or choose a rejected.topic it does not match");
    assertThat(problems(spec(LoadSpec.Mode.Streaming, null, "events", "events-rejected", null)))
        .isEmpty();
  }

  @Test
  void aTopicListNamingTheRejectedTopicIsRefused() {
    assertThat(problems(spec(LoadSpec.Mode.Batch, List.of("a", "bad"), null, "bad", null)))
        .containsExactly(
            "spec.source.kafka.topics[1]: is the load's own rejected.topic 'bad', so the load"
                + " would read its own rejected records again, for ever; choose another"
                + " rejected.topic");
  }

  @Test
  void theOffsetsTopicOfATopicStoreIsRefused() {
    // Batch: the Topic store, comet_offsets by default
    assertThat(problems(spec(LoadSpec.Mode.Batch, null, "[a-z_]+", null, null)))
        .containsExactly(
            "spec.source.kafka.topicPattern: matches the load's own offsets.topic"
                + " 'comet_offsets', so the load would read the positions it commits again, for"
                + " ever; narrow the pattern or choose a offsets.topic it does not match");
    LoadSpec.Offsets named =
        TestLoads.empty()
            .set("spec.offsets.store", LoadSpec.OffsetStoreKind.Topic)
            .set("spec.offsets.topic", "pos")
            .spec()
            .offsets();
    assertThat(problems(spec(LoadSpec.Mode.Streaming, List.of("pos"), null, null, named)))
        .singleElement()
        .asString()
        .startsWith("spec.source.kafka.topics[0]: is the load's own offsets.topic 'pos'");
    // the Group store (Streaming's default) writes no topic
    assertThat(problems(spec(LoadSpec.Mode.Streaming, null, "[a-z_]+", null, null))).isEmpty();
  }

  @Test
  void aTopicPatternMustBeRe2Syntax() {
    assertThat(problems(spec(LoadSpec.Mode.Streaming, null, "events-(?!old).*", null, null)))
        .singleElement()
        .asString()
        .startsWith(
            "spec.source.kafka.topicPattern: not a valid RE2 regular expression (invalid or"
                + " unsupported Perl syntax: `(?!`); patterns use RE2 syntax");
  }
}
