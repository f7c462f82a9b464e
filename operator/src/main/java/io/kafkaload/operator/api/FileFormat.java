package io.kafkaload.operator.api;

/** Format of the files a files sink writes or a files source reads. */
public enum FileFormat {
  /** Apache Parquet. */
  Parquet,
  /** JSON lines. */
  Json,
  /** CSV (a files sink writes a header line). */
  Csv,
  /** Avro container files. */
  Avro
}
