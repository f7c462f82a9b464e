package io.kafkaload.worker.chunk;

import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.output.files.FilesOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.TopicPartition;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: writes chunk [0, 100) durably, then fills chunk
 * [100, 100 + rows), and dies like {@code kill -9} ({@link Runtime#halt}: no finally blocks, no
 * shutdown hooks) either before sealing it or {@code delayMillis} after sealing it.
 */
public final class CrashingWriter {

  private CrashingWriter() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    FileFormat format = FileFormat.valueOf(args[1]);
    int rows = Integer.parseInt(args[2]);
    long delayMillis = Long.parseLong(args[3]); // < 0: die before sealing
    TopicPartition tp = new TopicPartition("events", 0);
    ChunkEngine sink = FilesOutput.sink(path, format, new Tuning(2, "256MB", 2, 1 << 20, "zstd"));
    Chunk first = sink.open(tp, 0);
    for (int i = 0; i < 100; i++) {
      first.append(i, row(i));
    }
    first.seal(100).get();
    Chunk second = sink.open(tp, 100);
    for (int i = 100; i < 100 + rows; i++) {
      second.append(i, row(i));
    }
    if (delayMillis >= 0) {
      second.seal(100 + rows);
      Thread.sleep(delayMillis);
    }
    System.out.println("halting");
    System.out.flush();
    Runtime.getRuntime().halt(137);
  }

  static byte[] row(int i) {
    return ("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(100) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
