package io.kafkaload.worker.offsets;

/**
 * Positions could not be read or stored. The message names the store and says what to do: the run
 * must fail rather than continue from a guessed position.
 */
public class OffsetStoreException extends RuntimeException {

  public OffsetStoreException(String message) {
    super(message);
  }

  public OffsetStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
