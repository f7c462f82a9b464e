package io.kafkaload.worker.chunk;

import io.kafkaload.worker.transform.MemoryBudget;
import java.util.Set;

/**
 * How the chunk engine and its DuckDB sessions use the machine. Knobs with sensible defaults for a
 * worker with ~512 MB of heap on 2 cores. DuckDB's memory is off-heap and spills to the scratch
 * folder beyond its limit. DuckDB gets one thread less than there are cores: the consumer thread
 * decodes and spools on the other one while DuckDB writes (on 2 cores, 1 DuckDB thread used 10-15%
 * less CPU per record than 2, at the same or a better rate). There are as many writer threads as
 * cores, each converting its own chunk: when several chunks are sealed at once (the end of a
 * bounded run, a flush of several partitions) they are converted in parallel, without the overhead
 * of splitting one conversion across threads. Parquet is zstd-compressed at level 1 ({@code
 * RowsConverter.ZSTD_LEVEL}): about the CPU of snappy, for files 45% smaller.
 */
public record Tuning(
    int duckdbThreads,
    String duckdbMemoryLimit,
    int maxChunksInFlight,
    long segmentBytes,
    String compression,
    int writerThreads) {

  public Tuning {
    if (duckdbThreads < 1 || maxChunksInFlight < 1 || segmentBytes < 1 || writerThreads < 1) {
      throw new IllegalArgumentException("threads, chunks in flight and segment size must be >= 1");
    }
    if (!Set.of("zstd", "snappy", "lz4_raw", "gzip", "uncompressed").contains(compression)) {
      throw new IllegalArgumentException("unknown Parquet compression " + compression);
    }
    if (!duckdbMemoryLimit.matches("\\d+(\\.\\d+)?\\s*[KMGT]i?B")) {
      throw new IllegalArgumentException("bad DuckDB memory limit " + duckdbMemoryLimit);
    }
  }

  /** One writer thread. */
  public Tuning(
      int duckdbThreads,
      String duckdbMemoryLimit,
      int maxChunksInFlight,
      long segmentBytes,
      String compression) {
    this(duckdbThreads, duckdbMemoryLimit, maxChunksInFlight, segmentBytes, compression, 1);
  }

  public static Tuning defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = Math.max(1, cores - 1);
    int writers = Math.max(1, cores);
    return new Tuning(
        threads,
        MemoryBudget.duckdbMemoryLimit(),
        Math.max(2, writers),
        64L << 20,
        "zstd",
        writers);
  }
}
