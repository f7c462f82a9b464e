package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Desired state of a {@link KafkaLoad}: exactly the fields of docs/worker-config.md. Every field is
 * a nullable wrapper without a Java default, so a spec serialises back to what the user wrote (the
 * worker config embeds it verbatim); defaults live in the CRD schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

  @Required
  // A union: more source kinds (files, table) join the count later.
  @ValidationRule(
      value = "(has(self.kafka) ? 1 : 0) == 1",
      message = "source: set exactly one of kafka")
  @JsonPropertyDescription("Where records come from: exactly one of kafka")
  private SourceSpec source;

  @Required
  // A union: more sink kinds (jdbc, iceberg, kafka, console) join the count later.
  @ValidationRule(
      value = "(has(self.files) ? 1 : 0) == 1",
      message = "sink: set exactly one of files")
  @JsonPropertyDescription("Where records go: exactly one of files, plus flush settings")
  private SinkSpec sink;

  @JsonPropertyDescription("Where the load's positions live")
  private OffsetsSpec offsets;

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

  public OffsetsSpec getOffsets() {
    return offsets;
  }

  public void setOffsets(OffsetsSpec offsets) {
    this.offsets = offsets;
  }
}
