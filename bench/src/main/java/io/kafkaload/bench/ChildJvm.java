package io.kafkaload.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one child JVM and measures it from the outside: wall time from just before the process is
 * started to its exit (so JVM start-up is included), peak RSS, CPU time, and every output line with
 * the time it arrived.
 *
 * <p>Peak RSS: when {@code /usr/bin/time} exists the child runs under it and its {@code %M} (the
 * kernel's max RSS of the exited process) is the figure; independently, {@code VmHWM} of the JVM's
 * {@code /proc/<pid>/status} is polled every 100 ms while it runs (VmHWM is itself a high-water
 * mark, so the poll only misses growth in the last 100 ms before exit).
 */
final class ChildJvm {
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final long CLOCK_TICKS_PER_SECOND = Machine.CLOCK_TICKS_PER_SECOND;
  private static final Pattern TIME_LINE =
      Pattern.compile("BENCH_TIME maxrss_kb=(\\d+) user_s=([\\d.]+) sys_s=([\\d.]+)");

  /** One line of output: milliseconds since the process was started, stream, text. */
  record Line(long atMillis, String stream, String text) {}

  final String name;
  int exitCode = -1;
  boolean timedOut;
  long wallNanos;
  long pid = -1;

  /** Highest VmHWM seen by polling /proc, kB; -1 if never read. */
  long polledPeakRssKb = -1;

  /** {@code /usr/bin/time}'s max RSS, kB; -1 when not run under it. */
  long timePeakRssKb = -1;

  double userSeconds = -1;
  double sysSeconds = -1;

  /** CPU seconds the whole machine was busy while the child ran (/proc/stat), and stolen. */
  double machineBusySeconds = Double.NaN;

  double machineStealSeconds = Double.NaN;

  /** CPU seconds of the benchmark JVM (broker, producer) while the child ran. */
  double benchJvmCpuSeconds = Double.NaN;

  /** CPU seconds of the benchmark's server process tree (PostgreSQL) while the child ran. */
  double serverCpuSeconds;

  final List<Line> lines = Collections.synchronizedList(new ArrayList<>());

  private ChildJvm(String name) {
    this.name = name;
  }

  /**
   * Runs {@code java <jvmArgsAndMain...>} in {@code workDir}, copying its output to {@code log}
   * (and, if {@code echo}, to this process's stderr), and waits at most {@code timeoutSeconds}.
   */
  static ChildJvm run(
      String name,
      List<String> jvmArgsAndMain,
      Path workDir,
      Path log,
      boolean echo,
      long timeoutSeconds,
      Map<String, String> env)
      throws IOException, InterruptedException {
    ChildJvm child = new ChildJvm(name);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    Path timeFile = null;
    if (Files.isExecutable(TIME)) {
      timeFile = Files.createTempFile("bench-time-", ".txt");
      command.addAll(
          List.of(
              TIME.toString(),
              "-f",
              "BENCH_TIME maxrss_kb=%M user_s=%U sys_s=%S",
              "-o",
              timeFile.toString()));
    }
    command.add(java);
    command.addAll(jvmArgsAndMain);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(env);
    Files.createDirectories(log.toAbsolutePath().getParent());
    try (Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      logWriter.write("# " + String.join(" ", command) + "\n");
      double[] sysBefore = Machine.systemCpuSeconds();
      double selfBefore = Machine.selfCpuSeconds();
      double serverBefore = Machine.serverCpuSeconds();
      long start = System.nanoTime();
      Process process = builder.start();
      Thread out = child.pump(process.getInputStream(), "out", start, logWriter, echo);
      Thread err = child.pump(process.getErrorStream(), "err", start, logWriter, echo);
      Thread poller = child.pollRss(process, timeFile != null);
      boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!exited) {
        child.timedOut = true;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor();
        }
      }
      child.wallNanos = System.nanoTime() - start;
      child.exitCode = process.exitValue();
      double[] sysAfter = Machine.systemCpuSeconds();
      child.machineBusySeconds = sysAfter[0] - sysBefore[0];
      child.machineStealSeconds = sysAfter[1] - sysBefore[1];
      child.benchJvmCpuSeconds = Machine.selfCpuSeconds() - selfBefore;
      child.serverCpuSeconds = Machine.serverCpuSeconds() - serverBefore;
      poller.interrupt();
      out.join(5_000);
      err.join(5_000);
      poller.join(5_000);
    }
    if (timeFile != null) {
      String text = Files.readString(timeFile);
      Files.deleteIfExists(timeFile);
      Matcher m = TIME_LINE.matcher(text);
      if (m.find()) {
        child.timePeakRssKb = Long.parseLong(m.group(1));
        child.userSeconds = Double.parseDouble(m.group(2));
        child.sysSeconds = Double.parseDouble(m.group(3));
      }
    }
    return child;
  }

  private Thread pump(InputStream in, String stream, long start, Writer log, boolean echo) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                  lines.add(new Line(at, stream, line));
                  synchronized (log) {
                    log.write(String.format("%8d %s %s%n", at, stream, line));
                  }
                  if (echo) {
                    System.err.println("    [" + name + "] " + line);
                  }
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            name + "-" + stream);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Polls VmHWM and CPU ticks of the JVM (the child of /usr/bin/time when wrapped). */
  private Thread pollRss(Process process, boolean wrapped) {
    Thread t =
        new Thread(
            () -> {
              try {
                ProcessHandle jvm = process.toHandle();
                if (wrapped) {
                  Optional<ProcessHandle> c = Optional.empty();
                  for (int i = 0; i < 200 && c.isEmpty() && process.isAlive(); i++) {
                    c = process.children().findFirst();
                    if (c.isEmpty()) {
                      Thread.sleep(10);
                    }
                  }
                  if (c.isEmpty()) {
                    return;
                  }
                  jvm = c.get();
                }
                pid = jvm.pid();
                Path status = Path.of("/proc", Long.toString(pid), "status");
                Path stat = Path.of("/proc", Long.toString(pid), "stat");
                while (jvm.isAlive()) {
                  readStatus(status);
                  readStat(stat);
                  Thread.sleep(100);
                }
              } catch (InterruptedException e) {
                // the process exited
              }
            },
            name + "-rss");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void readStatus(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          polledPeakRssKb = Math.max(polledPeakRssKb, kb);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // exited between the check and the read
    }
  }

  private void readStat(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 (utime, stime) are at index 11 and 12 after the command name
      userSeconds = Long.parseLong(f[11]) / (double) CLOCK_TICKS_PER_SECOND;
      sysSeconds = Long.parseLong(f[12]) / (double) CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      // exited
    }
  }

  double wallSeconds() {
    return wallNanos / 1e9;
  }

  /** The authoritative peak RSS in kB: /usr/bin/time's when available, else the polled VmHWM. */
  long peakRssKb() {
    return timePeakRssKb > 0 ? timePeakRssKb : polledPeakRssKb;
  }

  double cpuSeconds() {
    return userSeconds < 0 ? -1 : userSeconds + sysSeconds;
  }

  /**
   * CPU seconds used by everything else on the machine while the child ran: machine busy time minus
   * the child's, the benchmark JVM's (broker) and its server's (PostgreSQL) own. Other builds and
   * tests show up here.
   */
  double otherCpuSeconds() {
    return machineBusySeconds
        - Math.max(0, cpuSeconds())
        - benchJvmCpuSeconds
        - Math.max(0, serverCpuSeconds);
  }

  /** The first line matching {@code pattern}, if any. */
  Optional<Line> firstLine(Pattern pattern) {
    synchronized (lines) {
      return lines.stream().filter(l -> pattern.matcher(l.text()).find()).findFirst();
    }
  }

  List<String> tail(int n) {
    synchronized (lines) {
      return lines.subList(Math.max(0, lines.size() - n), lines.size()).stream()
          .map(l -> l.stream() + " " + l.text())
          .toList();
    }
  }
}
