package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Run in a child JVM by {@link FileOffsetStoreCrashTest}: resumes from the file, then commits
 * forever, each commit moving partition 0 to {@code n} and partition 1 to {@code 2n}, until killed.
 */
public final class FileOffsetStoreCrashChild {

  static final TopicPartition P0 = new TopicPartition("events", 0);
  static final TopicPartition P1 = new TopicPartition("events", 1);
  static final String READY = "committing";

  private FileOffsetStoreCrashChild() {}

  public static void main(String[] args) {
    FileOffsetStore store = new FileOffsetStore(Path.of(args[0]), new LoadRef("crash", "load"));
    long n = store.read(List.of(P0)).getOrDefault(P0, 0L);
    store.commit(Map.of(P0, ++n, P1, 2 * n));
    System.out.println(READY);
    System.out.flush();
    while (true) {
      n++;
      store.commit(Map.of(P0, n, P1, 2 * n));
    }
  }
}
