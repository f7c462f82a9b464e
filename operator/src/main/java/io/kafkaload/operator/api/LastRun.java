package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Summary of one finished run, copied from the worker's run report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LastRun {

  @JsonPropertyDescription("Name of the Job of the run")
  private String name;

  @JsonPropertyDescription("RFC 3339 time the run started")
  private String startTime;

  @JsonPropertyDescription("RFC 3339 time the run finished")
  private String completionTime;

  @JsonPropertyDescription("Succeeded or Failed")
  private String result;

  @JsonPropertyDescription("One-line summary, or the reason of a failure")
  private String message;

  @JsonPropertyDescription("Records consumed")
  private Long recordsRead;

  @JsonPropertyDescription("Records written to the sink")
  private Long recordsWritten;

  @JsonPropertyDescription("Records sent to the rejected sink")
  private Long recordsRejected;

  @JsonPropertyDescription("Records the transform's SQL did not return")
  private Long recordsFiltered;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Long getRecordsRead() {
    return recordsRead;
  }

  public void setRecordsRead(Long recordsRead) {
    this.recordsRead = recordsRead;
  }

  public Long getRecordsWritten() {
    return recordsWritten;
  }

  public void setRecordsWritten(Long recordsWritten) {
    this.recordsWritten = recordsWritten;
  }

  public Long getRecordsRejected() {
    return recordsRejected;
  }

  public void setRecordsRejected(Long recordsRejected) {
    this.recordsRejected = recordsRejected;
  }

  public Long getRecordsFiltered() {
    return recordsFiltered;
  }

  public void setRecordsFiltered(Long recordsFiltered) {
    this.recordsFiltered = recordsFiltered;
  }
}
