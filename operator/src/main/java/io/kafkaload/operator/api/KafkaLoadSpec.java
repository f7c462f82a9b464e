package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Desired state of a {@link KafkaLoad}: exactly the fields of docs/worker-config.md. Every field is
 * a nullable wrapper without a Java default, so a spec serialises back to what the user wrote (the
 * worker config embeds it verbatim); defaults live in the CRD schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Fields that only make sense with one mode; the operator's validator says the same with a fix.
@ValidationRule(
    value = "!has(self.schedule) || !has(self.mode) || self.mode == 'Batch'",
    message = "schedule: only with mode Batch; remove schedule or set mode Batch")
@ValidationRule(
    value = "!has(self.trigger) || (has(self.mode) && self.mode == 'Streaming')",
    message = "trigger: only with mode Streaming; remove trigger or set mode Streaming")
@ValidationRule(
    value = "!has(self.timeZone) || has(self.schedule)",
    message = "timeZone: only with schedule; remove timeZone or set schedule")
@ValidationRule(
    value = "!has(self.runRequest) || !has(self.schedule)",
    message = "runRequest: re-runs a load without schedule; remove runRequest or schedule")
// Sink rules that depend on the mode; written so a missing sink only fails `required`.
@ValidationRule(
    value =
        "!has(self.mode) || self.mode != 'Streaming' || !has(self.sink) || !has(self.sink.files)"
            + " || !has(self.sink.files.writeMode) || self.sink.files.writeMode == 'Append'",
    message = "sink.files.writeMode: Streaming allows Append only; remove writeMode or set Append")
@ValidationRule(
    value =
        "!has(self.mode) || self.mode == 'Batch' || !has(self.sink) || !has(self.sink.files)"
            + " || !has(self.sink.files.coalesce)",
    message = "sink.files.coalesce: only with mode Batch; remove coalesce or set mode Batch")
@ValidationRule(
    value =
        "!has(self.mode) || self.mode != 'Streaming' || !has(self.sink) || !has(self.sink.jdbc)"
            + " || !has(self.sink.jdbc.writeMode) || self.sink.jdbc.writeMode == 'Append'",
    message = "sink.jdbc.writeMode: Streaming allows Append only; remove writeMode or set Append")
@ValidationRule(
    value =
        "!has(self.mode) || self.mode != 'Streaming' || !has(self.sink) || !has(self.sink.iceberg)"
            + " || !has(self.sink.iceberg.writeMode) || self.sink.iceberg.writeMode == 'Append'",
    message =
        "sink.iceberg.writeMode: Streaming allows Append only; remove writeMode or set Append")
@ValidationRule(
    value =
        "!has(self.offsets) || !has(self.offsets.store) || self.offsets.store != 'Sink'"
            + " || (has(self.sink) && (has(self.sink.jdbc) || has(self.sink.iceberg)"
            + " || has(self.sink.kafka)))",
    message =
        "offsets.store: Sink needs a table sink (sink.jdbc or sink.iceberg) or sink.kafka; files"
            + " keep their offsets in Topic, File or Group")
// A table sink keeps its positions in the table and has no _rejected/ folder (as the worker says).
@ValidationRule(
    value =
        "!has(self.sink) || (!has(self.sink.jdbc) && !has(self.sink.iceberg))"
            + " || !has(self.offsets) || !has(self.offsets.store) || self.offsets.store == 'Sink'",
    message =
        "offsets.store: a table sink (sink.jdbc or sink.iceberg) keeps its offsets in the table;"
            + " set Sink or remove store")
@ValidationRule(
    value =
        "!has(self.sink) || (!has(self.sink.jdbc) && !has(self.sink.iceberg))"
            + " || (has(self.rejected) && has(self.rejected.topic))",
    message =
        "rejected.topic: required with a table sink (sink.jdbc or sink.iceberg), which has no"
            + " _rejected/ folder; name a topic for rejected records")
// A Kafka sink: its rejected records go to a topic; one transactional producer per load.
@ValidationRule(
    value =
        "!has(self.sink) || !has(self.sink.kafka) || (has(self.rejected) &&"
            + " has(self.rejected.topic))",
    message =
        "rejected.topic: required with sink.kafka, which has no _rejected/ folder; name a topic"
            + " for rejected records")
@ValidationRule(
    value = "!has(self.sink) || !has(self.sink.kafka) || !has(self.replicas) || self.replicas <= 1",
    message =
        "replicas: a Kafka sink sends through one transactional producer per load, which a"
            + " second replica would fence; set replicas: 1")
// A files source: a bounded run over the files present at its start, positions per file.
@ValidationRule(
    value =
        "!has(self.source) || !has(self.source.files) || !has(self.mode)"
            + " || self.mode == 'Batch'",
    message =
        "mode: a files source (source.files) runs in mode Batch for now; set mode Batch, with"
            + " schedule for a recurring run (a folder watch comes later)")
@ValidationRule(
    value =
        "!has(self.source) || !has(self.source.files) || !has(self.offsets)"
            + " || !has(self.offsets.store) || self.offsets.store != 'Group'",
    message =
        "offsets.store: Group keeps consumer group offsets, which a files source (source.files)"
            + " has none of; use Sink with sink.kafka or a table sink, or Topic or File")
public class KafkaLoadSpec {

  @Required
  @JsonPropertyDescription("The KafkaConnection in the same namespace")
  private ConnectionRef connectionRef;

  @Default("Batch")
  @JsonPropertyDescription(
      "Batch: a Job that loads up to the end offsets seen at start, then exits. "
          + "Streaming: a Deployment that loads until stopped")
  private LoadMode mode;

  @Default("false")
  @JsonPropertyDescription("Streaming: scale to 0; Batch: create no new run")
  private Boolean suspend;

  @JsonPropertyDescription(
      "Batch: run on this cron schedule (a CronJob, concurrencyPolicy Forbid); without it the"
          + " load runs once per spec")
  private String schedule;

  @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Paris; default UTC")
  private String timeZone;

  @JsonPropertyDescription("Batch without schedule: change it (any string) to run the load again")
  private String runRequest;

  @Min(1)
  @Max(1000)
  @Default("1")
  @JsonPropertyDescription(
      "Streaming: workers in the consumer group; the File offset store allows only 1")
  private Integer replicas;

  @ValidationRule(
      value = "!has(self.intervalSeconds) || !has(self.type) || self.type == 'ProcessingTime'",
      message = "trigger.intervalSeconds: only with type ProcessingTime")
  @JsonPropertyDescription("Streaming: ProcessingTime (default), Continuous, or Once (a Job)")
  private TriggerSpec trigger;

  @Min(0)
  @Default("86400")
  @JsonPropertyDescription("Batch Jobs are deleted this long after they finish")
  private Integer ttlSecondsAfterFinished;

  @Min(0)
  @Default("3")
  @JsonPropertyDescription("Scheduled Batch: finished successful Jobs kept")
  private Integer successfulJobsHistoryLimit;

  @Min(0)
  @Default("1")
  @JsonPropertyDescription("Scheduled Batch: finished failed Jobs kept")
  private Integer failedJobsHistoryLimit;

  @Required
  // A union: more source kinds (jdbc, iceberg) join the count later.
  @ValidationRule(
      value = "(has(self.kafka) ? 1 : 0) + (has(self.files) ? 1 : 0) == 1",
      message = "source: set exactly one of kafka or files")
  @JsonPropertyDescription("Where records come from: exactly one of kafka or files")
  private SourceSpec source;

  @JsonPropertyDescription(
      "Validation of each row: typed fields, required, patterns, privacy, computed columns")
  private SchemaSpec schema;

  @JsonPropertyDescription("A DuckDB SQL query over the validated rows (the table message)")
  private TransformSpec transform;

  @JsonPropertyDescription(
      "Limits of the load's own code (scripts, transform.sql): time and bytes per chunk, DuckDB's"
          + " spill size")
  private LimitsSpec limits;

  @Required
  // A union: more sink kinds (console) join the count later.
  @ValidationRule(
      value =
          "(has(self.files) ? 1 : 0) + (has(self.jdbc) ? 1 : 0) + (has(self.iceberg) ? 1 : 0)"
              + " + (has(self.kafka) ? 1 : 0) == 1",
      message = "sink: set exactly one of files, jdbc, iceberg or kafka")
  @JsonPropertyDescription(
      "Where records go: exactly one of files, jdbc, iceberg or kafka, plus flush settings")
  private SinkSpec sink;

  @JsonPropertyDescription("Where rejected records go and how many a run tolerates")
  private RejectedSpec rejected;

  @JsonPropertyDescription("Where the load's positions live")
  private OffsetsSpec offsets;

  @JsonPropertyDescription("Worker pod settings: image, resources, service account, scheduling")
  private WorkerPodSpec worker;

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  public LoadMode getMode() {
    return mode;
  }

  public void setMode(LoadMode mode) {
    this.mode = mode;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public SourceSpec getSource() {
    return source;
  }

  public void setSource(SourceSpec source) {
    this.source = source;
  }

  public SinkSpec getSink() {
    return sink;
  }

  public void setSink(SinkSpec sink) {
    this.sink = sink;
  }

  public SchemaSpec getSchema() {
    return schema;
  }

  public void setSchema(SchemaSpec schema) {
    this.schema = schema;
  }

  public TransformSpec getTransform() {
    return transform;
  }

  public void setTransform(TransformSpec transform) {
    this.transform = transform;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public RejectedSpec getRejected() {
    return rejected;
  }

  public void setRejected(RejectedSpec rejected) {
    this.rejected = rejected;
  }

  public OffsetsSpec getOffsets() {
    return offsets;
  }

  public void setOffsets(OffsetsSpec offsets) {
    this.offsets = offsets;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getRunRequest() {
    return runRequest;
  }

  public void setRunRequest(String runRequest) {
    this.runRequest = runRequest;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public TriggerSpec getTrigger() {
    return trigger;
  }

  public void setTrigger(TriggerSpec trigger) {
    this.trigger = trigger;
  }

  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  public Integer getSuccessfulJobsHistoryLimit() {
    return successfulJobsHistoryLimit;
  }

  public void setSuccessfulJobsHistoryLimit(Integer successfulJobsHistoryLimit) {
    this.successfulJobsHistoryLimit = successfulJobsHistoryLimit;
  }

  public Integer getFailedJobsHistoryLimit() {
    return failedJobsHistoryLimit;
  }

  public void setFailedJobsHistoryLimit(Integer failedJobsHistoryLimit) {
    this.failedJobsHistoryLimit = failedJobsHistoryLimit;
  }

  public WorkerPodSpec getWorker() {
    return worker;
  }

  public void setWorker(WorkerPodSpec worker) {
    this.worker = worker;
  }
}
