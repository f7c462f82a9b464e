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

  /** The busiest processes other than this benchmark's, with trimmed command lines. */
  static List<String> busiestProcesses(int n) {
    long self = ProcessHandle.current().pid();
    List<String> out = new ArrayList<>();
    for (String line : command("ps", "-eo", "pid,pcpu,rss,etimes,args", "--sort=-pcpu")) {
      String t = line.trim();
      if (t.startsWith("PID") || t.startsWith(self + " ") || t.contains(" ps -eo ")) {
        continue;
      }
      out.add(t.length() > 160 ? t.substring(0, 160) + "..." : t);
      if (out.size() == n) {
        break;
      }
    }
    return out;
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
