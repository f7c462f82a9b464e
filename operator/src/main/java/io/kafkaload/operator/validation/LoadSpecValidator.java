package io.kafkaload.operator.validation;

import io.kafkaload.contract.SinkFilePaths;
import io.kafkaload.contract.SourceTopicRules;
import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.FlushSpec;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.KafkaSource;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.SinkSpec;
import io.kafkaload.operator.api.ValueFormat;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkloadNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a KafkaLoad spec before anything is created. The CRD schema rejects most of these on a
 * real API server; the operator checks again because a spec may predate a rule, and because a clear
 * message (field, problem, fix) beats a failing pod. Each problem is one line.
 */
public final class LoadSpecValidator {

  /** Folders the worker pod mounts itself: a sink may not be written over them. */
  static final List<String> RESERVED_PATHS =
      List.of(
          WorkloadNames.CONFIG_DIR, "/tmp", WorkloadNames.OFFSETS_DIR, WorkloadNames.SECRETS_DIR);

  private static final Pattern QUANTITY =
      Pattern.compile("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$");

  private LoadSpecValidator() {}

  /** The problems of {@code load}'s spec; empty when it can run. */
  public static List<String> validate(KafkaLoad load) {
    List<String> problems = new ArrayList<>();
    String name = load.getMetadata().getName();
    // A scheduled load has the stricter limit of its CronJob (LoadModeRules): one message, not two.
    boolean scheduled = load.getSpec() != null && load.getSpec().getSchedule() != null;
    if (!scheduled && name != null && name.length() > WorkloadNames.MAX_LOAD_NAME) {
      problems.add(
          "metadata.name: '%s' is %d characters; use at most %d, because Job names add a hash"
              .formatted(name, name.length(), WorkloadNames.MAX_LOAD_NAME));
    }
    KafkaLoadSpec spec = load.getSpec();
    if (spec == null) {
      problems.add("spec: missing; set connectionRef, source and sink");
      return problems;
    }
    if (spec.getConnectionRef() == null || blank(spec.getConnectionRef().getName())) {
      problems.add(
          "spec.connectionRef.name: missing; set it to the name of a KafkaConnection in the same"
              + " namespace");
    }
    var source = spec.getSource();
    if (source == null || (source.getKafka() == null && source.getFiles() == null)) {
      problems.add(
          "spec.source: missing; set exactly one source: source.kafka with topics, or"
              + " source.files with a path");
    } else if (source.getKafka() != null && source.getFiles() != null) {
      problems.add("spec.source: kafka and files are set; set exactly one of kafka or files");
    }
    if (source != null && source.getKafka() != null) {
      checkKafkaSource(source.getKafka(), problems);
      checkSourceTopics(spec, source.getKafka(), problems);
      SourceOffsetRules.check(spec, problems);
    }
    if (source != null && source.getFiles() != null) {
      FilesSourceRules.check(spec, source.getFiles(), problems);
    }
    checkSinkUnion(spec.getSink(), problems);
    LimitsRules.check(spec.getLimits(), problems);
    if (spec.getSink() != null && spec.getSink().getFiles() != null) {
      checkFiles(spec.getSink().getFiles(), problems);
      FileSinkRules.check(spec, spec.getSink().getFiles(), problems);
    }
    TableSinkRules.check(spec, problems);
    KafkaSinkRules.check(spec, problems);
    if (spec.getSink() != null && spec.getSink().getFlush() != null) {
      checkFlush(spec.getSink().getFlush(), problems);
    }
    if (spec.getOffsets() != null && spec.getOffsets().getFile() != null) {
      String storage = spec.getOffsets().getFile().getStorage();
      if (storage != null && (!QUANTITY.matcher(storage).matches() || isZero(storage))) {
        problems.add(
            "spec.offsets.file.storage: '%s' is not a positive storage quantity; use e.g. 1Gi"
                .formatted(storage));
      }
    }
    ProcessingRules.check(spec, problems);
    LoadModeRules.check(load, problems);
    return problems;
  }

  /**
   * What the load asks of its connection: the Avro format needs the connection's Schema Registry.
   */
  public static List<String> validateWith(KafkaLoad load, KafkaConnection connection) {
    var source = load.getSpec().getSource();
    var kafka = source == null ? null : source.getKafka();
    // Avro files carry their own schema: only an Avro Kafka source needs the registry.
    if (kafka != null
        && kafka.getFormat() == ValueFormat.Avro
        && (connection.getSpec() == null || connection.getSpec().getSchemaRegistry() == null)) {
      return List.of(
          ("spec.source.kafka.format: Avro needs a Schema Registry, and KafkaConnection %s has no"
                  + " spec.schemaRegistry; add it there, or use another format")
              .formatted(connection.getMetadata().getName()));
    }
    return List.of();
  }

  private static void checkSinkUnion(SinkSpec sink, List<String> problems) {
    List<String> set = new ArrayList<>();
    if (sink != null && sink.getFiles() != null) {
      set.add("files");
    }
    if (sink != null && sink.getJdbc() != null) {
      set.add("jdbc");
    }
    if (sink != null && sink.getIceberg() != null) {
      set.add("iceberg");
    }
    if (sink != null && sink.getKafka() != null) {
      set.add("kafka");
    }
    if (set.isEmpty()) {
      problems.add(
          "spec.sink: missing; set exactly one sink: sink.files with a path, sink.jdbc,"
              + " sink.iceberg or sink.kafka");
    } else if (set.size() > 1) {
      problems.add(
          "spec.sink: %s are set; set exactly one of files, jdbc, iceberg or kafka"
              .formatted(String.join(" and ", set)));
    }
  }

  private static void checkKafkaSource(KafkaSource kafka, List<String> problems) {
    boolean hasTopics = kafka.getTopics() != null;
    boolean hasPattern = kafka.getTopicPattern() != null;
    if (hasTopics == hasPattern) {
      problems.add(
          "spec.source.kafka: %s set; set exactly one of topics or topicPattern"
              .formatted(
                  hasTopics
                      ? "both topics and topicPattern are"
                      : "neither topics nor" + " topicPattern is"));
    }
    if (hasTopics
        && (kafka.getTopics().isEmpty() || kafka.getTopics().stream().anyMatch(t -> blank(t)))) {
      problems.add(
          "spec.source.kafka.topics: empty or with a blank name; list at least one topic name");
    }
  }

  private static void checkFiles(FilesSink files, List<String> problems) {
    String path = files.getPath();
    if (blank(path) || !path.startsWith("/")) {
      problems.add(
          "spec.sink.files.path: '%s' is not an absolute folder; use e.g. /var/lib/kafkaload/data"
              .formatted(path == null ? "" : path));
      return;
    }
    // The pod mounts the folder: path itself, or the folder of the file it names.
    String folder = SinkFilePaths.folder(files.getPath());
    String normalized =
        folder.endsWith("/") && folder.length() > 1
            ? folder.substring(0, folder.length() - 1)
            : folder;
    for (String reserved : RESERVED_PATHS) {
      if (normalized.equals("/") || overlaps(normalized, reserved)) {
        problems.add(
            "spec.sink.files.path: '%s' overlaps the worker's own folder %s; choose another folder"
                .formatted(path, reserved));
        return;
      }
    }
  }

  private static void checkFlush(FlushSpec flush, List<String> problems) {
    if (flush.getMaxRecords() != null && flush.getMaxRecords() < 1) {
      problems.add(
          "spec.sink.flush.maxRecords: %d is below 1; use at least 1 (default %d)"
              .formatted(flush.getMaxRecords(), FlushSpec.DEFAULT_MAX_RECORDS));
    }
    if (flush.getMaxBytes() != null && flush.getMaxBytes() < 1) {
      problems.add(
          "spec.sink.flush.maxBytes: %d is below 1; use at least 1 (default %d, %d MiB)"
              .formatted(
                  flush.getMaxBytes(),
                  FlushSpec.DEFAULT_MAX_BYTES,
                  FlushSpec.DEFAULT_MAX_BYTES >> 20));
    }
    if (flush.getIntervalSeconds() != null && flush.getIntervalSeconds() < 1) {
      problems.add(
          "spec.sink.flush.intervalSeconds: %d is below 1; use at least 1 (default %d)"
              .formatted(flush.getIntervalSeconds(), FlushSpec.DEFAULT_INTERVAL_SECONDS));
    }
  }

  static boolean overlaps(String path, String reserved) {
    return path.equals(reserved)
        || path.startsWith(reserved + "/")
        || reserved.startsWith(path + "/");
  }

  private static boolean isZero(String quantity) {
    return quantity.replaceAll("[^0-9]", "").chars().allMatch(c -> c == '0');
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * What the load reads: a valid pattern that takes in none of its own outputs (the rules, shared
   * with the worker, are {@link SourceTopicRules}; the operator passes the outputs its defaults
   * give: the rejected topic, the offsets topic of a Topic store (or of a Kafka sink's Sink store
   * on the load's cluster), and the topic of a Kafka sink on the load's cluster).
   */
  private static void checkSourceTopics(
      KafkaLoadSpec spec, KafkaSource kafka, List<String> problems) {
    String rejected = spec.getRejected() == null ? null : spec.getRejected().getTopic();
    String output = LoadDefaults.sameClusterSinkTopic(spec);
    OffsetStoreType store = LoadDefaults.offsetStore(spec);
    String offsets =
        store == OffsetStoreType.Topic || (store == OffsetStoreType.Sink && output != null)
            ? LoadDefaults.offsetsTopic(spec)
            : null;
    problems.addAll(
        SourceTopicRules.problems(
            kafka.getTopics(), kafka.getTopicPattern(), rejected, offsets, output));
  }
}
