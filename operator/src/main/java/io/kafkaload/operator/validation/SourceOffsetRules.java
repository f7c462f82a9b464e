package io.kafkaload.operator.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.KafkaSource;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.render.LoadDefaults;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offset options and consumer options of {@code source.kafka} (Spark's Kafka source rules, as
 * docs/worker-config.md states them): the shape of each value, and which options each run mode
 * refuses. The worker checks the same before it connects; checking here keeps such a spec from
 * becoming a failing workload.
 */
final class SourceOffsetRules {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIELD = "spec.source.kafka.";

  private SourceOffsetRules() {}

  static void check(KafkaLoadSpec spec, List<String> problems) {
    KafkaSource kafka = spec.getSource().getKafka();
    boolean bounded =
        LoadDefaults.mode(spec) == LoadMode.Batch
            || (spec.getTrigger() != null && spec.getTrigger().getType() == TriggerType.Once);
    limit("startingOffsets", kafka.getStartingOffsets(), Set.of("earliest", "latest"), problems);
    limit("endingOffsets", kafka.getEndingOffsets(), Set.of("latest"), problems);
    json("startingOffsetsByTimestamp", kafka.getStartingOffsetsByTimestamp(), problems);
    json("endingOffsetsByTimestamp", kafka.getEndingOffsetsByTimestamp(), problems);
    nonNegative("startingTimestamp", kafka.getStartingTimestamp(), problems);
    nonNegative("endingTimestamp", kafka.getEndingTimestamp(), problems);
    if (kafka.getMaxRecordsPerRun() != null && kafka.getMaxRecordsPerRun() < 1) {
      problems.add(
          FIELD
              + "maxRecordsPerRun: %d is below 1; use at least 1"
                  .formatted(kafka.getMaxRecordsPerRun()));
    }
    if (bounded && "latest".equals(lower(kafka.getStartingOffsets()))) {
      problems.add(
          FIELD
              + "startingOffsets: latest is refused for a bounded run (Batch, trigger Once): it"
              + " would read nothing; use earliest or per-partition offsets");
    }
    if (!bounded) {
      for (String ending :
          List.of(
              "endingOffsets", "endingOffsetsByTimestamp", "endingTimestamp", "maxRecordsPerRun")) {
        if (isSet(kafka, ending)) {
          problems.add(
              FIELD
                  + ending
                  + ": a Streaming load never ends; remove it, or use mode Batch or trigger Once");
        }
      }
    }
    if (kafka.getOptions() != null) {
      for (String key : kafka.getOptions().keySet()) {
        if ("auto.offset.reset".equals(key.trim().toLowerCase(Locale.ROOT))) {
          problems.add(
              FIELD
                  + "options.auto.offset.reset: not allowed: kafkaload decides where partitions"
                  + " start; set spec.source.kafka.startingOffsets instead");
        }
      }
      ClientOptions.check(
          kafka.getOptions().entrySet().stream()
              .filter(e -> !"auto.offset.reset".equals(e.getKey().trim().toLowerCase(Locale.ROOT)))
              .collect(
                  java.util.stream.Collectors.toMap(
                      java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)),
          FIELD + "options",
          problems);
    }
  }

  private static boolean isSet(KafkaSource kafka, String field) {
    return switch (field) {
      case "endingOffsets" -> kafka.getEndingOffsets() != null;
      case "endingOffsetsByTimestamp" -> kafka.getEndingOffsetsByTimestamp() != null;
      case "endingTimestamp" -> kafka.getEndingTimestamp() != null;
      default -> kafka.getMaxRecordsPerRun() != null;
    };
  }

  /** A keyword, or a JSON object of topic to partition to offset. */
  private static void limit(
      String field, String value, Set<String> keywords, List<String> problems) {
    if (value == null || keywords.contains(lower(value))) {
      return;
    }
    if (!isObject(value)) {
      problems.add(
          FIELD
              + "%s: '%s' is neither %s nor a JSON object {\"topic\":{\"0\":23}}; fix it"
                  .formatted(
                      field, value, String.join(" nor ", keywords.stream().sorted().toList())));
    }
  }

  private static void json(String field, String value, List<String> problems) {
    if (value != null && !isObject(value)) {
      problems.add(
          FIELD
              + "%s: not a JSON object {\"topic\":{\"0\":1700000000000}}; fix it".formatted(field));
    }
  }

  private static void nonNegative(String field, Long value, List<String> problems) {
    if (value != null && value < 0) {
      problems.add(FIELD + "%s: %d is negative; use epoch milliseconds".formatted(field, value));
    }
  }

  private static boolean isObject(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static String lower(String value) {
    return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
  }
}
