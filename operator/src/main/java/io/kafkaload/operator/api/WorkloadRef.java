package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Kind and name of the workload the operator created for a load. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadRef {

  @JsonPropertyDescription("Job, CronJob or Deployment")
  private String kind;

  @JsonPropertyDescription("Name in the load's namespace")
  private String name;

  public WorkloadRef() {}

  public WorkloadRef(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
