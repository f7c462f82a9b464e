package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.security.ClientOptions;
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

  /**
   * Applies {@code options} to {@code source}; returns the brokers given as {@code
   * kafka.bootstrap.servers}, or null.
   */
  static String apply(Map<String, String> options, KafkaSourceEdit source) {
    String bootstrap = null;
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      String lower = key.toLowerCase(Locale.ROOT);
      switch (lower) {
        case "startingoffsets" -> source.startingOffsets = value;
        case "endingoffsets" -> source.endingOffsets = value;
        case "startingtimestamp" -> source.startingTimestamp = number(key, value);
        case "startingoffsetsbytimestamp" -> source.startingOffsetsByTimestamp = value;
        case "startingoffsetsbytimestampstrategy" ->
            source.startingOffsetsByTimestampStrategy = strategy(key, value);
        case "endingtimestamp" -> source.endingTimestamp = number(key, value);
        case "endingoffsetsbytimestamp" -> source.endingOffsetsByTimestamp = value;
        case "failondataloss" -> source.failOnDataLoss = bool(key, value);
        case "maxrecordsperrun" -> source.maxRecordsPerRun = number(key, value);
        case "subscribe" -> {
          source.topics = List.of(value);
          source.topicPattern = null;
        }
        case "subscribepattern" -> {
          source.topicPattern = value;
          source.topics = null;
        }
        case "kafka.group.id" -> source.groupId = value;
        case "kafka.bootstrap.servers" -> bootstrap = value;
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
          source.option(lower.startsWith("kafka.") ? key.substring(6) : key, value);
        }
      }
    }
    ClientOptions.check(source.options, "--options");
    return bootstrap;
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
