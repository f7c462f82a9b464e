package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Where a load keeps its positions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OffsetsSpec {

  /** The compacted topic of the Topic store when {@code topic} is not set. */
  public static final String DEFAULT_TOPIC = "comet_offsets";

  // No schema default: it depends on the sink and the mode (tables: Sink; Batch: Topic,
  // Streaming: Group).
  @JsonPropertyDescription(
      "Topic, File, Group, or Sink (jdbc and iceberg sinks: offsets committed with the rows,"
          + " exactly-once; the default and the only store for them); otherwise default Topic"
          + " for Batch, Group for Streaming")
  private OffsetStoreType store;

  @Default(DEFAULT_TOPIC)
  @JsonPropertyDescription("The compacted topic of the Topic store")
  private String topic;

  @JsonPropertyDescription("The PersistentVolumeClaim of the File store")
  private FileOffsets file;

  @Default("Retain")
  @JsonPropertyDescription("Retain: the offsets PVC outlives the load; Delete: it goes with it")
  private RetentionPolicy retentionPolicy;

  public RetentionPolicy getRetentionPolicy() {
    return retentionPolicy;
  }

  public void setRetentionPolicy(RetentionPolicy retentionPolicy) {
    this.retentionPolicy = retentionPolicy;
  }

  public OffsetStoreType getStore() {
    return store;
  }

  public void setStore(OffsetStoreType store) {
    this.store = store;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public FileOffsets getFile() {
    return file;
  }

  public void setFile(FileOffsets file) {
    this.file = file;
  }
}
