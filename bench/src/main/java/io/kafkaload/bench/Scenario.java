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
 * </ul>
 */
enum Scenario {
  PLAIN("plain", "bench-load", "worker"),
  VALIDATED("validated", "bench-validated", "worker-validated");

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

  /** {@code plain}, {@code validated}, {@code both} or a comma-separated list; null if unknown. */
  static List<Scenario> parse(String text) {
    List<Scenario> out = new ArrayList<>();
    for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
      switch (part.trim()) {
        case "plain" -> add(out, PLAIN);
        case "validated" -> add(out, VALIDATED);
        case "both", "all" -> {
          add(out, PLAIN);
          add(out, VALIDATED);
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
    if (this == PLAIN) {
      return "";
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
