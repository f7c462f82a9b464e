package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * Kafka topics to read (exactly one of {@code topics} or {@code topicPattern}), how values are
 * decoded, and where runs start and end, with the semantics of Spark's Kafka source.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSource {

  @Size(min = 1)
  @JsonPropertyDescription("Topic names; exactly one of topics / topicPattern")
  private List<String> topics;

  @JsonPropertyDescription("Java regular expression matching topic names")
  private String topicPattern;

  @Default("Json")
  @JsonPropertyDescription(
      "How message values are decoded: Json, Avro (needs schemaRegistry), String, Bytes")
  private ValueFormat format;

  @JsonPropertyDescription(
      "Consumer group the load commits (or mirrors) its positions to; "
          + "default kafkaload.<namespace>.<name>")
  private String groupId;

  @JsonPropertyDescription(
      "First run only: earliest (default), latest (Streaming), or JSON per partition"
          + " {\"topic\":{\"0\":23}} (-2 earliest, -1 latest)")
  private String startingOffsets;

  @JsonPropertyDescription("Batch only: latest (default) or JSON per partition (-1 latest)")
  private String endingOffsets;

  @JsonPropertyDescription(
      "Epoch ms: start every partition at the first offset at or after it (first run only)")
  private Long startingTimestamp;

  @JsonPropertyDescription("JSON per partition of epoch ms: {\"topic\":{\"0\":1700000000000}}")
  private String startingOffsetsByTimestamp;

  @Default("Error")
  @JsonPropertyDescription("When no offset matches a starting timestamp: Error or Latest")
  private TimestampStrategy startingOffsetsByTimestampStrategy;

  @JsonPropertyDescription("Batch only: epoch ms; end at the first offset at or after it")
  private Long endingTimestamp;

  @JsonPropertyDescription("Batch only: JSON per partition of epoch ms")
  private String endingOffsetsByTimestamp;

  @Default("true")
  @JsonPropertyDescription(
      "Offsets deleted by retention before they were loaded fail the run (true) or are"
          + " reported as a gap (false)")
  private Boolean failOnDataLoss;

  @Min(1)
  @JsonPropertyDescription("Batch: stop after about this many records")
  private Long maxRecordsPerRun;

  @JsonPropertyDescription(
      "Kafka metadata added to every row: _topic, _partition, _offset, _timestamp, _key,"
          + " _headers; usable by script and transform.sql")
  private List<MetadataColumn> metadataColumns;

  @JsonPropertyDescription(
      "Consumer properties of this load, same allowlist as the connection's options;"
          + " never auto.offset.reset")
  private Map<String, String> options;

  public List<String> getTopics() {
    return topics;
  }

  public void setTopics(List<String> topics) {
    this.topics = topics;
  }

  public String getTopicPattern() {
    return topicPattern;
  }

  public void setTopicPattern(String topicPattern) {
    this.topicPattern = topicPattern;
  }

  public ValueFormat getFormat() {
    return format;
  }

  public void setFormat(ValueFormat format) {
    this.format = format;
  }

  public String getGroupId() {
    return groupId;
  }

  public void setGroupId(String groupId) {
    this.groupId = groupId;
  }

  public String getStartingOffsets() {
    return startingOffsets;
  }

  public void setStartingOffsets(String startingOffsets) {
    this.startingOffsets = startingOffsets;
  }

  public String getEndingOffsets() {
    return endingOffsets;
  }

  public void setEndingOffsets(String endingOffsets) {
    this.endingOffsets = endingOffsets;
  }

  public Long getStartingTimestamp() {
    return startingTimestamp;
  }

  public void setStartingTimestamp(Long startingTimestamp) {
    this.startingTimestamp = startingTimestamp;
  }

  public String getStartingOffsetsByTimestamp() {
    return startingOffsetsByTimestamp;
  }

  public void setStartingOffsetsByTimestamp(String startingOffsetsByTimestamp) {
    this.startingOffsetsByTimestamp = startingOffsetsByTimestamp;
  }

  public TimestampStrategy getStartingOffsetsByTimestampStrategy() {
    return startingOffsetsByTimestampStrategy;
  }

  public void setStartingOffsetsByTimestampStrategy(
      TimestampStrategy startingOffsetsByTimestampStrategy) {
    this.startingOffsetsByTimestampStrategy = startingOffsetsByTimestampStrategy;
  }

  public Long getEndingTimestamp() {
    return endingTimestamp;
  }

  public void setEndingTimestamp(Long endingTimestamp) {
    this.endingTimestamp = endingTimestamp;
  }

  public String getEndingOffsetsByTimestamp() {
    return endingOffsetsByTimestamp;
  }

  public void setEndingOffsetsByTimestamp(String endingOffsetsByTimestamp) {
    this.endingOffsetsByTimestamp = endingOffsetsByTimestamp;
  }

  public Boolean getFailOnDataLoss() {
    return failOnDataLoss;
  }

  public void setFailOnDataLoss(Boolean failOnDataLoss) {
    this.failOnDataLoss = failOnDataLoss;
  }

  public Long getMaxRecordsPerRun() {
    return maxRecordsPerRun;
  }

  public void setMaxRecordsPerRun(Long maxRecordsPerRun) {
    this.maxRecordsPerRun = maxRecordsPerRun;
  }

  public List<MetadataColumn> getMetadataColumns() {
    return metadataColumns;
  }

  public void setMetadataColumns(List<MetadataColumn> metadataColumns) {
    this.metadataColumns = metadataColumns;
  }

  public Map<String, String> getOptions() {
    return options;
  }

  public void setOptions(Map<String, String> options) {
    this.options = options;
  }
}
