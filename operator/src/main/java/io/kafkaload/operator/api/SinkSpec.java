package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The sink union (exactly one member is set) plus settings shared by every sink. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SinkSpec {

  @JsonPropertyDescription("Write files into a folder")
  private FilesSink files;

  @JsonPropertyDescription("When files are closed and offsets committed")
  private FlushSpec flush;

  public FilesSink getFiles() {
    return files;
  }

  public void setFiles(FilesSink files) {
    this.files = files;
  }

  public FlushSpec getFlush() {
    return flush;
  }

  public void setFlush(FlushSpec flush) {
    this.flush = flush;
  }
}
