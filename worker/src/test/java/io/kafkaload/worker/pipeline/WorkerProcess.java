package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real worker as a separate JVM from the packaged jar, as a user runs it: {@code java
 * -jar target/kafkaload.jar} with its {@code lib/} (the build makes both before the tests run).
 */
final class WorkerProcess {
  private WorkerProcess() {}

  static Process start(Path workDir, Path log, String... args) throws IOException {
    return start(workDir, log, Map.of(), args);
  }

  static Process start(Path workDir, Path log, Map<String, String> env, String... args)
      throws IOException {
    return startWithHeap(workDir, log, env, "512m", args);
  }

  /** With a heap of at most {@code maxHeap} ({@code -Xmx}, e.g. {@code 96m}). */
  static Process startWithHeap(
      Path workDir, Path log, Map<String, String> env, String maxHeap, String... args)
      throws IOException {
    return startWithJvm(workDir, log, env, List.of("-Xmx" + maxHeap), args);
  }

  /** The packaged worker: kafkaload.jar beside the build's classes folder. */
  static Path jar() {
    Path jar;
    try {
      Path classes =
          Path.of(
              io.kafkaload.worker.cli.KafkaloadCommand.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      jar = classes.getParent().resolve("kafkaload.jar");
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!java.nio.file.Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: run the tests through Maven (mvn verify), which packages the worker"
              + " before its tests");
    }
    return jar;
  }

  /** With these JVM options ({@code -Xmx512m} when they set no heap). */
  static Process startWithJvm(
      Path workDir, Path log, Map<String, String> env, List<String> jvm, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jvm.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
      command.add("-Xmx512m");
    }
    command.addAll(jvm);
    if (jvm.stream().noneMatch(o -> o.startsWith("-Djava.io.tmpdir="))) {
      // DuckDB's JDBC driver copies its native library (about 70 MB) into the temporary folder at
      // every start and deletes it at exit: a process killed with -9 leaves it behind. In the
      // test's folder, the copies go with the folder instead of filling the machine's /tmp.
      Path tmp = workDir.resolve("jvm-tmp");
      Files.createDirectories(tmp);
      command.add("-Djava.io.tmpdir=" + tmp);
    }
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process p =
        builder
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    // a test that fails while its worker runs (a Streaming run that never got its signal) must not
    // leave it running past the test JVM, where it would take the CPU of the next builds
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "kill-worker-" + p.pid()));
    return p;
  }

  /**
   * The crash tests' harness: runs {@code run -f yaml} killed with {@code kill -9} ({@code
   * destroyForcibly}) {@code kills} times, each after {@code minMs} plus a random wait below {@code
   * jitterMs} (seeds logged under {@code name}), then once to its end, which must succeed.
   */
  static void killRepeatedlyThenRunToEnd(
      Path dir, Path yaml, Map<String, String> env, int kills, int minMs, int jitterMs, String name)
      throws Exception {
    for (int kill = 1; kill <= kills; kill++) {
      long seed = System.nanoTime();
      System.out.println(name + " kill " + kill + " seed=" + seed);
      Process worker =
          start(dir, dir.resolve("run-" + kill + ".log"), env, "run", "-f", yaml.toString());
      Thread.sleep(minMs + new Random(seed).nextInt(jitterMs));
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    runToEnd(dir, yaml, env, "run-last.log", 300);
  }

  /**
   * Like {@link #killRepeatedlyThenRunToEnd}, but each kill waits until the run has committed
   * something ({@code committed} grew since the run started), then a random wait below {@code
   * jitterMs} (seeds logged under {@code name}): every kill lands after progress, however slow the
   * machine, so the runs resume from positions their predecessors committed. Stops killing once
   * {@code committed} reaches {@code total} or a run ends by itself.
   */
  static void killAfterProgressThenRunToEnd(
      Path dir,
      Path yaml,
      Map<String, String> env,
      int kills,
      int jitterMs,
      String name,
      java.util.function.LongSupplier committed,
      long total)
      throws Exception {
    for (int kill = 1; kill <= kills; kill++) {
      long before = committed.getAsLong();
      if (before >= total) {
        break;
      }
      long seed = System.nanoTime();
      System.out.println(name + " kill " + kill + " seed=" + seed + " committed=" + before);
      Process worker =
          start(dir, dir.resolve("run-" + kill + ".log"), env, "run", "-f", yaml.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (worker.isAlive() && committed.getAsLong() <= before) {
        assertThat(System.nanoTime())
            .as("run %d committed nothing in 180 s", kill)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      Thread.sleep(new Random(seed).nextInt(jitterMs));
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    runToEnd(dir, yaml, env, "run-last.log", 300);
  }

  /**
   * The commit-step crash harness ({@code chunk/CrashPoints}): a run that halts the third time it
   * reaches {@code step} (exit 137, as kill -9), then a run to its end, which must succeed.
   */
  static void crashAtThenRunToEnd(Path dir, Path yaml, Map<String, String> env, String step)
      throws Exception {
    Map<String, String> crashing = new HashMap<>(env);
    crashing.put("KAFKALOAD_CRASH_AT", step);
    crashing.put("KAFKALOAD_CRASH_AFTER", "3");
    Process first = start(dir, dir.resolve("crash.log"), crashing, "run", "-f", yaml.toString());
    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(dir.resolve("crash.log"))).isEqualTo(137);
    assertThat(Files.readString(dir.resolve("crash.log"))).contains("crash injected at " + step);
    runToEnd(dir, yaml, env, "again.log", 120);
  }

  /** Runs {@code run -f yaml} to its end within {@code seconds}; it must exit 0. */
  static void runToEnd(Path dir, Path yaml, Map<String, String> env, String log, int seconds)
      throws Exception {
    Process p = start(dir, dir.resolve(log), env, "run", "-f", yaml.toString());
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve(log))).isZero();
  }
}
