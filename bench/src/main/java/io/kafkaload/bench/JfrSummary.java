package io.kafkaload.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the worker spent its time, from a JFR recording ({@code --jfr}): Java execution samples by
 * top frame, by thread and by the nearest kafkaload frame on the stack (which stage the time is
 * under), and native-method samples (threads inside DuckDB or I/O) by top frame.
 */
final class JfrSummary {
  final Map<String, Long> javaTopFrames = new HashMap<>();
  final Map<String, Long> javaThreads = new HashMap<>();
  final Map<String, Long> javaNearestKafkaload = new HashMap<>();
  final Map<String, Long> javaNearestKafkaloadLine = new HashMap<>();
  final Map<String, Long> javaTopFramesLine = new HashMap<>();
  final Map<String, Long> nativeTopFrames = new HashMap<>();
  long javaSamples;
  long nativeSamples;

  static JfrSummary of(Path recording) throws IOException {
    JfrSummary s = new JfrSummary();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        String type = e.getEventType().getName();
        boolean java = type.equals("jdk.ExecutionSample");
        if (!java && !type.equals("jdk.NativeMethodSample")) {
          continue;
        }
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = stack.getFrames();
        String top = frame(frames.get(0));
        if (java) {
          s.javaSamples++;
          s.javaTopFrames.merge(top, 1L, Long::sum);
          s.javaTopFramesLine.merge(
              frameLine(frames.get(0)) + "  [" + threadKind(e) + "]", 1L, Long::sum);
          String thread =
              e.getThread("sampledThread") == null
                  ? "?"
                  : String.valueOf(e.getThread("sampledThread").getJavaName());
          s.javaThreads.merge(thread.replaceAll("\\d+", "N"), 1L, Long::sum);
          String nearest = "(no kafkaload frame: " + frame(frames.get(frames.size() - 1)) + ")";
          String nearestLine = nearest;
          for (RecordedFrame f : frames) {
            if (f.getMethod() != null
                && f.getMethod().getType().getName().startsWith("io.kafkaload.")) {
              nearest = frame(f);
              nearestLine = frameLine(f);
              break;
            }
          }
          s.javaNearestKafkaload.merge(nearest, 1L, Long::sum);
          s.javaNearestKafkaloadLine.merge(
              nearestLine + "  [" + threadKind(e) + "]", 1L, Long::sum);
        } else {
          s.nativeSamples++;
          String thread =
              e.getThread("sampledThread") == null
                  ? "?"
                  : String.valueOf(e.getThread("sampledThread").getJavaName());
          s.nativeTopFrames.merge(
              top + "  [" + thread.replaceAll("\\d+", "N") + "]", 1L, Long::sum);
        }
      }
    }
    return s;
  }

  private static String frame(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  /** {@code Class.method(File.java:line)}: where in the source a sample was. */
  private static String frameLine(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    String type = f.getMethod().getType().getName();
    String simple = type.substring(type.lastIndexOf('.') + 1);
    int dollar = simple.indexOf('$');
    String file = (dollar < 0 ? simple : simple.substring(0, dollar)) + ".java";
    return simple + "." + f.getMethod().getName() + "(" + file + ":" + f.getLineNumber() + ")";
  }

  private static String threadKind(RecordedEvent e) {
    return e.getThread("sampledThread") == null
        ? "?"
        : String.valueOf(e.getThread("sampledThread").getJavaName()).replaceAll("\\d+", "N");
  }

  static Map<String, Long> top(Map<String, Long> counts, int n) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  void print(StringBuilder out) {
    section(out, "Java samples by top frame", javaTopFrames, javaSamples, 15);
    section(out, "Java samples by nearest kafkaload frame", javaNearestKafkaload, javaSamples, 12);
    section(out, "Java samples by thread", javaThreads, javaSamples, 10);
    section(out, "Java samples by top frame and line [thread]", javaTopFramesLine, javaSamples, 25);
    section(
        out,
        "Java samples by nearest kafkaload frame and line [thread]",
        javaNearestKafkaloadLine,
        javaSamples,
        25);
    section(out, "Native-method samples by top frame [thread]", nativeTopFrames, nativeSamples, 10);
  }

  private static void section(
      StringBuilder out, String title, Map<String, Long> counts, long total, int n) {
    out.append(String.format("  %s (%,d samples)%n", title, total));
    top(counts, n)
        .forEach(
            (k, v) ->
                out.append(
                    String.format("    %5.1f%%  %s%n", total == 0 ? 0 : 100.0 * v / total, k)));
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("javaSamples", javaSamples);
    m.put("nativeSamples", nativeSamples);
    m.put("javaTopFrames", top(javaTopFrames, 25));
    m.put("javaNearestKafkaloadFrame", top(javaNearestKafkaload, 25));
    m.put("javaThreads", top(javaThreads, 25));
    m.put("javaTopFramesByLine", top(javaTopFramesLine, 40));
    m.put("javaNearestKafkaloadFrameByLine", top(javaNearestKafkaloadLine, 40));
    m.put("nativeTopFrames", top(nativeTopFrames, 25));
    return m;
  }
}
