package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How a Streaming load commits: every interval, per batch, or once (then it runs as a Job). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerSpec {

  @Default("ProcessingTime")
  @JsonPropertyDescription(
      "ProcessingTime: commit every intervalSeconds; Continuous: as soon as each polled batch is written; Once: read what is there at start, commit, stop (runs as a Job)")
  private TriggerType type;

  @Min(1)
  @JsonPropertyDescription("ProcessingTime interval; default sink.flush.intervalSeconds")
  private Integer intervalSeconds;

  public TriggerType getType() {
    return type;
  }

  public void setType(TriggerType type) {
    this.type = type;
  }

  public Integer getIntervalSeconds() {
    return intervalSeconds;
  }

  public void setIntervalSeconds(Integer intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }
}
