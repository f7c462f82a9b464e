package io.kafkaload.worker.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The spec of a KafkaLoad, field for field as in the CRD. Absent fields stay {@code null} so the
 * document round-trips; the {@code ...OrDefault()} methods apply the CRD's defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "connectionRef",
  "mode",
  "suspend",
  "schedule",
  "timeZone",
  "runRequest",
  "replicas",
  "trigger",
  "ttlSecondsAfterFinished",
  "successfulJobsHistoryLimit",
  "failedJobsHistoryLimit",
  "source",
  "sink",
  "offsets",
  "worker"
})
public record LoadSpec(
    Ref connectionRef,
    Mode mode,
    Boolean suspend,
    String schedule,
    String timeZone,
    String runRequest,
    Integer replicas,
    Trigger trigger,
    Integer ttlSecondsAfterFinished,
    Integer successfulJobsHistoryLimit,
    Integer failedJobsHistoryLimit,
    Source source,
    Sink sink,
    Offsets offsets,
    WorkerPod worker) {

  /** The fields the worker acts on; the rest only shape the workload the operator creates. */
  public LoadSpec(
      Ref connectionRef, Mode mode, Boolean suspend, Source source, Sink sink, Offsets offsets) {
    this(
        connectionRef,
        mode,
        suspend,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        source,
        sink,
        offsets,
        null);
  }

  /** A copy with another sink (local overrides). */
  public LoadSpec withSink(Sink newSink) {
    return new LoadSpec(
        connectionRef,
        mode,
        suspend,
        schedule,
        timeZone,
        runRequest,
        replicas,
        trigger,
        ttlSecondsAfterFinished,
        successfulJobsHistoryLimit,
        failedJobsHistoryLimit,
        source,
        newSink,
        offsets,
        worker);
  }

  /** The trigger in effect for a streaming load: ProcessingTime unless set. */
  public TriggerType triggerOrDefault() {
    return trigger == null || trigger.type() == null ? TriggerType.ProcessingTime : trigger.type();
  }

  /**
   * How a streaming load runs: {@code ProcessingTime} seals and commits every interval, {@code
   * Continuous} as soon as a polled batch is written, {@code Once} reads what is there at start,
   * commits and stops.
   */
  public enum TriggerType {
    ProcessingTime,
    Continuous,
    Once
  }

  /** The streaming trigger; {@code intervalSeconds} is the ProcessingTime interval. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "intervalSeconds"})
  public record Trigger(TriggerType type, Integer intervalSeconds) {}

  /**
   * The worker pod's settings (image, resources, scheduling). The worker does not act on them; it
   * keeps them as given so the document round-trips.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "image",
    "imagePullPolicy",
    "resources",
    "serviceAccountName",
    "nodeSelector",
    "tolerations"
  })
  public record WorkerPod(
      String image,
      String imagePullPolicy,
      JsonNode resources,
      String serviceAccountName,
      Map<String, String> nodeSelector,
      JsonNode tolerations) {}

  public Mode modeOrDefault() {
    return mode == null ? Mode.Batch : mode;
  }

  /** A reference to another resource in the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ref(String name) {}

  /** Batch: load up to the end offsets seen at start, then exit. Streaming: load until stopped. */
  public enum Mode {
    Batch,
    Streaming
  }

  /** Where records come from: exactly one member is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(KafkaSource kafka) {}

  /**
   * Topics to read, how their values are decoded, and where a run starts and ends, with the
   * semantics of Spark's Kafka source (see docs/worker-config.md).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "topics",
    "topicPattern",
    "format",
    "groupId",
    "startingOffsets",
    "endingOffsets",
    "startingTimestamp",
    "startingOffsetsByTimestamp",
    "startingOffsetsByTimestampStrategy",
    "endingTimestamp",
    "endingOffsetsByTimestamp",
    "failOnDataLoss",
    "maxRecordsPerRun",
    "options"
  })
  public record KafkaSource(
      List<String> topics,
      String topicPattern,
      ValueFormat format,
      String groupId,
      String startingOffsets,
      String endingOffsets,
      Long startingTimestamp,
      String startingOffsetsByTimestamp,
      TimestampStrategy startingOffsetsByTimestampStrategy,
      Long endingTimestamp,
      String endingOffsetsByTimestamp,
      Boolean failOnDataLoss,
      Long maxRecordsPerRun,
      Map<String, String> options) {

    public KafkaSource(
        List<String> topics, String topicPattern, ValueFormat format, String groupId) {
      this(
          topics,
          topicPattern,
          format,
          groupId,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    public ValueFormat formatOrDefault() {
      return format == null ? ValueFormat.Json : format;
    }

    public boolean failOnDataLossOrDefault() {
      return failOnDataLoss == null || failOnDataLoss;
    }
  }

  /** What to do when no offset matches a starting timestamp: fail, or start at the latest. */
  public enum TimestampStrategy {
    Error,
    Latest
  }

  /** How message values are decoded. */
  public enum ValueFormat {
    Json,
    Avro,
    String,
    Bytes
  }

  /** Where rows go: exactly one member of the union ({@code files}) is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"files", "flush"})
  public record Sink(FilesSink files, Flush flush) {

    public Flush flushOrDefault() {
      return flush == null ? new Flush(null, null) : flush;
    }
  }

  /** Files in a folder, named from topic, partition and offset range. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"path", "format", "claimName"})
  public record FilesSink(String path, FileFormat format, String claimName) {

    public FileFormat formatOrDefault() {
      return format == null ? FileFormat.Parquet : format;
    }
  }

  /** The format of the files written. */
  public enum FileFormat {
    Parquet,
    Json
  }

  /** When files are closed and positions committed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"maxRecords", "intervalSeconds"})
  public record Flush(Long maxRecords, Integer intervalSeconds) {
    public static final long DEFAULT_MAX_RECORDS = 1_000_000L;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    public long maxRecordsOrDefault() {
      return maxRecords == null ? DEFAULT_MAX_RECORDS : maxRecords;
    }

    public int intervalSecondsOrDefault() {
      return intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    }
  }

  /** Where the load's positions live. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"store", "topic", "file", "retentionPolicy"})
  public record Offsets(
      OffsetStoreKind store, String topic, OffsetsFile file, RetentionPolicy retentionPolicy) {

    public Offsets(OffsetStoreKind store, String topic, OffsetsFile file) {
      this(store, topic, file, null);
    }

    public static final String DEFAULT_TOPIC = "comet_offsets";

    public String topicOrDefault() {
      return topic == null ? DEFAULT_TOPIC : topic;
    }
  }

  /** The kinds of offset store. */
  public enum OffsetStoreKind {
    Topic,
    File,
    Group
  }

  /** Whether the offsets volume outlives the KafkaLoad (Retain, default) or goes with it. */
  public enum RetentionPolicy {
    Retain,
    Delete
  }

  /** The volume of the {@code File} store (used by the operator; the worker gets a path). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"claimName", "storage"})
  public record OffsetsFile(String claimName, String storage) {}

  /** The offset store in effect: the spec's, else Topic for Batch and Group for Streaming. */
  public OffsetStoreKind offsetStoreOrDefault() {
    if (offsets != null && offsets.store() != null) {
      return offsets.store();
    }
    return modeOrDefault() == Mode.Batch ? OffsetStoreKind.Topic : OffsetStoreKind.Group;
  }

  /** The consumer group the load commits or mirrors its positions to. */
  public String groupIdOrDefault(WorkerConfig.LoadRef load) {
    KafkaSource kafka = source == null ? null : source.kafka();
    if (kafka != null && kafka.groupId() != null && !kafka.groupId().isBlank()) {
      return kafka.groupId();
    }
    return "kafkaload." + load.namespace() + "." + load.name();
  }
}
