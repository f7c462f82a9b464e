package io.kafkaload.worker.config;

import io.kafkaload.worker.engine.plan.OffsetOptionsCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks what the CRD schema checks (and a little more) before anything runs, so a local run of a
 * YAML file fails as clearly as {@code kubectl apply} would. Every message names the field and the
 * fix.
 */
public final class SpecValidator {

  private SpecValidator() {}

  /** Throws a {@link ConfigException} listing every problem found. */
  public static void validate(WorkerConfig config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      String who =
          config.load() == null ? "worker config" : "KafkaLoad " + config.load().qualified();
      throw new ConfigException(who + ": " + String.join("; ", problems));
    }
  }

  /** Every problem of {@code config}, empty when it can run. */
  public static List<String> problems(WorkerConfig config) {
    List<String> p = new ArrayList<>();
    if (config.load() == null
        || isBlank(config.load().name())
        || isBlank(config.load().namespace())) {
      p.add("load.namespace and load.name are required");
    }
    if (config.connection() == null
        || config.connection().spec() == null
        || isBlank(config.connection().spec().bootstrapServers())) {
      p.add(
          "connection spec.bootstrapServers is missing; set it on the KafkaConnection, e.g."
              + " bootstrapServers: kafka:9092");
    }
    LoadSpec spec = config.spec();
    if (spec == null) {
      p.add("spec is missing");
      return p;
    }
    if (spec.connectionRef() == null || isBlank(spec.connectionRef().name())) {
      p.add("spec.connectionRef.name is missing; name the KafkaConnection to read from");
    }
    checkSource(spec, p);
    checkSink(spec, p);
    return p;
  }

  private static void checkSource(LoadSpec spec, List<String> p) {
    LoadSpec.KafkaSource kafka = spec.source() == null ? null : spec.source().kafka();
    if (kafka == null) {
      p.add("spec.source.kafka is missing; set source.kafka.topics (or topicPattern)");
      return;
    }
    boolean hasTopics = kafka.topics() != null && !kafka.topics().isEmpty();
    boolean hasPattern = !isBlank(kafka.topicPattern());
    if (hasTopics == hasPattern) {
      p.add(
          "spec.source.kafka: set exactly one of topics and topicPattern"
              + (hasTopics ? " (both are set)" : " (neither is set)"));
    }
    if (hasTopics) {
      for (int i = 0; i < kafka.topics().size(); i++) {
        if (isBlank(kafka.topics().get(i))) {
          p.add("spec.source.kafka.topics[" + i + "] is empty; give a topic name");
        }
      }
    }
    if (hasPattern) {
      try {
        Pattern.compile(kafka.topicPattern());
      } catch (PatternSyntaxException e) {
        p.add(
            "spec.source.kafka.topicPattern is not a valid regular expression: "
                + e.getDescription());
      }
    }
    // offset options and consumer options: what Spark refuses before it reads anything
    p.addAll(OffsetOptionsCheck.problems(spec));
  }

  private static void checkSink(LoadSpec spec, List<String> p) {
    LoadSpec.FilesSink files = spec.sink() == null ? null : spec.sink().files();
    if (files == null) {
      p.add("spec.sink.files is missing; set sink.files.path (and format)");
      return;
    }
    if (isBlank(files.path())) {
      p.add("spec.sink.files.path is missing; give the folder to write files to");
    }
    LoadSpec.Flush flush = spec.sink().flush();
    if (flush != null) {
      if (flush.maxRecords() != null && flush.maxRecords() < 1) {
        p.add("spec.sink.flush.maxRecords must be at least 1 (is " + flush.maxRecords() + ")");
      }
      if (flush.intervalSeconds() != null && flush.intervalSeconds() < 1) {
        p.add(
            "spec.sink.flush.intervalSeconds must be at least 1 (is "
                + flush.intervalSeconds()
                + ")");
      }
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
