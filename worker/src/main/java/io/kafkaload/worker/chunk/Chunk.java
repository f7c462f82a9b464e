package io.kafkaload.worker.chunk;

import io.kafkaload.worker.decode.JsonDecoder.Shape;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The output of one partition for one range of positions, being written. Not thread-safe: one
 * consumer thread appends; {@link #seal} hands the chunk to the sink's writer threads.
 */
public interface Chunk {

  TopicPartition partition();

  /** The first position of the range (inclusive). */
  long startPosition();

  /** Adds an accepted row: the record's value, already checked by the decoder. */
  void append(long offset, byte[] value) throws IOException;

  /**
   * True when this chunk summarises the shapes of its rows, so that {@link #append(long, byte[],
   * Shape)} with the shape the JSON decoder recorded saves it a walk over each row.
   */
  default boolean wantsShapes() {
    return false;
  }

  /**
   * Adds an accepted JSON row whose {@code shape} the {@link
   * io.kafkaload.worker.decode.JsonDecoder} recorded while checking it.
   */
  default void append(long offset, byte[] value, Shape shape) throws IOException {
    append(offset, value);
  }

  /**
   * True when the chunk keeps the original record of each accepted row ({@link #original}), to
   * reject them as they came if the load's SQL fails on the chunk.
   */
  default boolean keepsOriginals() {
    return false;
  }

  /** Keeps the original record of the row just appended (see {@link #keepsOriginals}). */
  default void original(ConsumerRecord<byte[], byte[]> record) throws IOException {}

  /**
   * Keeps a record that cannot be loaded, with its original key, value, headers and timestamp, and
   * why: {@code stage} is where it failed ({@code decode}, {@code validate}, {@code transform},
   * {@code write}), {@code reason} a precise one-line reason.
   */
  void reject(ConsumerRecord<byte[], byte[]> record, String stage, String reason)
      throws IOException;

  /** Rows appended so far. */
  long records();

  /** Rejected records kept so far. */
  long rejected();

  /** Bytes of row values appended so far. */
  long bytes();

  /**
   * Ends the range at {@code nextPosition} (exclusive) and makes its files durable: written under
   * temp names, fsynced, renamed. The future completes when data and rejected files are durable;
   * only then may the positions be committed. Completes exceptionally when writing fails.
   */
  CompletableFuture<ChunkResult> seal(long nextPosition);
}
