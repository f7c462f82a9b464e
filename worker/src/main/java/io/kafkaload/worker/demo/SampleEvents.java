package io.kafkaload.worker.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/**
 * Sample click-stream events of about 250 bytes, from a fixed seed so every run (demo, tests,
 * benchmarks) produces the same bytes; about {@code malformedPercent} % of them are broken JSON of
 * the kinds seen in real topics (truncated, trailing garbage, not JSON at all).
 */
public final class SampleEvents {
  private static final String[] TYPES = {"click", "view", "purchase", "heartbeat", "signup"};
  private static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "ap-south"};
  private static final String[] OS = {"android", "ios", "windows", "macos", "linux"};
  private static final long BASE_MILLIS = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

  private final Random random;
  private final int malformedPercent;
  private long sequence;
  private boolean lastMalformed;

  public SampleEvents(long seed, int malformedPercent) {
    this.random = new Random(seed);
    this.malformedPercent = malformedPercent;
  }

  /** Whether the event {@link #next()} returned last was made malformed on purpose. */
  public boolean lastMalformed() {
    return lastMalformed;
  }

  /** The next event's bytes. */
  public byte[] next() {
    long id = sequence++;
    String json = event(id);
    lastMalformed = random.nextInt(100) < malformedPercent;
    if (lastMalformed) {
      json =
          switch (random.nextInt(3)) {
            case 0 -> json.substring(0, json.length() / 2);
            case 1 -> json + "}garbage";
            default -> "event " + id + " type=click (not json)";
          };
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private String event(long id) {
    long ts = BASE_MILLIS + id * 37 + random.nextInt(1000);
    return "{\"event_id\":"
        + id
        + ",\"user_id\":\"u-"
        + (100000 + random.nextInt(900000))
        + "\",\"event_type\":\""
        + TYPES[random.nextInt(TYPES.length)]
        + "\",\"ts\":\""
        + Instant.ofEpochMilli(ts)
        + "\",\"amount\":"
        + random.nextInt(100000) / 100.0
        + ",\"region\":\""
        + REGIONS[random.nextInt(REGIONS.length)]
        + "\",\"page\":\"/products/"
        + random.nextInt(10000)
        + "?ref=campaign-"
        + random.nextInt(500)
        + "\",\"session\":\""
        + Long.toHexString(random.nextLong())
        + Long.toHexString(random.nextLong())
        + "\",\"device\":{\"os\":\""
        + OS[random.nextInt(OS.length)]
        + "\",\"version\":\""
        + (10 + random.nextInt(8))
        + "."
        + random.nextInt(10)
        + "\"}}";
  }
}
