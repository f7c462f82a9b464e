package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the values of Starlake's {@code kafkaload} flags the way Starlake (and Spark under it)
 * reads them: case-insensitive names, {@code k=v,k=v} maps, {@code "10 seconds"} intervals, Spark's
 * save modes. Every error names the flag, the value and what is accepted.
 */
final class StarlakeValues {
  /** How to get a table sink, which no flag can describe (it needs a connection and a Secret). */
  static final String TABLE_SINKS =
      "a table sink is described in the --config file: sink.jdbc (PostgreSQL) or sink.iceberg,"
          + " with the Secret holding its credentials (see docs/jdbc-sink.md,"
          + " docs/iceberg-sink.md)";

  private static final Pattern INTERVAL_PART = Pattern.compile("(\\d+)\\s*([a-z]+)");

  private StarlakeValues() {}

  /** {@code k=v,k=v} as Starlake's scopt reads a map (last value wins); keys and values trimmed. */
  static Map<String, String> keyValues(String flag, String text) {
    Map<String, String> map = new LinkedHashMap<>();
    String lastKey = null;
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || pair.substring(0, eq).isBlank()) {
        String message = flag + " '" + pair.strip() + "' is not key=value";
        if (lastKey != null && map.get(lastKey).startsWith("{")) {
          // the split cut a JSON value (Spark's offsets per partition) at its commas
          throw new ConfigException(
              message
                  + "; a value holding commas (a JSON map over several partitions) does not fit "
                  + flag
                  + ": put "
                  + lastKey
                  + " in the --config file");
        }
        throw new ConfigException(message + "; give key=value,key=value");
      }
      lastKey = pair.substring(0, eq).strip();
      map.put(lastKey, pair.substring(eq + 1).strip());
    }
    return map;
  }

  /** {@code --format}: how message values are decoded. */
  static LoadSpec.ValueFormat valueFormat(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "json" -> LoadSpec.ValueFormat.Json;
      case "avro" -> LoadSpec.ValueFormat.Avro;
      case "string", "text" -> LoadSpec.ValueFormat.String;
      case "bytes", "binary" -> LoadSpec.ValueFormat.Bytes;
      default ->
          throw new ConfigException(
              "not meaningful here: --format "
                  + text
                  + ": kafkaload reads Kafka topics, and --format says how their message values"
                  + " are decoded: json, avro, string or bytes; the format of the files written is"
                  + " --write-format");
    };
  }

  /** {@code --write-format}: the files written. */
  static LoadSpec.FileFormat fileFormat(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "parquet" -> LoadSpec.FileFormat.Parquet;
      case "json", "jsonl", "ndjson" -> LoadSpec.FileFormat.Json;
      case "csv" -> LoadSpec.FileFormat.Csv;
      case "avro" -> LoadSpec.FileFormat.Avro;
      case "kafka" ->
          throw new ConfigException(
              "--format kafka: the files sent to a topic are parquet, json, csv or avro; the"
                  + " topic comes with --write-format kafka --write-config TOPIC");
      case "console" ->
          throw new ConfigException(
              "not meaningful here: --write-format console: a load writes files; the progress"
                  + " line and /metrics show what it reads");
      case "iceberg", "jdbc", "postgres", "postgresql", "delta" ->
          throw new ConfigException(
              "not supported: --write-format "
                  + v
                  + " is not a file format (parquet, json, csv, avro); "
                  + TABLE_SINKS);
      default ->
          throw new ConfigException(
              "--write-format '" + text + "' is not one of parquet, json (JSON lines), csv, avro");
    };
  }

  /**
   * {@code --write-mode}: Spark's save modes (Append, Overwrite, Ignore, ErrorIfExists, in any
   * case, or Starlake's APPEND, ERROR_IF_EXISTS...) and, for streaming, Spark's output modes.
   * Append is what the files sink does (new files beside the existing ones): it needs no field.
   */
  static LoadSpec.WriteMode writeMode(String text, boolean streaming) {
    String v = text.strip().toUpperCase(Locale.ROOT).replace("_", "").replace("-", "");
    return switch (v) {
      case "APPEND" -> LoadSpec.WriteMode.Append;
      case "OVERWRITE" -> LoadSpec.WriteMode.Overwrite;
      case "IGNORE" -> LoadSpec.WriteMode.Ignore;
      // Spark's "error" and "default" mean errorIfExists
      case "ERRORIFEXISTS", "ERROR", "DEFAULT" -> LoadSpec.WriteMode.ErrorIfExists;
      case "COMPLETE", "UPDATE" ->
          throw new ConfigException(
              "not meaningful here: --write-mode "
                  + text.strip()
                  + (streaming ? "" : " (a Spark streaming output mode)")
                  + ": it re-emits aggregates; kafkaload writes each record once (Append)");
      default ->
          throw new ConfigException(
              "--write-mode '"
                  + text
                  + "' is not one of Append, Overwrite, Ignore, ErrorIfExists (or APPEND,"
                  + " OVERWRITE, IGNORE, ERROR_IF_EXISTS, or Spark's error and default)");
    };
  }

  /** {@code --write-options compression=...}: Spark's codec names. */
  static LoadSpec.Compression compression(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "zstd" -> LoadSpec.Compression.Zstd;
      case "snappy" -> LoadSpec.Compression.Snappy;
      case "gzip", "gz" -> LoadSpec.Compression.Gzip;
      case "lz4", "lz4_raw" -> LoadSpec.Compression.Lz4;
      case "deflate" -> LoadSpec.Compression.Deflate;
      case "none", "uncompressed" -> LoadSpec.Compression.None;
      default ->
          throw new ConfigException(
              "--write-options compression="
                  + text
                  + " is not one of zstd, snappy, gzip, lz4, deflate, none");
    };
  }

  /** {@code --streaming-trigger}: Once, Continuous or ProcessingTime, in any case. */
  static LoadSpec.TriggerType triggerType(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    return switch (v) {
      case "once", "availablenow" -> LoadSpec.TriggerType.Once;
      case "continuous" -> LoadSpec.TriggerType.Continuous;
      case "processingtime" -> LoadSpec.TriggerType.ProcessingTime;
      default ->
          throw new ConfigException(
              "--streaming-trigger '" + text + "' is not one of Once, Continuous, ProcessingTime");
    };
  }

  /**
   * {@code --streaming-trigger-option}: Spark's interval text ({@code "10 seconds"}, {@code "1
   * minute 30 seconds"}, {@code "interval 2 minutes"}, {@code "10s"}) in whole seconds, at least 1.
   */
  static int intervalSeconds(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("interval ")) {
      v = v.substring("interval ".length()).strip();
    }
    Matcher m = INTERVAL_PART.matcher(v);
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (!v.substring(end, m.start()).isBlank()) {
        break;
      }
      if (m.group(1).length() > 9) {
        break; // no interval is that long; refused below as not an interval
      }
      millis += Long.parseLong(m.group(1)) * unitMillis(m.group(2), text);
      end = m.end();
    }
    if (end == 0 || end != v.length()) {
      throw new ConfigException(
          "--streaming-trigger-option '"
              + text
              + "' is not an interval; give e.g. \"10 seconds\" or \"1 minute\"");
    }
    if (millis < 1000 || millis % 1000 != 0 || millis / 1000 > Integer.MAX_VALUE) {
      throw new ConfigException(
          "--streaming-trigger-option '"
              + text
              + "': spec.trigger.intervalSeconds takes whole seconds, at least 1 (for as soon as"
              + " possible, use --streaming-trigger Continuous)");
    }
    return (int) (millis / 1000);
  }

  private static long unitMillis(String unit, String text) {
    return switch (unit) {
      case "ms", "millisecond", "milliseconds" -> 1;
      case "s", "sec", "secs", "second", "seconds" -> 1_000;
      case "m", "min", "mins", "minute", "minutes" -> 60_000;
      case "h", "hour", "hours" -> 3_600_000;
      case "d", "day", "days" -> 86_400_000;
      default ->
          throw new ConfigException(
              "--streaming-trigger-option '"
                  + text
                  + "': unknown unit '"
                  + unit
                  + "'; use milliseconds, seconds, minutes, hours or days");
    };
  }
}
