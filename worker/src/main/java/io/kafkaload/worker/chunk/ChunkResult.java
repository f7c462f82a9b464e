package io.kafkaload.worker.chunk;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A chunk made durable: the range [{@code startPosition}, {@code nextPosition}) of {@code
 * partition}, the rows written and records rejected in it, and the files that hold them. {@code
 * lateRejected} of the rejected records were rejected while writing (stage transform: the user's
 * SQL failed on the chunk's rows), after the consumer counted them as accepted; {@code filtered}
 * rows were left out by the user's SQL on purpose.
 */
public record ChunkResult(
    TopicPartition partition,
    long startPosition,
    long nextPosition,
    long written,
    long rejected,
    List<Path> files,
    List<Path> rejectedFiles,
    long lateRejected,
    long filtered) {

  public ChunkResult(
      TopicPartition partition,
      long startPosition,
      long nextPosition,
      long written,
      long rejected,
      List<Path> files,
      List<Path> rejectedFiles) {
    this(partition, startPosition, nextPosition, written, rejected, files, rejectedFiles, 0, 0);
  }
}
