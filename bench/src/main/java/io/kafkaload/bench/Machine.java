package io.kafkaload.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the machine is and what else was running on it: the context every figure needs. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    m.put("nproc", command("nproc").stream().findFirst().orElse("?"));
    m.put("cpuModel", cpuModel());
    m.put("memTotalGiB", memTotalGiB());
    m.put("free_g", command("free", "-g"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /**
   * The processes that used the most CPU during one second (other than this benchmark), as "pid
   * %cpu rss-MiB command-line": what else was competing for the cores.
   */
  static List<String> busiestProcesses(int n) {
    long self = ProcessHandle.current().pid();
    Map<Long, Long> before = processTicks();
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<Long, Long> after = processTicks();
    List<String> out = new ArrayList<>();
    after.entrySet().stream()
        .filter(e -> e.getKey() != self)
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(n)
        .forEach(
            e -> {
              String cmd = cmdline(e.getKey());
              out.add(
                  String.format(
                      "%d %3d%% %5d MiB %s",
                      e.getKey(),
                      e.getValue() * 100 / CLOCK_TICKS_PER_SECOND,
                      rssMiB(e.getKey()),
                      cmd.length() > 140 ? cmd.substring(0, 140) + "..." : cmd));
            });
    return out;
  }

  static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

  /** utime + stime of every process, in clock ticks. */
  private static Map<Long, Long> processTicks() {
    Map<Long, Long> ticks = new java.util.HashMap<>();
    try (java.util.stream.Stream<Path> s = Files.list(Path.of("/proc"))) {
      s.filter(p -> p.getFileName().toString().matches("\\d+"))
          .forEach(
              p -> {
                try {
                  String st = Files.readString(p.resolve("stat"));
                  String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                  ticks.put(
                      Long.parseLong(p.getFileName().toString()),
                      Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                  // gone
                }
              });
    } catch (IOException e) {
      // no /proc
    }
    return ticks;
  }

  private static String cmdline(long pid) {
    try {
      byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String c = new String(b, StandardCharsets.UTF_8).replace('\0', ' ').trim();
      if (!c.isEmpty()) {
        return c;
      }
      return "[" + Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim() + "]";
    } catch (IOException e) {
      return "?";
    }
  }

  private static long rssMiB(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0)
          / 1024;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * CPU time of the whole machine from /proc/stat, in seconds: {busy (user, nice, system, irq,
   * softirq), steal}.
   */
  static double[] systemCpuSeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy =
          Long.parseLong(f[1])
              + Long.parseLong(f[2])
              + Long.parseLong(f[3])
              + Long.parseLong(f[6])
              + Long.parseLong(f[7]);
      long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
      return new double[] {
        busy / (double) CLOCK_TICKS_PER_SECOND, steal / (double) CLOCK_TICKS_PER_SECOND
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  /**
   * Waits until the rest of the machine (everything but this JVM) used less than {@code maxCores}
   * over one second, for at most {@code maxSeconds}. Returns the seconds waited, negative when the
   * machine never became quiet enough (then the measurement goes ahead anyway).
   */
  static double waitQuiet(double maxCores, long maxSeconds) {
    long start = System.nanoTime();
    if (maxSeconds <= 0) {
      return 0;
    }
    while (true) {
      double[] sys0 = systemCpuSeconds();
      double self0 = selfCpuSeconds();
      double server0 = serverCpuSeconds();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      double others =
          (systemCpuSeconds()[0] - sys0[0])
              - (selfCpuSeconds() - self0)
              - (serverCpuSeconds() - server0);
      double waited = (System.nanoTime() - start) / 1e9;
      if (Double.isNaN(others) || others < maxCores) {
        return waited - 1;
      }
      if (waited >= maxSeconds) {
        return -waited;
      }
    }
  }

  /**
   * The process id of a server the benchmark started outside its own JVM (the PostgreSQL postmaster
   * of the postgres scenario), or -1: its CPU and its children's are counted apart ("server s"),
   * not as other processes.
   */
  static volatile long serverPid = -1;

  /**
   * CPU seconds used so far by {@link #serverPid} and its children: its own utime + stime, the
   * cutime + cstime of its children that exited (PostgreSQL backends of closed connections), and
   * the utime + stime of its live children (backends, checkpointer, WAL writer, autovacuum). 0 when
   * there is no server.
   */
  static double serverCpuSeconds() {
    long pid = serverPid;
    if (pid <= 0) {
      return 0;
    }
    long ticks = 0;
    try {
      String st = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]);
      ticks += Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    try (java.util.stream.Stream<Path> s = Files.list(Path.of("/proc"))) {
      ticks +=
          s.filter(p -> p.getFileName().toString().matches("\\d+"))
              .mapToLong(
                  p -> {
                    try {
                      String st = Files.readString(p.resolve("stat"));
                      String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                      // f[1] is the parent's pid (field 4)
                      return Long.parseLong(f[1]) == pid
                          ? Long.parseLong(f[11]) + Long.parseLong(f[12])
                          : 0;
                    } catch (IOException | RuntimeException e) {
                      return 0; // gone
                    }
                  })
              .sum();
    } catch (IOException e) {
      // no /proc
    }
    return ticks / (double) CLOCK_TICKS_PER_SECOND;
  }

  /** CPU seconds used so far by this JVM (the broker and the producer live here). */
  static double selfCpuSeconds() {
    try {
      String st = Files.readString(Path.of("/proc/self/stat"));
      String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static long memTotalGiB() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0)
          / (1024 * 1024);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Runs a short command and returns its output lines (empty when it cannot run). */
  static List<String> command(String... args) {
    try {
      Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return text.lines().toList();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
