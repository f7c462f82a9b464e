package io.kafkaload.worker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a load may read: {@code topicPattern} is Kafka's own subscription (a {@link
 * java.util.regex.Pattern} matched against whole topic names, internal topics excluded), and must
 * also be valid RE2 syntax ({@link UserRegex}), so no expression that needs backtracking is taken.
 * A load never reads its own outputs: a topic list or pattern that takes in the load's {@code
 * rejected.topic}, or the offsets topic of its {@code Topic} store, would read back what it writes
 * for ever (one bad record becoming many). The operator refuses the same specs alike.
 */
final class SourceTopicRules {

  private SourceTopicRules() {}

  static List<String> problems(LoadSpec spec) {
    List<String> p = new ArrayList<>();
    LoadSpec.KafkaSource kafka = spec.source().kafka();
    Pattern pattern = null;
    String regex = kafka.topicPattern();
    if (regex != null && !regex.isBlank()) {
      String problem = UserRegex.problem(regex);
      try {
        Pattern java = Pattern.compile(regex);
        pattern = problem == null ? java : null;
      } catch (PatternSyntaxException e) {
        problem = "not a valid regular expression (" + e.getDescription() + "); fix it";
      }
      if (problem != null) {
        p.add("spec.source.kafka.topicPattern: " + problem);
      }
    }
    String rejected = spec.rejected() == null ? null : spec.rejected().topic();
    check(kafka, pattern, rejected, "rejected.topic", "its own rejected records", p);
    if (spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Topic) {
      String offsets = spec.offsetsTopicOrDefault();
      check(kafka, pattern, offsets, "offsets.topic", "the positions it commits", p);
    }
    return p;
  }

  private static void check(
      LoadSpec.KafkaSource kafka,
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
    List<String> topics = kafka.topics() == null ? List.of() : kafka.topics();
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
