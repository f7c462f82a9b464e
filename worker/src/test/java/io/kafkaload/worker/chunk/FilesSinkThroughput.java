package io.kafkaload.worker.chunk;

import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.output.files.FilesOutput;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A micro-benchmark (not a test): pushes synthetic ~250-byte JSON events (1% malformed, fixed seed)
 * through {@link JsonDecoder} alone, then through the decoder and a files sink ({@link
 * io.kafkaload.worker.output.files.FilesOutput}), the way the consumer thread does, and prints
 * records/s.
 *
 * <pre>
 * mvn -q -B -pl worker -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * cd worker &amp;&amp; java -Xmx512m -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.kafkaload.worker.chunk.FilesSinkThroughput \
 *     [records=2000000] [format=Parquet] [chunk=1000000] [compression=zstd] [folder] [DuckDB threads]
 * </pre>
 *
 * It prints, per round, records/s, when the consumer thread was done (seal blocks while two chunks
 * are being written) and the process CPU time so far: on a shared machine the CPU seconds per
 * record are the steadier figure.
 *
 * <p>Events come from a pool of 100,000 (so the heap holds 25 MB, not 500 MB), each given a unique
 * id in place before use.
 */
public final class FilesSinkThroughput {

  private static final int POOL = 100_000;
  private static final String[] TYPES = {"click", "view", "purchase", "signup"};

  private FilesSinkThroughput() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    FileFormat format = args.length > 1 ? FileFormat.valueOf(args[1]) : FileFormat.Parquet;
    int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    String compression = args.length > 3 ? args[3] : "zstd";
    Path folder =
        args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("kafkaload-throughput");
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : Tuning.defaults().duckdbThreads();

    byte[][] pool = pool(new Random(42));
    long bytes = 0;
    for (byte[] event : pool) {
      bytes += event.length;
    }
    System.out.printf(
        Locale.ROOT,
        "%d records, average %d bytes, %s, chunks of %d, %s, DuckDB threads %d, into %s%n",
        records,
        bytes / POOL,
        format,
        chunk,
        compression,
        threads,
        folder);

    JsonDecoder decoder = new JsonDecoder();
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int rejected = 0;
      for (int i = 0; i < records; i++) {
        byte[] event = pool[i % POOL];
        stampId(event, i);
        rejected += decoder.check(event) == null ? 0 : 1;
      }
      report("decode alone, round " + round, records, start, rejected);
    }

    TopicPartition tp = new TopicPartition("events", 0);
    Tuning tuning = new Tuning(threads, "256MB", 2, 64L << 20, compression);
    com.sun.management.OperatingSystemMXBean cpu =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      long consumerDone;
      int rejected = 0;
      List<CompletableFuture<ChunkResult>> sealed = new ArrayList<>();
      try (ChunkEngine sink = FilesOutput.sink(folder, format, tuning)) {
        sink.recover(tp, 0);
        Chunk open = sink.open(tp, 0);
        for (int i = 0; i < records; i++) {
          byte[] event = pool[i % POOL];
          stampId(event, i);
          String reason = decoder.check(event);
          if (reason == null) {
            open.append(i, event);
          } else {
            open.reject(new ConsumerRecord<>("events", 0, i, null, event), "decode", reason);
            rejected++;
          }
          if (open.records() + open.rejected() >= chunk) {
            sealed.add(open.seal(i + 1L));
            open = sink.open(tp, i + 1L);
          }
        }
        sealed.add(open.seal(records));
        consumerDone = System.nanoTime();
        CompletableFuture.allOf(sealed.toArray(CompletableFuture[]::new)).get();
      }
      report("decode + " + format + " files, round " + round, records, start, rejected);
      System.out.printf(
          Locale.ROOT,
          "  (the consumer thread was done after %.2f s; process CPU %.1f s so far)%n",
          (consumerDone - start) / 1e9,
          cpu.getProcessCpuTime() / 1e9);
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        System.out.printf(Locale.ROOT, "  %s %,d bytes%n", file.getFileName(), Files.size(file));
      }
    }
  }

  private static void report(String what, int records, long start, int rejected) {
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-32s %,12.0f records/s  (%.2f s, %d rejected)%n",
        what,
        records / seconds,
        seconds,
        rejected);
  }

  /** Events with a 10-digit id field at a fixed place, 1% of them malformed. */
  private static byte[][] pool(Random random) {
    byte[][] pool = new byte[POOL][];
    for (int i = 0; i < POOL; i++) {
      String event =
          String.format(
              Locale.ROOT,
              "{\"id\":1000000000,\"ts\":\"2026-05-%02dT%02d:%02d:%02d.%03dZ\",\"user\":\"user-%06d\","
                  + "\"type\":\"%s\",\"amount\":%d.%02d,\"ok\":%b,\"tags\":[\"t%d\",\"t%d\"],"
                  + "\"props\":{\"page\":\"/products/%d\",\"ref\":\"https://example.com/r/%d\","
                  + "\"ua\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\"}}",
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextInt(1000),
              random.nextInt(1_000_000),
              TYPES[random.nextInt(TYPES.length)],
              random.nextInt(1000),
              random.nextInt(100),
              random.nextBoolean(),
              random.nextInt(10),
              random.nextInt(10),
              random.nextInt(10_000),
              random.nextInt(100_000));
      if (random.nextInt(100) == 0) {
        event = event.substring(0, event.length() - 1 - random.nextInt(20)); // truncated
      }
      pool[i] = event.getBytes(StandardCharsets.UTF_8);
    }
    return pool;
  }

  /** Writes 1000000000 + i as the 10-digit id ({"id": is 6 bytes). */
  private static void stampId(byte[] event, int i) {
    for (int k = 15, v = 1_000_000_000 + i; k >= 6; k--, v /= 10) {
      event[k] = (byte) ('0' + v % 10);
    }
  }
}
