package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link KafkaLoad}: small summary fields only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaLoadStatus {

  @JsonPropertyDescription("The metadata.generation this status describes")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling, Stalled and ConnectionReady")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The Job, CronJob or Deployment running the load")
  private WorkloadRef workloadRef;

  @JsonPropertyDescription("Outcome of the last finished run, from the worker's run report")
  private LastRun lastRun;

  @JsonPropertyDescription("Scheduled Batch: when the CronJob last started a run")
  private String lastScheduleTime;

  @JsonPropertyDescription(
      "Kafka source: records not loaded yet, summed over partitions; absent for a files source")
  private Long lag;

  @JsonPropertyDescription("Streaming: desired worker replicas")
  private Integer replicas;

  @JsonPropertyDescription("Streaming: ready worker replicas")
  private Integer readyReplicas;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public WorkloadRef getWorkloadRef() {
    return workloadRef;
  }

  public void setWorkloadRef(WorkloadRef workloadRef) {
    this.workloadRef = workloadRef;
  }

  public LastRun getLastRun() {
    return lastRun;
  }

  public void setLastRun(LastRun lastRun) {
    this.lastRun = lastRun;
  }

  public Long getLag() {
    return lag;
  }

  public void setLag(Long lag) {
    this.lag = lag;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }
}
