package io.kafkaload.worker.transform.types;

/**
 * The one way an output's type mapper refuses a DuckDB type: which output ({@link #target}), and
 * the part of the type it has no type for ({@link #refused}, a primitive's name such as {@code
 * HUGEINT}, or {@code UNION}); the message is the output's own, with its hint.
 */
public final class UnmappedType extends IllegalArgumentException {

  /** The outputs that map DuckDB types. */
  public enum Target {
    AVRO,
    ICEBERG,
    POSTGRESQL
  }

  private final Target target;
  private final String refused;

  public UnmappedType(Target target, String refused, String message) {
    super(message);
    this.target = target;
    this.refused = refused;
  }

  public Target target() {
    return target;
  }

  /** The name of the refused part: a primitive's name, or {@code UNION}. */
  public String refused() {
    return refused;
  }
}
