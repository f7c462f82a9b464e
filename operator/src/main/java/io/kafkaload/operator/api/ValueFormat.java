package io.kafkaload.operator.api;

/** How message values are decoded. Avro, String and Bytes come later. */
public enum ValueFormat {
  /** One JSON document per message value. */
  Json
}
