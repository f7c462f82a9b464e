package io.kafkaload.operator.api;

/** Format of the files a files sink writes. */
public enum FileFormat {
  /** Apache Parquet. */
  Parquet,
  /** JSON lines. */
  Json,
  /** CSV with a header line. */
  Csv,
  /** Avro container files. */
  Avro
}
