package io.kafkaload.operator.api;

/**
 * Which schema the Avro values of a Kafka sink are written with (docs/worker-config.md, "Kafka
 * sink").
 */
public enum SchemaStrategy {
  /**
   * The schema derived from the rows' columns, registered under the subject {@code <topic>-value}
   * (the registry's compatibility rules apply).
   */
  Register,
  /** The subject's latest registered schema, which the rows' columns must fit. */
  Latest
}
