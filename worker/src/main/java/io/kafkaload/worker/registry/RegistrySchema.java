package io.kafkaload.worker.registry;

import java.util.List;

/**
 * A schema as the registry gives it: its global {@code id}, the {@code subject} and {@code version}
 * when it was looked up through a subject (else null), its {@code schemaType} ({@code AVRO} when
 * the registry omits it, as Confluent's does for Avro), the schema text, and the other schemas it
 * references by name.
 */
public record RegistrySchema(
    int id,
    String subject,
    Integer version,
    String schemaType,
    String schema,
    List<Reference> references) {

  /** The type name of the schema types the registry reports when it omits {@code schemaType}. */
  public static final String AVRO = "AVRO";

  /** A named type defined by {@code version} of {@code subject}. */
  public record Reference(String name, String subject, int version) {}
}
