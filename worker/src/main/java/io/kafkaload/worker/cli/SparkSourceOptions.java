package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigDocument;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.security.ClientOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Starlake's {@code --options} go to Spark's Kafka reader. Its source options map onto the fields
 * of {@code spec.source.kafka} that have Spark's semantics; {@code kafka.}-prefixed and plain Kafka
 * properties become {@code spec.source.kafka.options} (checked against the allowlist now, so a
 * refused property fails before anything runs).
 */
final class SparkSourceOptions {
  /** Spark options (lower case, as Spark matches them) that have no counterpart in kafkaload. */
  private static final Set<String> SPARK_ONLY =
      Set.of(
          "assign",
          "groupidprefix",
          "includeheaders",
          "minpartitions",
          "maxoffsetspertrigger",
          "minoffsetspertrigger",
          "maxtriggerdelay",
          "kafkaconsumer.polltimeoutms",
          "fetchoffset.numretries",
          "fetchoffset.retryintervalms");

  private SparkSourceOptions() {}

  private static final String KAFKA = "spec.source.kafka.";

  /**
   * Applies {@code options} to the load's document: source fields, Kafka properties, and {@code
   * kafka.bootstrap.servers} as the connection's brokers.
   */
  static void apply(Map<String, String> options, ConfigDocument doc) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      String lower = key.toLowerCase(Locale.ROOT);
      switch (lower) {
        case "startingoffsets" -> doc.set(KAFKA + "startingOffsets", value);
        case "endingoffsets" -> doc.set(KAFKA + "endingOffsets", value);
        case "startingtimestamp" -> doc.set(KAFKA + "startingTimestamp", number(key, value));
        case "startingoffsetsbytimestamp" -> doc.set(KAFKA + "startingOffsetsByTimestamp", value);
        case "startingoffsetsbytimestampstrategy" ->
            doc.set(KAFKA + "startingOffsetsByTimestampStrategy", strategy(key, value));
        case "endingtimestamp" -> doc.set(KAFKA + "endingTimestamp", number(key, value));
        case "endingoffsetsbytimestamp" -> doc.set(KAFKA + "endingOffsetsByTimestamp", value);
        case "failondataloss" -> doc.set(KAFKA + "failOnDataLoss", bool(key, value));
        case "maxrecordsperrun" -> doc.set(KAFKA + "maxRecordsPerRun", number(key, value));
        case "subscribe" -> {
          doc.set(KAFKA + "topics", List.of(value));
          doc.remove(KAFKA + "topicPattern");
        }
        case "subscribepattern" -> {
          doc.set(KAFKA + "topicPattern", value);
          doc.remove(KAFKA + "topics");
        }
        case "kafka.group.id" -> doc.set(KAFKA + "groupId", value);
        case "kafka.bootstrap.servers" -> Overrides.bootstrap(value).apply(doc);
        case "config" ->
            throw new ConfigException(
                "not supported: --options config="
                    + value
                    + " reads options from Starlake's application config; give them here as"
                    + " key=value");
        default -> {
          if (SPARK_ONLY.contains(lower)) {
            throw new ConfigException(
                "not meaningful here: --options "
                    + key
                    + " is a Spark reader option with no counterpart in kafkaload");
          }
          properties.put(lower.startsWith("kafka.") ? key.substring(6) : key, value);
        }
      }
    }
    ClientOptions.check(properties, "--options");
    properties.forEach((name, value) -> doc.put(KAFKA + "options", name, value));
  }

  private static long number(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException("--options " + key + "=" + value + " is not a whole number");
    }
  }

  private static boolean bool(String key, String value) {
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new ConfigException("--options " + key + "=" + value + " is not true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static LoadSpec.TimestampStrategy strategy(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "error" -> LoadSpec.TimestampStrategy.Error;
      case "latest" -> LoadSpec.TimestampStrategy.Latest;
      default ->
          throw new ConfigException("--options " + key + "=" + value + " is not error or latest");
    };
  }
}
