package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Files named from topic, partition and offset range, written into {@code path}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesSink {

  @Required
  @JsonPropertyDescription("Absolute folder the files are written to")
  private String path;

  @Default("Parquet")
  @JsonPropertyDescription("Parquet, or Json for JSON lines")
  private FileFormat format;

  @JsonPropertyDescription(
      "PersistentVolumeClaim mounted at path in the pod; without it an emptyDir (trials only)")
  private String claimName;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public FileFormat getFormat() {
    return format;
  }

  public void setFormat(FileFormat format) {
    this.format = format;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}
