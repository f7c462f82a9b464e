package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.KafkaSource;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.render.LoadDefaults;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a load may read: {@code topicPattern} is Kafka's own subscription (a {@link
 * java.util.regex.Pattern} matched against whole topic names, internal topics excluded), and must
 * also be valid RE2 syntax ({@link UserRegex}), so no expression that needs backtracking is taken.
 * A load never reads its own outputs: a topic list or pattern that takes in the load's {@code
 * rejected.topic}, or the offsets topic of its {@code Topic} store, would read back what it writes
 * for ever. The worker refuses the same specs, with the same words, at start.
 */
final class SourceTopicRules {

  private SourceTopicRules() {}

  static void check(KafkaLoadSpec spec, KafkaSource kafka, List<String> problems) {
    Pattern pattern = null;
    String regex = kafka.getTopicPattern();
    if (regex != null && !regex.isBlank()) {
      String problem = UserRegex.problem(regex);
      try {
        Pattern java = Pattern.compile(regex);
        pattern = problem == null ? java : null;
      } catch (PatternSyntaxException e) {
        problem = "not a valid regular expression (" + e.getDescription() + "); fix it";
      }
      if (problem != null) {
        problems.add("spec.source.kafka.topicPattern: " + problem);
      }
    }
    String rejected = spec.getRejected() == null ? null : spec.getRejected().getTopic();
    check(kafka, pattern, rejected, "rejected.topic", "its own rejected records", problems);
    if (LoadDefaults.offsetStore(spec) == OffsetStoreType.Topic) {
      String offsets = LoadDefaults.offsetsTopic(spec);
      check(kafka, pattern, offsets, "offsets.topic", "the positions it commits", problems);
    }
  }

  private static void check(
      KafkaSource kafka,
      Pattern pattern,
      String output,
      String field,
      String what,
      List<String> p) {
    if (output == null || output.isBlank()) {
      return;
    }
    String loop = " again, for ever; ";
    if (pattern != null && pattern.matcher(output).matches()) {
      p.add(
          "spec.source.kafka.topicPattern: matches the load's own "
              + field
              + " '"
              + output
              + "', so the load would read "
              + what
              + loop
              + "narrow the pattern or choose a "
              + field
              + " it does not match");
    }
    List<String> topics = kafka.getTopics() == null ? List.of() : kafka.getTopics();
    for (int i = 0; i < topics.size(); i++) {
      if (output.equals(topics.get(i))) {
        p.add(
            "spec.source.kafka.topics["
                + i
                + "]: is the load's own "
                + field
                + " '"
                + output
                + "', so the load would read "
                + what
                + loop
                + "choose another "
                + field);
      }
    }
  }
}
