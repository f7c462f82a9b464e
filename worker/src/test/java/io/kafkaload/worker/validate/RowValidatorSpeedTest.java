package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.privacy;
import static io.kafkaload.worker.validate.F.schema;
import static io.kafkaload.worker.validate.F.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.Privacy;
import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Prints the cost of validating a typical ~250-byte event (5 typed fields and one privacy rule). It
 * only prints the figure: a test never asserts on time. It does assert every row is accepted.
 */
class RowValidatorSpeedTest {

  private static byte[][] events(int count) {
    byte[][] events = new byte[count][];
    for (int k = 0; k < count; k++) {
      events[k] =
          utf8(
              "{\"event_id\":\""
                  + new UUID(k * 31L, k * 17L)
                  + "\",\"user_id\":"
                  + (12345 + k)
                  + ",\"event_type\":\"click\",\"amount\":"
                  + (k % 100)
                  + ".5,\"ts\":\"2026-11-25T10:00:"
                  + String.format("%02d", k % 60)
                  + ".123Z\",\"country\":\"FR\",\"email\":\"user"
                  + k
                  + "@example.com\",\"page\":\"/products/item-"
                  + k
                  + "\",\"session\":\"s-"
                  + (k * 7)
                  + "\",\"referrer\":null}");
    }
    return events;
  }

  /** The best of several rounds: the least disturbed by other work on the machine. */
  private static double nsPerRecord(RowValidator v, byte[][] events, int rounds) {
    long bytes = 0;
    double best = Double.MAX_VALUE;
    for (int w = 0; w < 8; w++) {
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        byte[] e = events[r & (events.length - 1)];
        if (v.check(e) != null) {
          throw new AssertionError(v.check(e));
        }
        bytes += v.row().length;
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) rounds);
    }
    assertThat(bytes).isPositive();
    return best;
  }

  /** A plain loop summing the same bytes, to tell a slow or busy machine from slow code. */
  private static double byteLoopNs(byte[][] events, int rounds) {
    long sum = 0;
    double best = Double.MAX_VALUE;
    for (int w = 0; w < 8; w++) {
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        for (byte c : events[r & (events.length - 1)]) {
          sum += c;
        }
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) rounds);
    }
    assertThat(sum).isPositive();
    return best;
  }

  @Test
  void printsNanosecondsPerRecord() {
    byte[][] events = events(1024);
    assertThat(events[1].length).isBetween(230, 290);
    System.out.printf(
        "RowValidator: calibration: summing the bytes of one event takes %.0f ns on this"
            + " machine%n",
        byteLoopNs(events, 300_000));
    for (Privacy p : new Privacy[] {Privacy.Mask, Privacy.Md5, Privacy.Sha256}) {
      for (UnknownFields u : new UnknownFields[] {UnknownFields.Ignore, UnknownFields.Keep}) {
        RowValidator v =
            RowValidator.of(
                schema(
                    u,
                    f("event_id", "string"),
                    f("user_id", "long"),
                    f("event_type", "string"),
                    f("amount", "double"),
                    f("ts", "timestamp"),
                    privacy("email", "string", p, null)),
                null);
        assertThat(v.check(events[1])).isNull();
        double ns = nsPerRecord(v, events, 300_000);
        System.out.printf(
            "RowValidator: %.0f ns/record (%d-byte event, 5 typed fields + %s, unknownFields %s,"
                + " row() copy included)%n",
            ns, events[1].length, p, u);
      }
    }
  }
}
