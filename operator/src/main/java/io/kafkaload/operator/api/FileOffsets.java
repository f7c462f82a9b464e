package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The volume of the File offset store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileOffsets {

  @JsonPropertyDescription(
      "An existing PersistentVolumeClaim; default <load>-offsets, created by the operator")
  private String claimName;

  @Default("1Gi")
  @JsonPropertyDescription("Size of the PersistentVolumeClaim the operator creates")
  private String storage;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getStorage() {
    return storage;
  }

  public void setStorage(String storage) {
    this.storage = storage;
  }
}
