package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.pipeline.LoadRunner;
import io.kafkaload.worker.pipeline.RunReport;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A load of one topic into JSON lines under a test's folder, with offset options set fluently;
 * every setter changes this load (same name, so the same positions and output), for tests that run
 * it several times with different options. Also produces events {@code {"event_id": n}} and reads
 * their ids back.
 */
public final class OffsetLoad {
  private final Path dir;
  private final String topic;
  private final String name = SharedKafka.uniqueName("load");
  private LoadSpec.Mode mode = LoadSpec.Mode.Batch;
  private LoadSpec.TriggerType trigger;
  private String startingOffsets;
  private String endingOffsets;
  private Long startingTimestamp;
  private LoadSpec.TimestampStrategy strategy;
  private Boolean failOnDataLoss;
  private Long maxRecordsPerRun;
  private Map<String, String> options;

  public OffsetLoad(Path dir, String topic) {
    this.dir = dir;
    this.topic = topic;
  }

  public OffsetLoad startingOffsets(String v) {
    startingOffsets = v;
    return this;
  }

  public OffsetLoad endingOffsets(String v) {
    endingOffsets = v;
    return this;
  }

  public OffsetLoad startingTimestamp(long v) {
    startingTimestamp = v;
    return this;
  }

  public OffsetLoad strategy(LoadSpec.TimestampStrategy v) {
    strategy = v;
    return this;
  }

  public OffsetLoad failOnDataLoss(boolean v) {
    failOnDataLoss = v;
    return this;
  }

  public OffsetLoad maxRecordsPerRun(long v) {
    maxRecordsPerRun = v;
    return this;
  }

  public OffsetLoad options(Map<String, String> v) {
    options = v;
    return this;
  }

  /** Mode Streaming with this trigger (ProcessingTime runs flush every second). */
  public OffsetLoad streaming(LoadSpec.TriggerType type) {
    mode = LoadSpec.Mode.Streaming;
    trigger = type;
    return this;
  }

  public Path out() {
    return dir.resolve(name);
  }

  public WorkerConfig config() {
    return TestLoads.files(topic, out())
        .sharedKafka()
        .namespace("test")
        .name(name)
        .format(LoadSpec.FileFormat.Json)
        .mode(mode)
        .set("spec.trigger.type", trigger)
        .set("spec.trigger.intervalSeconds", trigger == null ? null : 1)
        .set("spec.source.kafka.startingOffsets", startingOffsets)
        .set("spec.source.kafka.endingOffsets", endingOffsets)
        .set("spec.source.kafka.startingTimestamp", startingTimestamp)
        .set("spec.source.kafka.startingOffsetsByTimestampStrategy", strategy)
        .set("spec.source.kafka.failOnDataLoss", failOnDataLoss)
        .set("spec.source.kafka.maxRecordsPerRun", maxRecordsPerRun)
        .set("spec.source.kafka.options", options)
        .dir(dir)
        .unchecked();
  }

  /** A runner of this load with the real stages. */
  public LoadRunner runner() {
    return new LoadRunner(config(), new WorkerParts());
  }

  /** Runs the load once; the report says whether it succeeded. */
  public RunReport run() {
    return runner().run();
  }

  /** The event ids written so far, one per row (duplicates kept, to be detected). */
  public List<Long> ids() throws Exception {
    List<Long> ids = new ArrayList<>();
    if (!Files.isDirectory(out())) {
      return ids;
    }
    try (Stream<Path> files = Files.list(out())) {
      if (files.noneMatch(p -> p.getFileName().toString().matches("[^.].*\\.jsonl"))) {
        return ids;
      }
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT event_id FROM read_json('"
                    + out().resolve("*.jsonl")
                    + "', format='newline_delimited')")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  /**
   * Produces {@code count} events {@code {"event_id": firstId + i}} to one partition, with
   * timestamps {@code firstTimestamp + i * 1000} when given (else the producer's clock); waits for
   * the acks and returns the ids.
   */
  public static Set<Long> produce(
      String topic, int partition, long firstId, int count, Long firstTimestamp) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      long id = firstId + i;
      ids.add(id);
      byte[] value = ("{\"event_id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
      Long timestamp = firstTimestamp == null ? null : firstTimestamp + i * 1000L;
      records.add(new ProducerRecord<>(topic, partition, timestamp, null, value));
    }
    SharedKafka.produce(records);
    return ids;
  }
}
