package io.kafkaload.worker.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the real worker as a separate JVM, with the test's classpath. */
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
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.kafkaload.worker.cli.KafkaloadCommand");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    return builder
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
