package io.kafkaload.operator.api;

/**
 * How message values are decoded into rows (docs/worker-config.md, "Rows from each value format").
 */
public enum ValueFormat {
  /** One JSON object per value. */
  Json,
  /** Confluent wire format; schemas from the connection's schemaRegistry. */
  Avro,
  /** The value as UTF-8 text, in a column named value. */
  String,
  /** The value as base64, in a column named value. */
  Bytes
}
