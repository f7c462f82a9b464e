package io.kafkaload.operator.api;

/** Format of the files a files sink writes. */
public enum FileFormat {
  /** Apache Parquet. */
  Parquet,
  /** JSON lines. */
  Json
}
