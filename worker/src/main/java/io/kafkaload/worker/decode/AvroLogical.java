package io.kafkaload.worker.decode;

import io.kafkaload.worker.decode.AvroPlan.Node;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * How Avro's logical types become JSON, chosen so the files hold the exact value and DuckDB reads
 * it without loss:
 *
 * <ul>
 *   <li>{@code decimal} (bytes or fixed): a JSON string of the plain decimal, scale kept ({@code
 *       "12.30"}): as a JSON number it would be read as a double and lose digits. More digits than
 *       the schema's precision is a reject (an overflow, not a value of that type).
 *   <li>{@code big-decimal}: the same; scales beyond +-1000 are refused (the plain text would be
 *       that long).
 *   <li>{@code date}: {@code "2026-11-25"}; {@code time-millis} / {@code time-micros}: {@code
 *       "13:45:00.125"} / {@code "13:45:00.125000"}.
 *   <li>{@code timestamp-millis|micros|nanos}: ISO-8601 in UTC with 3, 6 or 9 fraction digits and
 *       {@code Z}; the {@code local-timestamp-*} kinds the same without {@code Z}.
 *   <li>{@code uuid}: on a string, the string; on fixed(16), the canonical lowercase form.
 *   <li>{@code duration} (fixed 12): {@code {"months":m,"days":d,"millis":ms}}.
 * </ul>
 *
 * Dates and timestamps must fall in the years 0001 to 9999 (what ISO-8601 text without a sign, and
 * every target, can hold); others are rejected, as is a time of day outside the day.
 */
final class AvroLogical {

  private static final long MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private AvroLogical() {}

  static void write(Node n, AvroCursor in, JsonOut out) {
    switch (n.kind) {
      case AvroPlan.DECIMAL -> {
        int size = n.size >= 0 ? n.size : in.readLength("a decimal");
        in.need(size, "a decimal");
        decimal(in.v, in.pos, size, n.scale, n.precision, out);
        in.skip(size);
      }
      case AvroPlan.BIG_DECIMAL -> bigDecimal(in, out);
      case AvroPlan.UUID_FIXED -> {
        in.need(16, "a uuid");
        uuid(in.v, in.pos, out);
        in.skip(16);
      }
      case AvroPlan.DATE -> {
        int days = in.readInt();
        if (days < MIN_DAY || days > MAX_DAY) {
          throw new AvroReject(
              "date " + days + " (days since 1970-01-01) is outside years 0001-9999");
        }
        out.raw((byte) '"');
        date(days, out);
        out.raw((byte) '"');
      }
      case AvroPlan.TIME -> {
        long ticks = n.unit == 1_000L ? in.readInt() : in.readLong();
        if (ticks < 0 || ticks >= 86_400L * n.unit) {
          throw new AvroReject("time of day " + ticks + " is outside 00:00 to 23:59:59");
        }
        out.raw((byte) '"');
        time(ticks / n.unit, ticks % n.unit, n.unit, out);
        out.raw((byte) '"');
      }
      case AvroPlan.TIMESTAMP -> timestamp(in.readLong(), n.unit, n.local, out);
      case AvroPlan.DURATION -> {
        in.need(12, "a duration");
        out.ascii("{\"months\":");
        out.number(in.littleEndianInt(in.pos) & 0xFFFF_FFFFL);
        out.ascii(",\"days\":");
        out.number(in.littleEndianInt(in.pos + 4) & 0xFFFF_FFFFL);
        out.ascii(",\"millis\":");
        out.number(in.littleEndianInt(in.pos + 8) & 0xFFFF_FFFFL);
        out.raw((byte) '}');
        in.skip(12);
      }
      default -> throw new IllegalStateException("no such kind " + n.kind);
    }
  }

  private static void decimal(byte[] v, int from, int size, int scale, int precision, JsonOut out) {
    if (size == 0) {
      throw new AvroReject("decimal has no bytes");
    }
    BigInteger unscaled = new BigInteger(v, from, size);
    // a cheap bound first (0.30102999 < log10(2)), so a huge value is refused before it is printed
    if ((unscaled.bitLength() - 1) * 0.30102999 >= precision
        || new BigDecimal(unscaled).precision() > precision) {
      throw new AvroReject("decimal has more digits than its precision " + precision);
    }
    out.ascii('"' + new BigDecimal(unscaled, scale).toPlainString() + '"');
  }

  /** Avro's big-decimal: bytes that hold the unscaled value's bytes, then the scale (an int). */
  private static void bigDecimal(AvroCursor in, JsonOut out) {
    int size = in.readLength("a big-decimal");
    int end = in.end;
    in.end = in.pos + size; // read inside the value's bytes only
    int unscaledSize = in.readLength("a big-decimal's unscaled value");
    int at = in.pos;
    in.skip(unscaledSize);
    int scale = in.readInt();
    if (in.remaining() != 0) {
      throw new AvroReject("big-decimal has " + in.remaining() + " bytes after its scale");
    }
    in.end = end;
    if (scale < -1000 || scale > 1000) {
      throw new AvroReject("big-decimal scale " + scale + " is outside -1000..1000");
    }
    BigInteger unscaled =
        unscaledSize == 0 ? BigInteger.ZERO : new BigInteger(in.v, at, unscaledSize);
    out.ascii('"' + new BigDecimal(unscaled, scale).toPlainString() + '"');
  }

  private static void uuid(byte[] v, int from, JsonOut out) {
    out.raw((byte) '"');
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        out.raw((byte) '-');
      }
      out.raw(HEX[(v[from + i] >> 4) & 0xF]);
      out.raw(HEX[v[from + i] & 0xF]);
    }
    out.raw((byte) '"');
  }

  private static void timestamp(long ticks, long unit, boolean local, JsonOut out) {
    long seconds = Math.floorDiv(ticks, unit);
    long fraction = Math.floorMod(ticks, unit);
    long day = Math.floorDiv(seconds, 86_400L);
    if (day < MIN_DAY || day > MAX_DAY) {
      throw new AvroReject(
          "timestamp "
              + ticks
              + " ("
              + (unit == 1_000L ? "ms" : unit == 1_000_000L ? "us" : "ns")
              + " since 1970-01-01) is outside years 0001-9999");
    }
    out.raw((byte) '"');
    date(day, out);
    out.raw((byte) 'T');
    time(Math.floorMod(seconds, 86_400L), fraction, unit, out);
    if (!local) {
      out.raw((byte) 'Z');
    }
    out.raw((byte) '"');
  }

  private static void date(long epochDay, JsonOut out) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    digits(d.getYear(), 4, out);
    out.raw((byte) '-');
    digits(d.getMonthValue(), 2, out);
    out.raw((byte) '-');
    digits(d.getDayOfMonth(), 2, out);
  }

  /** {@code HH:mm:ss.fff...} with as many fraction digits as the unit has (3, 6 or 9). */
  private static void time(long secondOfDay, long fraction, long unit, JsonOut out) {
    digits(secondOfDay / 3600, 2, out);
    out.raw((byte) ':');
    digits(secondOfDay / 60 % 60, 2, out);
    out.raw((byte) ':');
    digits(secondOfDay % 60, 2, out);
    out.raw((byte) '.');
    digits(fraction, unit == 1_000L ? 3 : unit == 1_000_000L ? 6 : 9, out);
  }

  private static void digits(long value, int width, JsonOut out) {
    out.ensure(width);
    for (long p = pow10(width - 1); p > 0; p /= 10) {
      out.raw((byte) ('0' + value / p % 10));
    }
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}
