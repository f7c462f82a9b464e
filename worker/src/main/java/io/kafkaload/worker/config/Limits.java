package io.kafkaload.worker.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code spec.limits}: how far the load's own code (scripts and {@code transform.sql}, run in
 * DuckDB over each chunk) may go before the run fails with a reason naming the limit (R8). The
 * defaults are far above what a load needs; a chunk is at most {@code sink.flush.maxBytes} of row
 * values (256 MiB by default).
 *
 * @param sqlTimeoutSeconds the time one chunk's SQL (scripts, transform and writing its rows) may
 *     take
 * @param maxChunkOutputBytes the bytes one chunk's SQL may write (its files, or what a table sink
 *     stages on disk)
 * @param maxTempBytes the size of DuckDB's spill folder ({@code max_temp_directory_size})
 * @param maxRowsPerInputRow the rows a chunk's SQL may return per row it was given
 * @param maxValueBytes the bytes of one value (a text, binary or nested value) a chunk's SQL may
 *     return; checked in DuckDB, before the value reaches the Java side or the output
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "sqlTimeoutSeconds",
  "maxChunkOutputBytes",
  "maxTempBytes",
  "maxRowsPerInputRow",
  "maxValueBytes"
})
public record Limits(
    Integer sqlTimeoutSeconds,
    Long maxChunkOutputBytes,
    Long maxTempBytes,
    Integer maxRowsPerInputRow,
    Long maxValueBytes) {

  public static final int DEFAULT_SQL_TIMEOUT_SECONDS = 600;
  public static final long DEFAULT_MAX_CHUNK_OUTPUT_BYTES = 4L << 30;
  public static final long DEFAULT_MAX_TEMP_BYTES = 4L << 30;
  public static final int DEFAULT_MAX_ROWS_PER_INPUT_ROW = 1000;
  public static final long DEFAULT_MAX_VALUE_BYTES = 64L << 20;

  /** Every limit at its default. */
  public static final Limits DEFAULTS = new Limits(null, null, null, null, null);

  public int sqlTimeoutSecondsOrDefault() {
    return sqlTimeoutSeconds == null ? DEFAULT_SQL_TIMEOUT_SECONDS : sqlTimeoutSeconds;
  }

  public long maxChunkOutputBytesOrDefault() {
    return maxChunkOutputBytes == null ? DEFAULT_MAX_CHUNK_OUTPUT_BYTES : maxChunkOutputBytes;
  }

  public long maxTempBytesOrDefault() {
    return maxTempBytes == null ? DEFAULT_MAX_TEMP_BYTES : maxTempBytes;
  }

  public int maxRowsPerInputRowOrDefault() {
    return maxRowsPerInputRow == null ? DEFAULT_MAX_ROWS_PER_INPUT_ROW : maxRowsPerInputRow;
  }

  public long maxValueBytesOrDefault() {
    return maxValueBytes == null ? DEFAULT_MAX_VALUE_BYTES : maxValueBytes;
  }
}
