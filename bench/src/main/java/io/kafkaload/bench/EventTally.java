package io.kafkaload.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the produced events must give once loaded, counted while they are produced: how many are
 * malformed, how many of the well-formed ones are heartbeats (filtered by the validated and topic
 * scenarios' SQL), and sums over the rows those scenarios must write (event ids, amounts in cents,
 * timestamps), and over every well-formed event (the parquet scenario's rows), so the output can be
 * checked value by value, not only counted.
 *
 * <p>The fields are read from the sample event's JSON text with plain string searches: {@code
 * SampleEvents} writes them in a fixed order and shape.
 */
final class EventTally {
  static final long BASE_MILLIS = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

  long events;
  long malformed;

  /** Well-formed heartbeats: what the SQL filters. */
  long heartbeats;

  /** Well-formed events that are not heartbeats: the rows the validated scenario writes. */
  long kept;

  long keptEventIdSum;
  long keptAmountCentsSum;
  long keptTsMillisSinceBaseSum;

  /** The same sums over every well-formed event, heartbeats included (the parquet scenario's). */
  long wellFormedEventIdSum;

  long wellFormedAmountCentsSum;
  long wellFormedTsMillisSinceBaseSum;
  long firstKeptEventId = -1;
  String firstKeptUserId;

  private final boolean values;

  /** {@code values}: also parse each well-formed event (only the validated scenario needs it). */
  EventTally(boolean values) {
    this.values = values;
  }

  void add(byte[] value, boolean isMalformed) {
    events++;
    if (isMalformed) {
      malformed++;
      return;
    }
    if (!values) {
      return;
    }
    String json = new String(value, StandardCharsets.ISO_8859_1); // the sample events are ASCII
    String type = between(json, "\"event_type\":\"", "\"");
    long id = Long.parseLong(between(json, "{\"event_id\":", ","));
    long cents =
        new BigDecimal(between(json, "\"amount\":", ",")).movePointRight(2).longValueExact();
    long ts = Instant.parse(between(json, "\"ts\":\"", "\"")).toEpochMilli() - BASE_MILLIS;
    wellFormedEventIdSum += id;
    wellFormedAmountCentsSum += cents;
    wellFormedTsMillisSinceBaseSum += ts;
    if (type.equals("heartbeat")) {
      heartbeats++;
      return;
    }
    kept++;
    keptEventIdSum += id;
    keptAmountCentsSum += cents;
    keptTsMillisSinceBaseSum += ts;
    if (firstKeptEventId < 0) {
      firstKeptEventId = id;
      firstKeptUserId = between(json, "\"user_id\":\"", "\"");
    }
  }

  boolean hasValues() {
    return values;
  }

  /** The Sha256 the worker must write for the first kept event's user_id (no salt). */
  String firstKeptUserIdSha256() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(firstKeptUserId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String between(String s, String before, String after) {
    int i = s.indexOf(before);
    if (i < 0) {
      throw new IllegalStateException("sample event without " + before + ": " + s);
    }
    i += before.length();
    int j = s.indexOf(after, i);
    return s.substring(i, j);
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", events);
    m.put("malformed", malformed);
    if (values) {
      m.put("wellFormedHeartbeats", heartbeats);
      m.put("wellFormedOthers", kept);
      m.put("keptEventIdSum", keptEventIdSum);
      m.put("keptAmountCentsSum", keptAmountCentsSum);
      m.put("keptTsMillisSinceBaseSum", keptTsMillisSinceBaseSum);
      m.put("wellFormedEventIdSum", wellFormedEventIdSum);
      m.put("wellFormedAmountCentsSum", wellFormedAmountCentsSum);
      m.put("wellFormedTsMillisSinceBaseSum", wellFormedTsMillisSinceBaseSum);
      m.put("firstKeptEventId", firstKeptEventId);
    }
    return m;
  }
}
