package io.kafkaload.operator.api;

/**
 * File compression. Which ones a format accepts: Parquet Zstd, Snappy, Gzip, Lz4, None; Json and
 * Csv Gzip, Zstd, None; Avro Snappy, Deflate, Zstd, None.
 */
public enum Compression {
  Zstd,
  Snappy,
  Gzip,
  Lz4,
  Deflate,
  None
}
