package io.kafkaload.worker.decode;

/**
 * Checks a message value before it becomes a row. Returns {@code null} when the value is accepted,
 * else a precise one-line reason (stage {@code decode}). Must never throw on any input: a value
 * that cannot be read is a reason, not an exception. Called on the consumer thread for every
 * record, so it must not allocate per record beyond what it needs.
 */
public interface Decoder {
  String check(byte[] value);
}
