package io.kafkaload.worker.output.iceberg;

import java.time.Instant;

/**
 * The Kafka side of a chunk of rows: a contiguous offset range of one partition, {@code
 * startOffset} (the first offset read) to {@code nextOffset} (the position after it, what is
 * committed), and the newest record timestamp in it ({@code null} when unknown). A chunk may have
 * no rows (all filtered or rejected): committing it still moves the offsets.
 */
public record IcebergChunk(
    String topic, int partition, long startOffset, long nextOffset, Instant maxTimestamp) {

  public IcebergChunk {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("chunk without a topic");
    }
    if (partition < 0 || startOffset < 0 || nextOffset < startOffset) {
      throw new IllegalArgumentException(
          "chunk "
              + topic
              + "-"
              + partition
              + " ["
              + startOffset
              + ", "
              + nextOffset
              + ") is not a range");
    }
  }
}
