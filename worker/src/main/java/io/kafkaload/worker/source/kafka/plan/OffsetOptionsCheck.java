package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.security.ClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.TopicPartition;

/**
 * The checks of {@code spec.source.kafka}'s offset options and consumer options that need no
 * broker, so {@code kafkaload run} (and the operator's validation) fails before connecting. Every
 * message names the field and the fix.
 */
public final class OffsetOptionsCheck {
  static final String OPTIONS = OffsetOptions.PREFIX + "options";

  private OffsetOptionsCheck() {}

  /** Every problem of the offset options and consumer options of {@code spec}; empty if none. */
  public static List<String> problems(LoadSpec spec) {
    LoadSpec.KafkaSource s = spec.source().kafka();
    List<String> p = new ArrayList<>();
    // each field on its own, so a broken field is reported even when a higher-priority one
    // shadows it (Spark would not look at it, but it is still a mistake in the spec)
    Set<String> topics = new LinkedHashSet<>();
    if (s.startingOffsets() != null) {
      parse(
          p,
          topics,
          () -> OffsetOptions.offsetLimit(OffsetOptions.STARTING_OFFSETS, s.startingOffsets()));
    }
    if (s.endingOffsets() != null) {
      parse(
          p,
          topics,
          () -> OffsetOptions.offsetLimit(OffsetOptions.ENDING_OFFSETS, s.endingOffsets()));
    }
    if (s.startingOffsetsByTimestamp() != null) {
      parse(
          p,
          topics,
          () -> timestamps(OffsetOptions.STARTING_BY_TIMESTAMP, s.startingOffsetsByTimestamp()));
    }
    if (s.endingOffsetsByTimestamp() != null) {
      parse(
          p,
          topics,
          () -> timestamps(OffsetOptions.ENDING_BY_TIMESTAMP, s.endingOffsetsByTimestamp()));
    }
    if (s.startingTimestamp() != null) {
      parse(
          p,
          topics,
          () ->
              new OffsetLimit.Timestamp(
                  OffsetOptions.STARTING_TIMESTAMP,
                  OffsetOptions.timestamp(
                      OffsetOptions.STARTING_TIMESTAMP, s.startingTimestamp())));
    }
    if (s.endingTimestamp() != null) {
      parse(
          p,
          topics,
          () ->
              new OffsetLimit.Timestamp(
                  OffsetOptions.ENDING_TIMESTAMP,
                  OffsetOptions.timestamp(OffsetOptions.ENDING_TIMESTAMP, s.endingTimestamp())));
    }
    if (s.maxRecordsPerRun() != null && s.maxRecordsPerRun() < 1) {
      p.add(
          OffsetOptions.MAX_RECORDS_PER_RUN
              + " must be at least 1 (is "
              + s.maxRecordsPerRun()
              + ")");
    }
    if (p.isEmpty()) {
      p.addAll(OffsetOptions.of(s).problems(RunMode.of(spec)));
    }
    p.addAll(topicProblems(s, topics));
    try {
      consumerOptions(s.options());
    } catch (ConfigException e) {
      p.add(e.getMessage());
    }
    return p;
  }

  /**
   * The load's consumer options after the allowlist; throws a {@link ConfigException} naming the
   * first refused property. {@code auto.offset.reset} is refused as Spark refuses {@code
   * kafka.auto.offset.reset}: the worker decides where each partition starts, and a reset by the
   * consumer would skip offsets silently.
   */
  public static Map<String, String> consumerOptions(Map<String, String> options) {
    if (options != null) {
      for (String name : options.keySet()) {
        if (name.trim().toLowerCase(Locale.ROOT).equals("auto.offset.reset")) {
          throw new ConfigException(
              OPTIONS
                  + ".auto.offset.reset is not allowed: kafkaload decides where partitions start;"
                  + " set "
                  + OffsetOptions.STARTING_OFFSETS
                  + " (earliest, latest or per partition) instead. It applies to the load's"
                  + " first run; later runs resume from the stored positions");
        }
      }
    }
    return ClientOptions.check(options, OPTIONS);
  }

  private static OffsetLimit timestamps(String field, String json) {
    return new OffsetLimit.Timestamps(field, OffsetOptions.timestamps(field, json));
  }

  /** Parses one option, keeping its problem or the "field topic" pairs it names. */
  private static void parse(List<String> p, Set<String> named, Supplier<OffsetLimit> parser) {
    try {
      OffsetLimit limit = parser.get();
      Map<TopicPartition, Long> perPartition = Map.of();
      if (limit instanceof OffsetLimit.Offsets o) {
        perPartition = o.offsets();
      } else if (limit instanceof OffsetLimit.Timestamps t) {
        perPartition = t.timestamps();
      }
      perPartition.keySet().forEach(tp -> named.add(limit.field() + "\u0000" + tp.topic()));
    } catch (IllegalArgumentException e) {
      p.add(e.getMessage());
    }
  }

  /** Per-partition options may only name topics the load reads. */
  private static List<String> topicProblems(LoadSpec.KafkaSource s, Set<String> named) {
    List<String> p = new ArrayList<>();
    Pattern pattern = null;
    if (s.topicPattern() != null && !s.topicPattern().isBlank()) {
      try {
        pattern = Pattern.compile(s.topicPattern());
      } catch (PatternSyntaxException e) {
        return p; // reported with the topics
      }
    }
    for (String entry : named) {
      String field = entry.substring(0, entry.indexOf('\u0000'));
      String topic = entry.substring(entry.indexOf('\u0000') + 1);
      if (s.topics() != null && !s.topics().isEmpty() && !s.topics().contains(topic)) {
        p.add(
            field
                + " names topic "
                + topic
                + ", which the load does not read ("
                + OffsetOptions.PREFIX
                + "topics: "
                + s.topics()
                + "); fix the topic name");
      } else if (pattern != null && !pattern.matcher(topic).matches()) {
        p.add(
            field
                + " names topic "
                + topic
                + ", which does not match "
                + OffsetOptions.PREFIX
                + "topicPattern "
                + s.topicPattern()
                + "; fix the topic name");
      }
    }
    return p;
  }
}
