package io.kafkaload.worker.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait between attempts at a registry that is unavailable: {@code initial}, doubled
 * after every failure up to {@code max}, each wait shortened by up to a fifth at random so that the
 * replicas of a load do not retry in step. {@code giveUpAfter} bounds the whole wait; null means
 * never give up (the decoder's choice: a registry outage must hold records, not reject them).
 */
public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {

  /** 100 ms doubling to 30 s, never giving up: what the worker uses. */
  public static final Backoff UNTIL_AVAILABLE =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), null);

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
  }

  /** The wait after {@code failures} failed attempts (1 for the first), before jitter. */
  long delayMillis(int failures) {
    long delay = initial.toMillis();
    for (int i = 1; i < failures && delay < max.toMillis(); i++) {
      delay *= 2;
    }
    return Math.min(delay, max.toMillis());
  }

  /** {@link #delayMillis} less up to 20 % at random. */
  long jitteredMillis(int failures) {
    long delay = delayMillis(failures);
    return delay - ThreadLocalRandom.current().nextLong(delay / 5 + 1);
  }
}
