package io.kafkaload.worker.decode;

/**
 * Turns a message value into a row: the bytes of one JSON object in UTF-8. {@link #check} returns
 * {@code null} when the value is accepted, else a precise one-line reason (stage {@code decode});
 * after an accepted check, {@link #row} gives the row's bytes (for JSON input, the value itself;
 * formats such as Avro return the value re-encoded as JSON). Must never throw on any input: a value
 * that cannot be read is a reason, not an exception. The one exception is a service the decoder
 * depends on refusing the run's configuration, whatever the value (Avro: the schema registry
 * refusing the credentials): that fails the run with its reason rather than rejecting every record.
 * Called on the consumer thread for every record, one value at a time, so implementations may keep
 * the last row in a field, and must not allocate per record beyond what the format needs.
 */
public interface Decoder {
  String check(byte[] value);

  /** The row of the value last accepted by {@link #check}. */
  default byte[] row(byte[] value) {
    return value;
  }
}
