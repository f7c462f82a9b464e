package io.kafkaload.worker.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What a run did: counts (read = written + rejected + filtered, filtered being the rows the load's
 * SQL left out), the range read per partition and the files written. Written as JSON to the report
 * file and, trimmed to 4096 bytes, to the pod's termination message, from which the operator fills
 * {@code status.lastRun}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "load",
  "result",
  "message",
  "startTime",
  "completionTime",
  "recordsRead",
  "recordsWritten",
  "recordsRejected",
  "recordsFiltered",
  "partitions",
  "gaps",
  "files",
  "rejectedFiles",
  "truncated"
})
public record RunReport(
    String load,
    String result,
    String message,
    String startTime,
    String completionTime,
    long recordsRead,
    long recordsWritten,
    long recordsRejected,
    long recordsFiltered,
    List<PartitionRange> partitions,
    List<Gap> gaps,
    List<String> files,
    List<String> rejectedFiles,
    Boolean truncated) {

  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  /** The positions of one partition: where the run started and where it left off (exclusive). */
  @JsonPropertyOrder({"topic", "partition", "startOffset", "endOffset"})
  public record PartitionRange(String topic, int partition, long startOffset, long endOffset) {}

  /**
   * Offsets that were no longer in the log when the run started (deleted by retention): the range
   * [{@code fromOffset}, {@code toOffset}) was never read.
   */
  @JsonPropertyOrder({"topic", "partition", "fromOffset", "toOffset"})
  public record Gap(String topic, int partition, long fromOffset, long toOffset) {}

  public boolean succeeded() {
    return SUCCEEDED.equals(result);
  }

  /** A copy without the file lists and, if {@code keepPartitions} is false, the partitions. */
  public RunReport trimmed(boolean keepPartitions) {
    return new RunReport(
        load,
        result,
        message,
        startTime,
        completionTime,
        recordsRead,
        recordsWritten,
        recordsRejected,
        recordsFiltered,
        keepPartitions ? partitions : null,
        keepPartitions ? gaps : null,
        null,
        null,
        Boolean.TRUE);
  }
}
