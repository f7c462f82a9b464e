package io.kafkaload.worker.chunk;

import static io.kafkaload.worker.chunk.SinkTestKit.published;
import static io.kafkaload.worker.chunk.SinkTestKit.scalar;
import static io.kafkaload.worker.chunk.SinkTestKit.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.output.files.FileNames;
import io.kafkaload.worker.output.files.FilesOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real crash: a child JVM writes one chunk durably, then dies (as by {@code kill -9}) while the
 * next chunk is being filled or written. Whatever it left, nothing partial is ever visible under a
 * final name, and a new sink plus {@code recover} leaves exactly the committed chunk, after which
 * re-reading the range writes the same names again.
 */
class CrashRecoveryTest {

  private static final TopicPartition TP = new TopicPartition("events", 0);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, {1} rows, die {2} ms after seal")
  @CsvSource({
    "Json, 5000, -1",
    "Parquet, 5000, -1",
    "Parquet, 300000, 0",
    "Parquet, 300000, 150",
    "Parquet, 300000, 600",
    "Json, 300000, 20",
  })
  void a_crash_leaves_nothing_partial_and_recover_cleans_up(String format, int rows, long delay)
      throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriter.class.getName(),
                dir.toString(),
                format,
                String.valueOf(rows),
                String.valueOf(delay))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(137);
    Files.delete(dir.resolve("child.log"));

    FileFormat fileFormat = FileFormat.valueOf(format);
    String ext = fileFormat == FileFormat.Parquet ? "parquet" : "jsonl";
    String first = FileNames.base(TP, 0, 99) + "." + ext;
    String second = FileNames.base(TP, 100, 99 + rows) + "." + ext;
    // Before recovery: only complete files carry a final name.
    List<String> left = published(dir);
    assertThat(left).contains(first).isSubsetOf(first, second);
    for (String name : left) {
      assertThat(count(dir.resolve(name), fileFormat)).isEqualTo(name.equals(first) ? 100 : rows);
    }
    System.out.printf(
        "%s %d rows, delay %d: second chunk %s at the crash%n",
        format, rows, delay, left.contains(second) ? "published" : "not published");

    // The positions were committed after the first chunk only (100).
    try (ChunkEngine sink = FilesOutput.sink(dir, fileFormat, Tuning.defaults())) {
      try (Stream<Path> scratch = Files.list(dir.resolve(ScratchDir.ROOT))) {
        assertThat(scratch.filter(Files::isDirectory).count())
            .as("dead scratch folders swept")
            .isEqualTo(1);
      }
      sink.recover(TP, 100);
      assertThat(published(dir)).containsExactly(first);
      Chunk chunk = sink.open(TP, 100);
      for (int i = 100; i < 100 + rows; i++) {
        chunk.append(i, CrashingWriter.row(i));
      }
      chunk.seal(100 + rows).get();
    }
    assertThat(SinkTestKit.tree(dir)).containsExactlyInAnyOrder(first, second);
    assertThat(count(dir.resolve(first), fileFormat) + count(dir.resolve(second), fileFormat))
        .isEqualTo(100 + rows);
  }

  private static long count(Path file, FileFormat format) throws Exception {
    if (format == FileFormat.Json) {
      try (Stream<String> lines = Files.lines(file)) {
        return lines.count();
      }
    }
    return Long.parseLong(scalar("SELECT count(DISTINCT i) FROM read_parquet(" + sql(file) + ")"));
  }
}
