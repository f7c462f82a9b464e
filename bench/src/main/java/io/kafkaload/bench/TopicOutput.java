package io.kafkaload.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What an offload round left in its output topic, read back from the beginning by a {@code
 * read_committed} consumer (what a consumer of an exactly-once output sees: nothing of an aborted
 * transaction): each value parsed with Jackson, and the aggregates that {@link EventTally} computed
 * while producing (event ids, amounts in cents, timestamps), so the records are checked value by
 * value; the key of each record against its value's {@code event_id}.
 */
record TopicOutput(
    long records,
    long heartbeats,
    long duplicateEventIds,
    long keyMismatches,
    long badValues,
    long eventIdSum,
    long amountCentsSum,
    long tsMillisSinceBaseSum,
    Map<String, Long> perPartition,
    String firstValue,
    String firstBadValue) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** DuckDB's text of a TIMESTAMP WITH TIME ZONE: {@code 2026-11-25 00:00:00.123+00}. */
  private static final DateTimeFormatter DUCKDB_TS =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:mm", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter();

  /**
   * Reads every committed record of {@code topic}; {@code maxEventId}: the highest event id the
   * bench produced (ids are 0 to N-1), to count duplicates in a bit set.
   */
  static TopicOutput read(String bootstrap, String topic, long maxEventId) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    Tally t = new Tally(maxEventId);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      // read_committed: the last stable offset, past every transaction of the finished run
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " back took over 300 s; read " + t.records + " records");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          t.add(r);
        }
      }
    }
    return t.result();
  }

  /**
   * The positions a load committed with its records ({@code offsets.store: Sink}): the last value
   * of each of its keys in the offsets topic, read_committed. Keys are {@code
   * <namespace>/<load>/<topic>/<partition>} (the worker's {@code offsets/PositionKey}), values the
   * next position as text; returned as {@code <topic>/<partition>} -> position.
   */
  static Map<String, Long> positions(String bootstrap, String offsetsTopic, String loadName) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    String prefix = "default/" + loadName + "/";
    Map<String, Long> positions = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(offsetsTopic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(offsetsTopic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          if (key.startsWith(prefix) && r.value() != null) {
            positions.put(
                key.substring(prefix.length()),
                Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).trim()));
          }
        }
      }
    }
    return positions;
  }

  /** Accumulates the records as they come. */
  private static final class Tally {
    final BitSet seen = new BitSet();
    final long maxEventId;
    final Map<String, Long> perPartition = new TreeMap<>();
    long records;
    long heartbeats;
    long duplicates;
    long keyMismatches;
    long badValues;
    long idSum;
    long centsSum;
    long tsSum;
    String firstValue;
    String firstBad;

    Tally(long maxEventId) {
      this.maxEventId = maxEventId;
    }

    void add(ConsumerRecord<byte[], byte[]> r) {
      records++;
      perPartition.merge(Integer.toString(r.partition()), 1L, Long::sum);
      String text = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
      if (firstValue == null) {
        firstValue = text;
      }
      try {
        JsonNode v = JSON.readTree(text);
        long id = v.get("event_id").longValue();
        if (!v.get("event_id").isIntegralNumber() || id < 0 || id > maxEventId) {
          throw new IllegalArgumentException("event_id " + v.get("event_id"));
        }
        if (seen.get((int) id)) {
          duplicates++;
        }
        seen.set((int) id);
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (!Long.toString(id).equals(key)) {
          keyMismatches++;
        }
        if ("heartbeat".equals(v.path("event_type").asText())) {
          heartbeats++;
        }
        idSum += id;
        centsSum += new BigDecimal(v.get("amount").asText()).movePointRight(2).longValueExact();
        tsSum += epochMillis(v.get("ts").asText()) - EventTally.BASE_MILLIS;
      } catch (IOException | RuntimeException e) {
        badValues++;
        if (firstBad == null) {
          firstBad = e + ": " + text;
        }
      }
    }

    TopicOutput result() {
      return new TopicOutput(
          records,
          heartbeats,
          duplicates,
          keyMismatches,
          badValues,
          idSum,
          centsSum,
          tsSum,
          perPartition,
          firstValue,
          firstBad);
    }
  }

  /**
   * A timestamp as the output carries it: the events' own ISO-8601 text when the column stayed a
   * string, or DuckDB's text of a TIMESTAMP (WITH TIME ZONE) when it became one; no offset is UTC.
   */
  static long epochMillis(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      // DuckDB's form below
    }
    var parsed = DUCKDB_TS.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime odt) {
      return odt.toInstant().toEpochMilli();
    }
    return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
