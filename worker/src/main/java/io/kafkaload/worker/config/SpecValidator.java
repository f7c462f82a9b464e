package io.kafkaload.worker.config;

import io.kafkaload.worker.security.ClientOptions;
import io.kafkaload.worker.source.kafka.plan.OffsetOptionsCheck;
import io.kafkaload.worker.validate.RowValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks what the CRD schema checks (and a little more) before anything runs, so a local run of a
 * YAML file fails as clearly as {@code kubectl apply} would. Every message names the field and the
 * fix.
 */
public final class SpecValidator {

  /** A name Kafka takes for a topic (besides "." and ".."), as the CRD's pattern. */
  private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

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
    checkLimits(spec.limits(), p);
    checkTrigger(spec, p);
    // checked here, not only when the run builds its clients and its row checks, so a run refuses
    // them before it connects to anything, as the operator does (examples/invalid/)
    if (spec.schema() != null) {
      p.addAll(RowValidator.problems(spec.schema()));
    }
    if (config.connection() != null && config.connection().spec() != null) {
      try {
        ClientOptions.check(config.connection().spec().options(), "KafkaConnection spec.options");
      } catch (ConfigException e) {
        p.add(e.getMessage());
      }
    }
    return p;
  }

  private static void checkSource(LoadSpec spec, List<String> p) {
    LoadSpec.KafkaSource kafka = spec.source() == null ? null : spec.source().kafka();
    LoadSpec.FilesSource files = spec.source() == null ? null : spec.source().files();
    if (kafka != null && files != null) {
      p.add("spec.source: set exactly one of kafka and files (both are set)");
      return;
    }
    if (files != null) {
      p.addAll(FilesSourceRules.problems(spec));
      return;
    }
    if (kafka == null) {
      p.add(
          "spec.source.kafka is missing; set source.kafka.topics (or topicPattern), or"
              + " source.files.path to send files");
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
    p.addAll(SourceTopicRules.problems(spec));
    // offset options and consumer options: what Spark refuses before it reads anything
    p.addAll(OffsetOptionsCheck.problems(spec));
  }

  /** The trigger of a Streaming load, as the CRD's rules. */
  private static void checkTrigger(LoadSpec spec, List<String> p) {
    LoadSpec.Trigger trigger = spec.trigger();
    if (trigger == null) {
      return;
    }
    if (spec.modeOrDefault() != LoadSpec.Mode.Streaming) {
      p.add("spec.trigger: only with mode Streaming; remove trigger or set mode Streaming");
    }
    Integer interval = trigger.intervalSeconds();
    if (interval != null
        && trigger.type() != null
        && trigger.type() != LoadSpec.TriggerType.ProcessingTime) {
      p.add(
          "spec.trigger.intervalSeconds: only with type ProcessingTime; remove it for type "
              + trigger.type());
    }
    if (interval != null && interval < 1) {
      p.add("spec.trigger.intervalSeconds: " + interval + " is below 1; use at least 1");
    }
  }

  /** Each limit at least 1 (the CRD schema's minimum), with its default in the fix. */
  private static void checkLimits(Limits limits, List<String> p) {
    if (limits == null) {
      return;
    }
    if (limits.sqlTimeoutSeconds() != null && limits.sqlTimeoutSeconds() < 1) {
      p.add(
          "spec.limits.sqlTimeoutSeconds: "
              + limits.sqlTimeoutSeconds()
              + " is below 1; use at least 1 (default "
              + Limits.DEFAULT_SQL_TIMEOUT_SECONDS
              + ")");
    }
    if (limits.maxChunkOutputBytes() != null && limits.maxChunkOutputBytes() < 1) {
      p.add(
          "spec.limits.maxChunkOutputBytes: "
              + limits.maxChunkOutputBytes()
              + " is below 1; use at least 1 (default "
              + Limits.DEFAULT_MAX_CHUNK_OUTPUT_BYTES
              + ", 4 GiB)");
    }
    if (limits.maxRowsPerInputRow() != null && limits.maxRowsPerInputRow() < 1) {
      p.add(
          "spec.limits.maxRowsPerInputRow: "
              + limits.maxRowsPerInputRow()
              + " is below 1; use at least 1 (default "
              + Limits.DEFAULT_MAX_ROWS_PER_INPUT_ROW
              + ")");
    }
    if (limits.maxTempBytes() != null && limits.maxTempBytes() < 1) {
      p.add(
          "spec.limits.maxTempBytes: "
              + limits.maxTempBytes()
              + " is below 1; use at least 1 (default "
              + Limits.DEFAULT_MAX_TEMP_BYTES
              + ", 4 GiB)");
    }
    if (limits.maxValueBytes() != null && limits.maxValueBytes() < 1) {
      p.add(
          "spec.limits.maxValueBytes: "
              + limits.maxValueBytes()
              + " is below 1; use at least 1 (default "
              + Limits.DEFAULT_MAX_VALUE_BYTES
              + ", 64 MiB)");
    }
  }

  private static void checkSink(LoadSpec spec, List<String> p) {
    LoadSpec.Sink sink = spec.sink();
    int kinds =
        sink == null
            ? 0
            : (sink.files() == null ? 0 : 1)
                + (sink.jdbc() == null ? 0 : 1)
                + (sink.iceberg() == null ? 0 : 1)
                + (sink.kafka() == null ? 0 : 1);
    if (kinds != 1) {
      p.add(
          "spec.sink: set exactly one of files, jdbc, iceberg and kafka"
              + (kinds == 0 ? " (none is set), e.g. sink.files.path" : " (" + kinds + " are set)"));
      return;
    }
    if (sink.kafka() != null) {
      KafkaSinkRules.check(spec, p);
      checkFlush(spec.sink().flush(), p);
      checkProcessing(spec, p);
      return;
    }
    if (sink.files() == null) {
      TableSinkRules.check(spec, p);
      checkProcessing(spec, p);
      return;
    }
    FilesSinkRules.check(spec, p);
    checkFlush(spec.sink().flush(), p);
    if (spec.offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Sink) {
      p.add(
          "spec.offsets.store Sink needs a table sink (sink.jdbc or sink.iceberg) or sink.kafka;"
              + " files keep their positions in Topic, File or Group");
    }
    checkProcessing(spec, p);
  }

  private static void checkFlush(LoadSpec.Flush flush, List<String> p) {
    if (flush != null) {
      if (flush.maxRecords() != null && flush.maxRecords() < 1) {
        p.add("spec.sink.flush.maxRecords must be at least 1 (is " + flush.maxRecords() + ")");
      }
      if (flush.maxBytes() != null && flush.maxBytes() < 1) {
        p.add("spec.sink.flush.maxBytes must be at least 1 (is " + flush.maxBytes() + ")");
      }
      if (flush.intervalSeconds() != null && flush.intervalSeconds() < 1) {
        p.add(
            "spec.sink.flush.intervalSeconds must be at least 1 (is "
                + flush.intervalSeconds()
                + ")");
      }
    }
  }

  private static void checkProcessing(LoadSpec spec, List<String> p) {
    List<String> metadata =
        spec.source() == null || spec.source().kafka() == null
            ? List.of()
            : spec.source().kafka().metadataColumnsOrDefault();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < metadata.size(); i++) {
      String c = metadata.get(i);
      if (!List.of("_topic", "_partition", "_offset", "_timestamp", "_key", "_headers")
          .contains(c)) {
        p.add(
            "spec.source.kafka.metadataColumns["
                + i
                + "] "
                + c
                + " is not a metadata column; use _topic, _partition, _offset, _timestamp, _key"
                + " or _headers");
      } else if (!seen.add(c)) {
        p.add("spec.source.kafka.metadataColumns[" + i + "] repeats " + c);
      }
    }
    if (spec.transform() != null && isBlank(spec.transform().sql())) {
      p.add("spec.transform.sql is empty; give a query over message, or remove transform");
    }
    LoadSpec.Rejected r = spec.rejected();
    if (r != null) {
      if (r.maxRejected() != null && r.maxRejected() < 0) {
        p.add("spec.rejected.maxRejected must be 0 or more (is " + r.maxRejected() + ")");
      }
      if (r.maxRejectedRatio() != null
          && (r.maxRejectedRatio() < 0
              || r.maxRejectedRatio() > 1
              || r.maxRejectedRatio().isNaN())) {
        p.add(
            "spec.rejected.maxRejectedRatio must be between 0 and 1 (is "
                + r.maxRejectedRatio()
                + ")");
      }
      if (r.topic() != null && isBlank(r.topic())) {
        p.add("spec.rejected.topic is empty; name a topic, or remove it to keep _rejected/ files");
      } else if (r.topic() != null
          && (!KAFKA_TOPIC.matcher(r.topic()).matches()
              || r.topic().equals(".")
              || r.topic().equals(".."))) {
        p.add(
            "spec.rejected.topic '"
                + r.topic()
                + "' is not a Kafka topic name; use letters, digits, '.', '_' and '-' (at most"
                + " 249)");
      }
    }
  }

  /** Whether Kafka takes {@code name} as a topic name. */
  static boolean isTopicName(String name) {
    return KAFKA_TOPIC.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
