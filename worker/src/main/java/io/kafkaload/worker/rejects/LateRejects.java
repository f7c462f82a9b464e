package io.kafkaload.worker.rejects;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Rejects rows after the consumer accepted them, as their records came: when the load's SQL fails
 * on a chunk (every row, stage {@code transform}) or a table refuses single rows (those rows, stage
 * {@code write}). The records come from the chunk's {@link OriginalsSpool}.
 */
public final class LateRejects {

  private LateRejects() {}

  /**
   * Appends to {@code file} the original records of the chunk's rows: all of them with {@code
   * reason} when {@code reasons} is null, else those whose 0-based row index it holds, each with
   * its own reason. Returns how many.
   *
   * @param originals the chunk's originals file, or null when the chunk kept none
   * @param start the chunk's first position, for the error when no originals were kept
   */
  public static long write(
      Path originals,
      TopicPartition partition,
      long start,
      Path file,
      Map<Integer, String> reasons,
      String stage,
      String reason)
      throws IOException {
    if (originals == null) {
      throw new IOException(
          "the rows of "
              + partition
              + " from "
              + start
              + " failed the SQL ("
              + reason
              + ") and their original records were not kept");
    }
    long[] n = {0};
    int[] index = {0};
    try (RejectedRecordWriter writer = new RejectedRecordWriter(file, true)) {
      OriginalsSpool.read(
          originals,
          partition.topic(),
          partition.partition(),
          record -> {
            int i = index[0]++;
            if (reasons == null) {
              writer.write(record, stage, reason);
              n[0]++;
            } else if (reasons.containsKey(i)) {
              writer.write(record, stage, reasons.get(i));
              n[0]++;
            }
          });
    }
    return n[0];
  }
}
