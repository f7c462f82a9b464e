package io.kafkaload.worker.validate;

/**
 * Writes a day number as {@code yyyy-MM-dd} and epoch microseconds as an ISO-8601 UTC timestamp, in
 * place in a byte buffer (the output row); what {@link TimeValues} writes after {@link TimeCodec}
 * read a value. Static and allocation-free.
 */
final class IsoTimeWriter {

  private IsoTimeWriter() {}

  /** Writes {@code yyyy-MM-dd} of day {@code z} at {@code o}; returns the new position. */
  static int writeDate(byte[] out, int o, long z) {
    z += 719_468;
    long era = (z >= 0 ? z : z - 146_096) / 146_097;
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    if (m <= 2) {
      y++;
    }
    o = digits(out, o, (int) y, 4);
    out[o++] = '-';
    o = digits(out, o, m, 2);
    out[o++] = '-';
    return digits(out, o, d, 2);
  }

  /**
   * Writes {@code yyyy-MM-ddTHH:mm:ss[.SSS|.SSSSSS]Z}: no fraction when it is zero, milliseconds
   * when that is exact, else microseconds.
   */
  static int writeTimestamp(byte[] out, int o, long us) {
    long second = Math.floorDiv(us, 1_000_000L);
    int frac = (int) Math.floorMod(us, 1_000_000L);
    long z = Math.floorDiv(second, 86_400L);
    int sod = (int) Math.floorMod(second, 86_400L);
    o = writeDate(out, o, z);
    out[o++] = 'T';
    o = digits(out, o, sod / 3600, 2);
    out[o++] = ':';
    o = digits(out, o, sod / 60 % 60, 2);
    out[o++] = ':';
    o = digits(out, o, sod % 60, 2);
    if (frac != 0) {
      out[o++] = '.';
      o = frac % 1000 == 0 ? digits(out, o, frac / 1000, 3) : digits(out, o, frac, 6);
    }
    out[o++] = 'Z';
    return o;
  }

  private static int digits(byte[] out, int o, int v, int width) {
    if (width == 2) {
      out[o] = (byte) ('0' + v / 10);
      out[o + 1] = (byte) ('0' + v % 10);
      return o + 2;
    }
    for (int k = o + width - 1; k >= o; k--) {
      out[k] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return o + width;
  }
}
