package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link KafkaConnection}: the result of the last probe. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaConnectionStatus {

  @JsonPropertyDescription("The metadata.generation this status describes")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready: whether the last probe reached the cluster")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Cluster id reported by the brokers")
  private String clusterId;

  @JsonPropertyDescription("Number of brokers the last probe saw")
  private Integer brokers;

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

  public String getClusterId() {
    return clusterId;
  }

  public void setClusterId(String clusterId) {
    this.clusterId = clusterId;
  }

  public Integer getBrokers() {
    return brokers;
  }

  public void setBrokers(Integer brokers) {
    this.brokers = brokers;
  }
}
