package io.kafkaload.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own producer rate, the baseline of the parquet scenario: {@code
 * org.apache.kafka.tools.ProducerPerformance} (kafka-tools, as {@code ConsumerPerformance} is the
 * consumer's) as a child JVM with the worker's heap, sending the same number of records as the
 * scenario sends, picked from a payload file of the sample events themselves (so the records have
 * the events' size and lz4 compresses them as it compresses the worker's), into a fresh topic with
 * the partitions of the events topic. The producer settings are the worker's Kafka sink's ({@code
 * output/kafka/KafkaTarget}): {@code acks=all}, idempotent, {@code compression.type=lz4}, {@code
 * linger.ms=5}, {@code batch.size=262144}; once without transactions (the baseline) and once
 * transactional ({@code --transactional-id}, a commit every {@link #TRANSACTION_MS} ms).
 */
final class ProducerBaseline {

  /** ProducerPerformance's {@code --transaction-duration-ms} in the transactional variant. */
  static final long TRANSACTION_MS = 1000;

  /**
   * How many distinct sample events the payload file holds (ProducerPerformance picks at random).
   */
  static final int PAYLOADS = 100_000;

  /** The worker's Kafka sink producer settings (output/kafka/KafkaTarget). */
  static final List<String> PRODUCER_PROPS =
      List.of(
          "acks=all",
          "enable.idempotence=true",
          "compression.type=lz4",
          "linger.ms=5",
          "batch.size=262144",
          "max.in.flight.requests.per.connection=5");

  private static final Pattern SUMMARY =
      Pattern.compile(
          "^(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
              + " latency, ([\\d.]+) ms max latency");

  /** One ProducerPerformance run: its own figures and the outside measurements. */
  record Run(
      String label,
      String topic,
      boolean transactional,
      long records,
      double recordsPerSec,
      double mbSec,
      double avgLatencyMs,
      double maxLatencyMs,
      ChildJvm jvm) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", label);
      m.put("topic", topic);
      m.put("transactional", transactional);
      m.put("recordsSent", records);
      m.put("recordsPerSec", recordsPerSec);
      m.put("mbSec", mbSec);
      m.put("avgLatencyMs", avgLatencyMs);
      m.put("maxLatencyMs", maxLatencyMs);
      m.put("wallSeconds", Math.round(jvm.wallSeconds() * 100) / 100.0);
      m.put("peakRssMiB", jvm.peakRssKb() / 1024);
      m.put("cpuSeconds", Math.round(jvm.cpuSeconds() * 100) / 100.0);
      m.put("brokerJvmCpuSeconds", Math.round(jvm.benchJvmCpuSeconds * 100) / 100.0);
      m.put("otherProcessesCpuSeconds", Math.round(jvm.otherCpuSeconds() * 100) / 100.0);
      m.put("exitCode", jvm.exitCode);
      return m;
    }
  }

  private ProducerBaseline() {}

  /**
   * Writes the payload file: the first {@link #PAYLOADS} well-formed sample events of the bench's
   * seed, one per line (they hold no newline); returns their average size in bytes.
   */
  static double writePayloads(Path file, List<byte[]> events) throws IOException {
    long bytes = 0;
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (byte[] e : events) {
        w.write(new String(e, StandardCharsets.UTF_8));
        w.write('\n');
        bytes += e.length;
      }
    }
    return events.isEmpty() ? 0 : (double) bytes / events.size();
  }

  /** Runs ProducerPerformance; throws when it fails or prints no summary line. */
  static Run run(
      String label,
      String bootstrap,
      String topic,
      long records,
      Path payloads,
      String transactionalId,
      String xmx,
      String classPath,
      Path work,
      Path log,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-Xmx" + xmx,
                "-cp",
                classPath,
                "org.apache.kafka.tools.ProducerPerformance",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--throughput",
                "-1",
                "--payload-file",
                payloads.toString(),
                "--command-property"));
    args.addAll(PRODUCER_PROPS);
    if (transactionalId != null) {
      args.addAll(
          List.of(
              "--transactional-id",
              transactionalId,
              "--transaction-duration-ms",
              Long.toString(TRANSACTION_MS)));
    }
    ChildJvm jvm = ChildJvm.run(label, args, work, log, false, timeoutSeconds, Map.of());
    Matcher summary = null;
    synchronized (jvm.lines) {
      for (ChildJvm.Line line : jvm.lines) {
        Matcher m = SUMMARY.matcher(line.text().trim());
        if (m.find()) {
          summary = m; // the last one: the whole run's
        }
      }
    }
    if (jvm.exitCode != 0 || summary == null) {
      throw new IllegalStateException(
          "ProducerPerformance ("
              + label
              + ") exited "
              + jvm.exitCode
              + " without its summary line; see "
              + log
              + "\n  "
              + String.join("\n  ", jvm.tail(15)));
    }
    return new Run(
        label,
        topic,
        transactionalId != null,
        Long.parseLong(summary.group(1)),
        Double.parseDouble(summary.group(2)),
        Double.parseDouble(summary.group(3)),
        Double.parseDouble(summary.group(4)),
        Double.parseDouble(summary.group(5)),
        jvm);
  }
}
