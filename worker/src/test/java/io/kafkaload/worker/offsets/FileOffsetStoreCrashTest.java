package io.kafkaload.worker.offsets;

import static io.kafkaload.worker.offsets.FileOffsetStoreCrashChild.P0;
import static io.kafkaload.worker.offsets.FileOffsetStoreCrashChild.P1;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F9: a worker killed with SIGKILL while it commits never leaves a torn offsets file. A child JVM
 * commits in a tight loop and is killed at a random moment; the file must then parse and hold the
 * positions of one single commit, and a new store must resume from them.
 */
class FileOffsetStoreCrashTest {

  private static final int KILLS = 3;

  @TempDir Path dir;

  @Test
  void aKillDuringCommitsNeverTearsTheFile() throws Exception {
    long seed = System.nanoTime();
    System.out.println("FileOffsetStoreCrashTest seed " + seed);
    Random random = new Random(seed);
    long previous = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      Process child = startChild();
      try {
        awaitReady(child);
        Thread.sleep(random.nextInt(300));
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      try (FileOffsetStore store = new FileOffsetStore(dir, new LoadRef("crash", "load"))) {
        // the new store removed the temp file a kill may have left
        assertThat(tempFiles()).as("temp files after kill %d (seed %d)", kill, seed).isEmpty();
        Map<?, Long> positions = store.read(List.of(P0, P1));
        long n = positions.get(P0);
        assertThat(positions.get(P1)).as("one commit, not a mix (seed %d)", seed).isEqualTo(2 * n);
        assertThat(n).as("resumed and moved on (seed %d)", seed).isGreaterThan(previous);
        previous = n;
      }
    }
  }

  private Process startChild() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx64m",
            "-cp",
            System.getProperty("java.class.path"),
            FileOffsetStoreCrashChild.class.getName(),
            dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static void awaitReady(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.contains(FileOffsetStoreCrashChild.READY)) {
        return;
      }
    }
    throw new AssertionError("the child exited before committing, exit " + child.waitFor());
  }

  private List<Path> tempFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
