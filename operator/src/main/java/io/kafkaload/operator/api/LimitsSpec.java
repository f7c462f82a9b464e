package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/**
 * How far the load's own code (scripts and transform.sql, run by the worker in DuckDB over each
 * chunk) may go before the run fails with a reason naming the limit. The defaults are far above
 * what a load needs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitsSpec {

  /**
   * The defaults, one owner each (schema, LoadDefaults, messages); pinned with the worker's by the
   * {@code effective} blocks of examples/rendered/ (docs/worker-config.md).
   */
  public static final int DEFAULT_SQL_TIMEOUT_SECONDS = 600;

  public static final long DEFAULT_MAX_CHUNK_OUTPUT_BYTES = 4L << 30;

  public static final long DEFAULT_MAX_TEMP_BYTES = 4L << 30;

  public static final int DEFAULT_MAX_ROWS_PER_INPUT_ROW = 1000;

  /** The default of {@code maxValueBytes}: 64 MiB. */
  public static final long DEFAULT_MAX_VALUE_BYTES = 64L << 20;

  @Min(1)
  @Default("" + DEFAULT_SQL_TIMEOUT_SECONDS)
  @JsonPropertyDescription(
      "The time one chunk's SQL (scripts, transform and writing its rows) may take; past it the"
          + " SQL is stopped and the run fails, committing nothing of the chunk")
  private Integer sqlTimeoutSeconds;

  @Min(1)
  @Default("" + DEFAULT_MAX_CHUNK_OUTPUT_BYTES)
  @JsonPropertyDescription(
      "The bytes one chunk's SQL may write (its files, or what a table sink stages on disk);"
          + " past it the SQL is stopped and the run fails (a query that multiplies rows)")
  private Long maxChunkOutputBytes;

  @Min(1)
  @Default("" + DEFAULT_MAX_TEMP_BYTES)
  @JsonPropertyDescription(
      "The most DuckDB may spill to disk (max_temp_directory_size); past it a query fails"
          + " instead of filling the disk")
  private Long maxTempBytes;

  @Min(1)
  @Default("" + DEFAULT_MAX_ROWS_PER_INPUT_ROW)
  @JsonPropertyDescription(
      "The rows one chunk's SQL may return per row it was given; past it the SQL is stopped and"
          + " the run fails (a query that multiplies rows), before a table or the disk takes them")
  private Integer maxRowsPerInputRow;

  @Min(1)
  @Default("" + DEFAULT_MAX_VALUE_BYTES)
  @JsonPropertyDescription(
      "The bytes of one text, binary or nested value the load's SQL may return (checked in"
          + " DuckDB before the worker reads it); past it the SQL is stopped and the run fails"
          + " (a query that builds a huge value, e.g. repeat or string_agg)")
  private Long maxValueBytes;

  public Integer getSqlTimeoutSeconds() {
    return sqlTimeoutSeconds;
  }

  public void setSqlTimeoutSeconds(Integer sqlTimeoutSeconds) {
    this.sqlTimeoutSeconds = sqlTimeoutSeconds;
  }

  public Long getMaxChunkOutputBytes() {
    return maxChunkOutputBytes;
  }

  public void setMaxChunkOutputBytes(Long maxChunkOutputBytes) {
    this.maxChunkOutputBytes = maxChunkOutputBytes;
  }

  public Integer getMaxRowsPerInputRow() {
    return maxRowsPerInputRow;
  }

  public void setMaxRowsPerInputRow(Integer maxRowsPerInputRow) {
    this.maxRowsPerInputRow = maxRowsPerInputRow;
  }

  public Long getMaxTempBytes() {
    return maxTempBytes;
  }

  public void setMaxTempBytes(Long maxTempBytes) {
    this.maxTempBytes = maxTempBytes;
  }

  public Long getMaxValueBytes() {
    return maxValueBytes;
  }

  public void setMaxValueBytes(Long maxValueBytes) {
    this.maxValueBytes = maxValueBytes;
  }
}
