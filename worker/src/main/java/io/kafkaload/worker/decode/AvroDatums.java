package io.kafkaload.worker.decode;

import org.apache.avro.Schema;

/**
 * Avro binary records written one after the other with one schema (the blocks of an Avro container
 * file), each converted to the JSON object {@link AvroDecoder} makes of a Kafka Avro value: the
 * same plan, the same rows. NaN and infinities stay bare tokens (the JSON decoder the rows go
 * through next rejects them with its reason). Not thread-safe.
 */
public final class AvroDatums {
  private final AvroPlan plan;
  private final JsonOut out = new JsonOut();
  private final AvroRows rows = new AvroRows(out, null);

  /**
   * @throws IllegalArgumentException when a record of {@code schema} cannot be a row (its root is
   *     not a record)
   */
  public AvroDatums(Schema schema) {
    this.plan = AvroPlan.compile(0, schema);
  }

  /**
   * Converts the record starting at {@code v[from]} (the block ends at {@code to}); returns where
   * it ends. Throws an {@link IllegalArgumentException} with the reason when the bytes are not a
   * record of the schema.
   */
  public int next(byte[] v, int from, int to) {
    out.reset();
    try {
      return rows.convertNext(plan, v, from, to);
    } catch (AvroReject e) {
      String where = e.path().isEmpty() ? "" : "field " + e.path() + ": ";
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  /** The JSON object of the record {@link #next} converted. */
  public byte[] row() {
    return out.toRow();
  }
}
