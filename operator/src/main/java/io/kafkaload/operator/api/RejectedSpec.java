package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Where rejected records go and how many a run tolerates before it fails. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RejectedSpec {

  @Pattern("^[a-zA-Z0-9._-]{1,249}$")
  @JsonPropertyDescription(
      "Send rejected records to this topic of the load's connection instead of _rejected/;"
          + " required with sink.jdbc and sink.iceberg")
  private String topic;

  @Min(0)
  @JsonPropertyDescription("The run fails once more records than this were rejected")
  private Long maxRejected;

  // A number, against the no-floats convention: the contract (docs/worker-config.md) says so.
  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "The run fails once rejected / read exceeds this share, in [0, 1] (checked at each commit)")
  private Double maxRejectedRatio;

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public Long getMaxRejected() {
    return maxRejected;
  }

  public void setMaxRejected(Long maxRejected) {
    this.maxRejected = maxRejected;
  }

  public Double getMaxRejectedRatio() {
    return maxRejectedRatio;
  }

  public void setMaxRejectedRatio(Double maxRejectedRatio) {
    this.maxRejectedRatio = maxRejectedRatio;
  }
}
