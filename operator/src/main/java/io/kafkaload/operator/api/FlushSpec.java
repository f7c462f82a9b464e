package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** When a sink closes its files and commits positions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FlushSpec {

  /**
   * The defaults, one owner each (schema, LoadDefaults, messages); pinned with the worker's by the
   * {@code effective} blocks of examples/rendered/ (docs/worker-config.md).
   */
  public static final long DEFAULT_MAX_RECORDS = 1_000_000L;

  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  public static final int DEFAULT_INTERVAL_SECONDS = 60;

  @Min(1)
  @Default("" + DEFAULT_MAX_RECORDS)
  @JsonPropertyDescription("A file is closed after this many records of one partition")
  private Long maxRecords;

  @Min(1)
  @Default("" + DEFAULT_MAX_BYTES)
  @JsonPropertyDescription("... or after this many bytes of row values of one partition")
  private Long maxBytes;

  @Min(1)
  @Default("" + DEFAULT_INTERVAL_SECONDS)
  @JsonPropertyDescription("Streaming: files are closed and offsets committed this often")
  private Integer intervalSeconds;

  public Long getMaxRecords() {
    return maxRecords;
  }

  public void setMaxRecords(Long maxRecords) {
    this.maxRecords = maxRecords;
  }

  public Long getMaxBytes() {
    return maxBytes;
  }

  public void setMaxBytes(Long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public Integer getIntervalSeconds() {
    return intervalSeconds;
  }

  public void setIntervalSeconds(Integer intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }
}
