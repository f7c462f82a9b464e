package io.kafkaload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The offload scenarios' loads (issue 14) and the checks of what they sent: {@code topic} (the
 * events topic, a SQL filter, into another topic) and {@code parquet} (a Parquet file of the same
 * events into a topic). Both send to {@code sink.kafka} with {@code key: event_id}, JSON values,
 * {@code offsets.store: Sink} (each chunk's records and its position in one Kafka transaction:
 * exactly-once for read_committed consumers), rejects to their own {@code rejected.topic}.
 */
final class OffloadLoads {

  /** The key column of both scenarios: each record's key must be its value's event_id as text. */
  static final String KEY = "event_id";

  /** The worker's default offsets topic, where {@code offsets.store: Sink} puts the positions. */
  static final String OFFSETS_TOPIC = "comet_offsets";

  private OffloadLoads() {}

  /** The output topic of a round (created by the bench, with the events topic's partitions). */
  static String outputTopic(String loadName) {
    return "bench-out-" + loadName;
  }

  static String rejectedTopic(String loadName) {
    return "bench-rejected-" + loadName;
  }

  /** The whole YAML of a round's load: the KafkaConnection and the KafkaLoad. */
  static String yaml(
      String bootstrap,
      Scenario scenario,
      String loadName,
      String eventsTopic,
      Path parquet,
      long maxRecords) {
    String source =
        scenario == Scenario.PARQUET
            ? """
                files:
                  path: "%s"
                  format: Parquet
            """
                .formatted(parquet.toAbsolutePath())
            : """
                kafka:
                  topics: [%s]
                  format: Json
            """
                .formatted(eventsTopic);
    return """
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaConnection
        metadata:
          name: bench-kafka
        spec:
          bootstrapServers: "%s"
        ---
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaLoad
        metadata:
          name: %s
        spec:
          connectionRef:
            name: bench-kafka
          mode: Batch
          source:
        %s%s  sink:
            kafka:
              topic: %s
              format: Json
              key: %s
              compression: Lz4
            flush:
              maxRecords: %d
          rejected:
            topic: %s
          offsets:
            store: Sink
        """
        .formatted(
            bootstrap,
            loadName,
            source,
            scenario.specYaml(),
            outputTopic(loadName),
            KEY,
            maxRecords,
            rejectedTopic(loadName));
  }

  /**
   * The checks of an offload round. {@code expected}: the records the output must hold (topic: the
   * well-formed non-heartbeats; parquet: the file's rows, every well-formed event); {@code read}:
   * what the load read (topic: N; parquet: the file's rows). The figures go into {@code m}, each
   * check through {@code check} (which records it in {@code m} too).
   */
  static void checks(
      Map<String, Object> m,
      Scenario scenario,
      JsonNode report,
      TopicOutput out,
      long rejectedRecords,
      long rejectedDistinctSources,
      Map<String, Long> positions,
      Map<String, Long> endOffsets,
      EventTally tally,
      long read,
      boolean outOfMemory,
      BiConsumer<String, Boolean> check) {
    boolean topic = scenario == Scenario.TOPIC;
    long expected = topic ? tally.kept : tally.events - tally.malformed;
    long written = report.path("recordsWritten").asLong();
    long rejected = report.path("recordsRejected").asLong();
    long filtered = report.path("recordsFiltered").asLong();
    m.put("outputRecords", out.records());
    m.put("outputRecordsPerPartition", out.perPartition());
    m.put("outputHeartbeats", out.heartbeats());
    m.put("firstOutputValue", out.firstValue());
    if (out.firstBadValue() != null) {
      m.put("firstBadOutputValue", out.firstBadValue());
    }
    m.put("rejectedTopicRecords", rejectedRecords);
    String rows = topic ? "well-formed non-heartbeats produced" : "rows of the Parquet file";
    check.accept(
        "records in the output topic (read_committed) == " + rows + " (" + expected + ")",
        out.records() == expected);
    check.accept("records in the output topic == recordsWritten", out.records() == written);
    check.accept(
        "every value is a JSON event with its fields (none unreadable)", out.badValues() == 0);
    check.accept("every event_id once (no duplicate)", out.duplicateEventIds() == 0);
    check.accept("every key == its value's event_id", out.keyMismatches() == 0);
    check.accept(
        "sum(event_id) == that of the " + rows,
        out.eventIdSum() == (topic ? tally.keptEventIdSum : tally.wellFormedEventIdSum));
    check.accept(
        "sum(amount) == that of the " + rows + " (exact, in cents)",
        out.amountCentsSum()
            == (topic ? tally.keptAmountCentsSum : tally.wellFormedAmountCentsSum));
    check.accept(
        "sum(ts) == that of the " + rows + " (to the millisecond)",
        out.tsMillisSinceBaseSum()
            == (topic ? tally.keptTsMillisSinceBaseSum : tally.wellFormedTsMillisSinceBaseSum));
    if (topic) {
      check.accept("no heartbeat in the output topic", out.heartbeats() == 0);
      check.accept(
          "recordsFiltered == well-formed heartbeats produced (" + tally.heartbeats + ")",
          filtered == tally.heartbeats);
      check.accept(
          "recordsRejected == malformed events produced (" + tally.malformed + ")",
          rejected == tally.malformed);
    } else {
      check.accept(
          "heartbeats in the output == well-formed heartbeats produced (" + tally.heartbeats + ")",
          out.heartbeats() == tally.heartbeats);
      check.accept("recordsFiltered == 0 (no transform)", filtered == 0);
      check.accept("recordsRejected == 0", rejected == 0);
    }
    m.put("positions", positions);
    if (topic) {
      check.accept(
          "positions committed with the records (offsets topic, read_committed) == the events"
              + " topic's end offsets "
              + endOffsets,
          positions.equals(endOffsets));
    } else {
      long sum = positions.values().stream().mapToLong(Long::longValue).sum();
      check.accept(
          "positions committed with the records (offsets topic, read_committed) add up to the"
              + " file's rows ("
              + read
              + ")",
          !positions.isEmpty() && sum == read);
    }
    check.accept(
        "records in the rejected topic (read_committed) == recordsRejected",
        rejectedRecords == rejected);
    if (topic) {
      check.accept(
          "every rejected record names its own source offset (distinct == records)",
          rejectedDistinctSources == rejectedRecords);
    }
    check.accept(
        "recordsWritten + recordsRejected + recordsFiltered == records read (" + read + ")",
        written + rejected + filtered == read);
    check.accept("recordsRead == " + read, report.path("recordsRead").asLong() == read);
    check.accept("result == Succeeded", "Succeeded".equals(report.path("result").asText()));
    check.accept("no OutOfMemoryError in the worker's output", !outOfMemory);
  }
}
