package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Settings of the worker pods: image, resources, service account, scheduling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerPodSpec {

  @JsonPropertyDescription("Worker image; default the operator's kafkaload.worker.image")
  private String image;

  @Pattern("^(Always|IfNotPresent|Never)$")
  @JsonPropertyDescription("Always, IfNotPresent or Never")
  private String imagePullPolicy;

  @JsonPropertyDescription("Requests and limits of the worker container")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Service account of the worker pods (no token is mounted)")
  private String serviceAccountName;

  @JsonPropertyDescription("Node labels the worker pods must run on")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the worker pods")
  private List<Toleration> tolerations;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }
}
