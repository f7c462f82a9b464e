package io.kafkaload.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of a chunk reach the Java writers (Avro, Iceberg's generic writer, PostgreSQL's
 * row-by-row COPY) streamed, a few MiB at a time, whatever the chunk's size: DuckDB's JDBC driver
 * would otherwise first materialise the whole result outside DuckDB's memory_limit (RELIABILITY.md
 * R8, memory). Measured in a JVM of its own, as its peak resident memory.
 */
@EnabledOnOs(OS.LINUX)
class StreamedRowsTest {

  @TempDir Path dir;

  @Test
  void readingAResultFarBiggerThanDuckDbsMemoryLimitKeepsTheProcessSmall() throws Exception {
    long rows = 5_000_000; // 480 MB of text, against a memory_limit of 64 MiB
    Path log = dir.resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                StreamedRowsChild.class.getName(),
                dir.toString(),
                Long.toString(rows))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log);
    assertThat(child.exitValue()).as(out).isZero();
    Matcher m = Pattern.compile("rows (\\d+) chars (\\d+) peakKiB (\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(rows);
    assertThat(Long.parseLong(m.group(2))).isEqualTo(rows * 96);
    long peakMib = Long.parseLong(m.group(3)) / 1024;
    // heap (64 MiB) + DuckDB (64 MiB) + the JVM's and DuckDB's own: far below the 480 MB result,
    // which a materialised result set holds at once (about 560 MiB of peak memory measured)
    assertThat(peakMib).as(out).isLessThan(320);
  }
}
