package io.kafkaload.worker.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
}
