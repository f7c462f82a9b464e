package io.kafkaload.operator.api;

/** The SASL mechanisms offered. */
public enum SaslMechanism {
  /** PLAIN. */
  Plain,
  /** SCRAM-SHA-256. */
  ScramSha256,
  /** SCRAM-SHA-512. */
  ScramSha512
}
