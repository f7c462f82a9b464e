package io.kafkaload.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules alone, on plain values; the operator's LoadSpecValidatorTest and the worker's
 * SourceTopicRulesTest check that each side passes them the right fields and defaults (the Topic
 * store's offsets topic, none for other stores).
 */
class SourceTopicRulesTest {

  @Test
  void nothingToCheckIsNoProblem() {
    assertThat(SourceTopicRules.problems(null, null, null, null)).isEmpty();
    assertThat(SourceTopicRules.problems(List.of("a"), " ", "", " ")).isEmpty();
    assertThat(SourceTopicRules.problems(List.of("a", "b"), null, "rejects", "offsets")).isEmpty();
  }

  @Test
  void aPatternTakingInAnOutputIsRefusedForEachOutput() {
    assertThat(SourceTopicRules.problems(null, "[a-z-]+", "events-rejected", "positions"))
        .containsExactly(
            "spec.source.kafka.topicPattern: matches the load's own rejected.topic"
                + " 'events-rejected', so the load would read its own rejected records again,"
                + " for ever; narrow the pattern or choose a rejected.topic it does not match",
            "spec.source.kafka.topicPattern: matches the load's own offsets.topic 'positions', so"
                + " the load would read the positions it commits again, for ever; narrow the"
                + " pattern or choose a offsets.topic it does not match");
    // Kafka matches the whole topic name
    assertThat(SourceTopicRules.problems(null, "events", "events-rejected", null)).isEmpty();
  }

  @Test
  void aListedOutputIsRefusedAtItsIndex() {
    assertThat(SourceTopicRules.problems(List.of("a", "pos", "pos"), null, null, "pos"))
        .containsExactly(
            "spec.source.kafka.topics[1]: is the load's own offsets.topic 'pos', so the load"
                + " would read the positions it commits again, for ever; choose another"
                + " offsets.topic",
            "spec.source.kafka.topics[2]: is the load's own offsets.topic 'pos', so the load"
                + " would read the positions it commits again, for ever; choose another"
                + " offsets.topic");
  }

  @Test
  void aPatternThatIsNotRe2OrNotJavaIsRefusedAndNotMatched() {
    assertThat(SourceTopicRules.problems(null, "events-(?!old).*", "events-rejected", null))
        .singleElement()
        .asString()
        .startsWith(
            "spec.source.kafka.topicPattern: not a valid RE2 regular expression (invalid or"
                + " unsupported Perl syntax: `(?!`); ")
        .endsWith(UserRegex.RE2_LACKS);
    // valid RE2 that Java cannot compile: \C (any byte) is RE2's only
    assertThat(SourceTopicRules.problems(null, "events\\C", null, null))
        .singleElement()
        .asString()
        .startsWith("spec.source.kafka.topicPattern: not a valid regular expression (")
        .endsWith("); fix it");
    assertThat(SourceTopicRules.problems(null, "[a&&[b]]", null, null))
        .singleElement()
        .asString()
        .contains("class intersection && is Java's, not RE2's");
  }
}
