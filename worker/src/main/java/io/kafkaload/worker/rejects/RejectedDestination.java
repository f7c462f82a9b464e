package io.kafkaload.worker.rejects;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Sends a chunk's rejected records somewhere other than the files sink's {@code _rejected/} folder
 * (the topic {@code spec.rejected.topic}); returns only once they are acknowledged, so positions
 * are committed after their rejects are safe.
 */
public interface RejectedDestination extends AutoCloseable {

  /** Publishes the rejected records of {@code rejectedFile} (JSON lines); returns how many. */
  long publish(Path rejectedFile) throws IOException;

  /** Called when the sink closes, after the last chunk. */
  @Override
  default void close() {}
}
