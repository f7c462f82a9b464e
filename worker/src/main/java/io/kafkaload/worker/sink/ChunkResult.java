package io.kafkaload.worker.sink;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A chunk made durable: the range [{@code startPosition}, {@code nextPosition}) of {@code
 * partition}, the rows written and records rejected in it, and the files that hold them.
 */
public record ChunkResult(
    TopicPartition partition,
    long startPosition,
    long nextPosition,
    long written,
    long rejected,
    List<Path> files,
    List<Path> rejectedFiles) {}
