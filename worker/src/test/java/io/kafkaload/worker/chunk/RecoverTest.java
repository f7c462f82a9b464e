package io.kafkaload.worker.chunk;

import static io.kafkaload.worker.chunk.SinkTestKit.published;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.output.files.FileNames;
import io.kafkaload.worker.output.files.FilesOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoverTest {

  private static final TopicPartition TP = new TopicPartition("events", 0);

  @TempDir Path dir;

  private static String name(String topic, int partition, long first, long last, String ext) {
    return FileNames.base(new TopicPartition(topic, partition), first, last) + "." + ext;
  }

  @Test
  void removes_exactly_the_files_at_or_after_the_committed_position() throws Exception {
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Files.createDirectories(dir.resolve("_rejected"));
    // committed chunks of the partition
    kept.add(name("events", 0, 0, 99, "parquet"));
    kept.add(name("events", 0, 100, 199, "parquet"));
    kept.add("_rejected/" + name("events", 0, 100, 199, "jsonl"));
    // written by a run that did not commit: the range starts at the committed position or later
    removed.add(name("events", 0, 200, 299, "parquet"));
    removed.add("_rejected/" + name("events", 0, 200, 299, "jsonl"));
    removed.add(name("events", 0, 300, 399, "jsonl")); // the other format, from an earlier run
    removed.add("." + name("events", 0, 400, 499, "parquet") + ".tmp");
    removed.add("_rejected/." + name("events", 0, 400, 499, "jsonl") + ".tmp");
    // other partitions, other topics whose names share a prefix, and foreign files stay
    kept.add(name("events", 1, 200, 299, "parquet"));
    kept.add(name("events", 10, 200, 299, "parquet"));
    kept.add(name("events2", 0, 200, 299, "parquet"));
    kept.add(name("ev", 0, 200, 299, "parquet"));
    kept.add("." + name("events", 1, 400, 499, "parquet") + ".tmp");
    kept.add("events+0+200+299.parquet"); // not padded: not one of ours
    kept.add("README.txt");
    for (String file : kept) {
      Files.writeString(dir.resolve(file), "x");
    }
    for (String file : removed) {
      Files.writeString(dir.resolve(file), "x");
    }
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Parquet, Tuning.defaults())) {
      sink.recover(TP, 200);
    }
    assertThat(published(dir)).containsExactlyInAnyOrderElementsOf(kept);
  }

  @Test
  void a_re_run_from_the_committed_position_rewrites_the_same_names() throws Exception {
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Json, Tuning.defaults())) {
      for (long start : new long[] {0, 10}) {
        Chunk chunk = sink.open(TP, start);
        for (long o = start; o < start + 10; o++) {
          chunk.append(o, SinkTestKit.utf8("{\"run\":1,\"o\":" + o + "}"));
        }
        chunk.seal(start + 10).get();
      }
    }
    // the run stopped after both chunks were written but only the first was committed (10)
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Json, Tuning.defaults())) {
      sink.recover(TP, 10);
      assertThat(published(dir)).containsExactly(name("events", 0, 0, 9, "jsonl"));
      Chunk chunk = sink.open(TP, 10);
      for (long o = 10; o < 15; o++) {
        chunk.append(o, SinkTestKit.utf8("{\"run\":2,\"o\":" + o + "}"));
      }
      chunk.seal(15).get();
    }
    assertThat(published(dir))
        .containsExactly(name("events", 0, 0, 9, "jsonl"), name("events", 0, 10, 14, "jsonl"));
    assertThat(Files.readAllLines(dir.resolve(name("events", 0, 10, 14, "jsonl"))))
        .allMatch(line -> line.startsWith("{\"run\":2"))
        .hasSize(5);
  }
}
