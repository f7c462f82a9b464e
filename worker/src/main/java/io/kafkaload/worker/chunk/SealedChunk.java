package io.kafkaload.worker.chunk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * What the chunk engine hands to an output once a chunk is sealed: its range [{@code
 * startPosition}, {@code nextPosition}) of {@code partition}, its counts, its scratch files (the
 * spooled rows, the records rejected so far, the original records when kept) and, when column types
 * are inferred, the shapes of its rows and its witness rows: copies of the rows that brought a path
 * or a kind of value that the rows before them did not, as JSON lines (null when there were too
 * many).
 */
public record SealedChunk(
    TopicPartition partition,
    long startPosition,
    long nextPosition,
    long rows,
    long rejected,
    List<Path> rowFiles,
    int longestRow,
    RowShapes shapes,
    byte[] witnesses,
    Path rejectedFile,
    Path originalsFile) {

  /** Every scratch file of the chunk. */
  public List<Path> scratchFiles() {
    List<Path> files = new ArrayList<>(rowFiles);
    if (rejectedFile != null) {
      files.add(rejectedFile);
    }
    if (originalsFile != null) {
      files.add(originalsFile);
    }
    return files;
  }
}
