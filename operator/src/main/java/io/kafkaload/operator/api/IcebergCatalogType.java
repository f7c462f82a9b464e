package io.kafkaload.operator.api;

/** The kinds of Iceberg catalog the worker can commit to. */
public enum IcebergCatalogType {
  /** An Iceberg REST catalog at {@code uri}. */
  Rest,
  /** Iceberg's JDBC catalog (connection from the catalog's Secret). */
  Jdbc,
  /** Tables in folders under {@code warehouse}. */
  Hadoop
}
