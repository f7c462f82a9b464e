package io.kafkaload.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a load may read: {@code topicPattern} is Kafka's own subscription (a {@link
 * java.util.regex.Pattern} matched against whole topic names, internal topics excluded), and must
 * also be valid RE2 syntax ({@link UserRegex}), so no expression that needs backtracking is taken.
 * A load never reads its own outputs: a topic list or pattern that takes in the load's {@code
 * rejected.topic}, the offsets topic of its {@code Topic} store, or the topic its Kafka sink sends
 * to on the same cluster ({@code sink.kafka.topic}), would read back what it writes for ever (one
 * bad record becoming many, one row a stream of copies).
 */
public final class SourceTopicRules {

  private SourceTopicRules() {}

  /**
   * One problem per broken rule, each starting with the field it names.
   *
   * @param topics {@code spec.source.kafka.topics}, or null
   * @param topicPattern {@code spec.source.kafka.topicPattern}, or null
   * @param rejectedTopic {@code spec.rejected.topic}, or null
   * @param offsetsTopic the topic the load's offset store writes (its default applied), or null
   *     when the store is not {@code Topic}
   */
  public static List<String> problems(
      List<String> topics, String topicPattern, String rejectedTopic, String offsetsTopic) {
    return problems(topics, topicPattern, rejectedTopic, offsetsTopic, null);
  }

  /**
   * As {@link #problems(List, String, String, String)}, and the topic of a Kafka sink.
   *
   * @param outputTopic {@code spec.sink.kafka.topic} when the sink sends to the load's own cluster
   *     (no other {@code sink.kafka.connectionRef}), else null
   */
  public static List<String> problems(
      List<String> topics,
      String topicPattern,
      String rejectedTopic,
      String offsetsTopic,
      String outputTopic) {
    List<String> p = new ArrayList<>();
    Pattern pattern = null;
    if (topicPattern != null && !topicPattern.isBlank()) {
      String problem = UserRegex.problem(topicPattern);
      try {
        Pattern java = Pattern.compile(topicPattern);
        pattern = problem == null ? java : null;
      } catch (PatternSyntaxException e) {
        problem = "not a valid regular expression (" + e.getDescription() + "); fix it";
      }
      if (problem != null) {
        p.add("spec.source.kafka.topicPattern: " + problem);
      }
    }
    List<String> listed = topics == null ? List.of() : topics;
    check(listed, pattern, rejectedTopic, "rejected.topic", "its own rejected records", p);
    check(listed, pattern, offsetsTopic, "offsets.topic", "the positions it commits", p);
    check(listed, pattern, outputTopic, "sink.kafka.topic", "the rows it sends", p);
    return p;
  }

  private static void check(
      List<String> topics,
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
