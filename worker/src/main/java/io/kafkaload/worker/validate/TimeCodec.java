package io.kafkaload.worker.validate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;

/**
 * Reads dates and timestamps (ISO-8601 by hand, java.time patterns, epoch numbers) into a day
 * number or microseconds since the epoch ({@link IsoTimeWriter} writes them back as ISO-8601). The
 * ISO path and UTC/fixed-offset zones allocate nothing. One instance per {@link TimeValues}.
 */
final class TimeCodec {

  static final long MIN_SECOND = -62_135_596_800L; // 0001-01-01T00:00:00Z
  static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
  static final long MIN_MICROS = MIN_SECOND * 1_000_000L;
  static final long MAX_MICROS = MAX_SECOND * 1_000_000L + 999_999L;
  static final long MIN_DAY = -719_162L; // 0001-01-01
  static final long MAX_DAY = 2_932_896L; // 9999-12-31

  static final int OK = 0;
  static final int NOT = 1;
  static final int SUBMICRO = 2;
  static final int RANGE = 3;
  static final int GAP = 4;
  static final int NOT_MIDNIGHT = 5;
  static final int LOOKS_MILLIS = 6;
  static final int LOOKS_MICROS = 7;
  static final int LOOKS_NANOS = 8;

  /** The result of the last successful read: a day number (dates) or epoch microseconds. */
  long day;

  long micros;

  // The parts of the ISO timestamp being read: time of day, its fraction, its offset if written
  private int hour;
  private int minute;
  private int second;
  private int micro;
  private boolean subMicro;
  private boolean hasOffset;
  private int offset;

  static boolean leap(long y) {
    return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
  }

  static int monthLength(long y, int m) {
    return switch (m) {
      case 2 -> leap(y) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long epochDay(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static int d2(byte[] t, int i) {
    int a = t[i] - '0';
    int b = t[i + 1] - '0';
    return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
  }

  private static int d4(byte[] t, int i) {
    int hi = d2(t, i);
    int lo = d2(t, i + 2);
    return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
  }

  /** {@code yyyy-MM-dd} exactly. */
  int isoDate(byte[] t, int i, int e) {
    if (e - i != 10 || t[i + 4] != '-' || t[i + 7] != '-') {
      return NOT;
    }
    int y = d4(t, i);
    int m = d2(t, i + 5);
    int d = d2(t, i + 8);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) {
      return NOT;
    }
    if (y == 0) {
      return RANGE;
    }
    day = epochDay(y, m, d);
    return OK;
  }

  /**
   * {@code yyyy-MM-dd}, then optionally {@code T} (or a space) {@code HH:mm[:ss[.f{1,9}]]} and an
   * offset ({@code Z}, {@code +hh:mm}, {@code +hhmm}, {@code +hh}); without an offset the time is
   * local to the field's zone.
   */
  int isoTimestamp(byte[] t, int i, int e, SchemaPlan.Leaf f) {
    if (e - i < 10 || t[i + 4] != '-' || t[i + 7] != '-') {
      return NOT;
    }
    int y = d4(t, i);
    int mo = d2(t, i + 5);
    int d = d2(t, i + 8);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo)) {
      return NOT;
    }
    hour = 0;
    minute = 0;
    second = 0;
    micro = 0;
    hasOffset = false;
    offset = 0;
    if (i + 10 < e) {
      int st = timeOfDay(t, i + 10, e);
      if (st != OK) {
        return st;
      }
    }
    long local = epochDay(y, mo, d) * 86_400L + hour * 3600L + minute * 60L + second;
    int off = offset;
    if (!hasOffset) {
      if (f.fixedOffset != Integer.MIN_VALUE) {
        off = f.fixedOffset;
      } else {
        List<ZoneOffset> valid =
            f.zone.getRules().getValidOffsets(LocalDateTime.of(y, mo, d, hour, minute, second));
        if (valid.isEmpty()) {
          return GAP;
        }
        off = valid.get(0).getTotalSeconds();
      }
    }
    long epochSecond = local - off;
    if (epochSecond < MIN_SECOND || epochSecond > MAX_SECOND) {
      return RANGE;
    }
    micros = epochSecond * 1_000_000L + micro;
    return OK;
  }

  /**
   * The time after an ISO date at {@code t[i]}: {@code T} (or a space), {@code HH:mm[:ss[.f{1,9}]]}
   * and an optional offset, into {@link #hour} ... {@link #offset}; OK, NOT or SUBMICRO.
   */
  private int timeOfDay(byte[] t, int i, int e) {
    byte c = t[i];
    if ((c != 'T' && c != 't' && c != ' ') || e - i < 6 || t[i + 3] != ':') {
      return NOT;
    }
    hour = d2(t, i + 1);
    minute = d2(t, i + 4);
    i += 6;
    if (i < e && t[i] == ':') {
      if (e - i < 3) {
        return NOT;
      }
      second = d2(t, i + 1);
      i += 3;
      if (i < e && t[i] == '.') {
        i = fraction(t, i + 1, e);
        if (i < 0) {
          return NOT;
        }
        if (subMicro) {
          return checkTail(t, i, e) ? SUBMICRO : NOT;
        }
      }
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT;
    }
    if (i < e) {
      i = zoneOffset(t, i, e);
    }
    return i == e ? OK : NOT;
  }

  /**
   * The fraction of a second at {@code t[i]} (1 to 9 digits) into {@link #micro}, {@link #subMicro}
   * when a digit finer than a microsecond is not 0; the index after it, or -1.
   */
  private int fraction(byte[] t, int i, int e) {
    int fs = i;
    int us = 0;
    subMicro = false;
    while (i < e && t[i] >= '0' && t[i] <= '9') {
      if (i - fs < 6) {
        us = us * 10 + (t[i] - '0');
      } else if (t[i] != '0') {
        subMicro = true;
      }
      i++;
    }
    int digits = i - fs;
    if (digits == 0 || digits > 9) {
      return -1;
    }
    for (int k = digits; k < 6; k++) {
      us *= 10;
    }
    micro = us;
    return i;
  }

  /**
   * An offset at {@code t[i]} ({@code Z}, {@code +hh:mm}, {@code +hhmm}, {@code +hh}) into {@link
   * #offset}: the index after it, {@code i} when there is none, or -1 when it is malformed.
   */
  private int zoneOffset(byte[] t, int i, int e) {
    byte c = t[i];
    if (c == 'Z' || c == 'z') {
      hasOffset = true;
      return i + 1;
    }
    if (c != '+' && c != '-') {
      return i;
    }
    int oh = e - i >= 3 ? d2(t, i + 1) : -1;
    int om = 0;
    int k = i + 3;
    if (k < e) {
      if (t[k] == ':') {
        k++;
      }
      om = e - k >= 2 ? d2(t, k) : -1;
      k += 2;
    }
    if (oh < 0 || oh > 18 || om < 0 || om > 59 || (oh == 18 && om > 0)) {
      return -1;
    }
    offset = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
    hasOffset = true;
    return k;
  }

  /** Whether what follows a fraction is a well-formed offset or nothing (to name the fault). */
  private static boolean checkTail(byte[] t, int i, int e) {
    if (i == e) {
      return true;
    }
    byte c = t[i];
    return c == 'Z' || c == 'z' || c == '+' || c == '-';
  }

  /** A java.time pattern (the formatter of the field). */
  int pattern(byte[] t, int i, int e, SchemaPlan.Leaf f, boolean date) {
    try {
      TemporalAccessor ta = f.formatter.parse(new String(t, i, e - i, StandardCharsets.UTF_8));
      LocalDate ld = ta.query(TemporalQueries.localDate());
      if (ld == null) {
        return NOT;
      }
      if (date) {
        day = ld.toEpochDay();
        return day < MIN_DAY || day > MAX_DAY ? RANGE : OK;
      }
      LocalTime lt = ta.query(TemporalQueries.localTime());
      if (lt == null) {
        lt = LocalTime.MIDNIGHT;
      }
      if (lt.getNano() % 1000 != 0) {
        return SUBMICRO;
      }
      ZoneId z = ta.query(TemporalQueries.zone());
      if (z == null) {
        z = f.zone;
      }
      LocalDateTime ldt = LocalDateTime.of(ld, lt);
      List<ZoneOffset> valid = z.getRules().getValidOffsets(ldt);
      if (valid.isEmpty()) {
        return GAP;
      }
      long second = ldt.toEpochSecond(valid.get(0));
      if (second < MIN_SECOND || second > MAX_SECOND) {
        return RANGE;
      }
      micros = second * 1_000_000L + lt.getNano() / 1000;
      return OK;
    } catch (RuntimeException e2) {
      return NOT;
    }
  }

  /**
   * An epoch number whose parts {@code sc} just read from {@code t}: digits, an optional fraction
   * (kept to the microsecond, finer non-zero digits are SUBMICRO), no exponent.
   */
  int epoch(JsonScan sc, byte[] t, boolean millis) {
    if (sc.hasExponent) {
      return NOT;
    }
    long v = 0;
    for (int k = sc.intStart; k < sc.intEnd; k++) {
      if (v > (Long.MAX_VALUE - 9) / 10) {
        return RANGE;
      }
      v = v * 10 + (t[k] - '0');
    }
    int allowed = millis ? 3 : 6;
    long frac = 0;
    int k = sc.fracStart;
    for (int n = 0; n < allowed; n++, k++) {
      frac = frac * 10 + (k < sc.fracEnd ? t[k] - '0' : 0);
    }
    for (; k < sc.fracEnd; k++) {
      if (t[k] != '0') {
        return SUBMICRO;
      }
    }
    long max = millis ? MAX_SECOND * 1000 + 999 : MAX_SECOND;
    long min = millis ? MIN_SECOND * 1000 : MIN_SECOND;
    long signed = sc.negative ? -v : v;
    if (signed > max || signed < min) {
      int next = millis ? LOOKS_MICROS : LOOKS_MILLIS;
      long scaled = signed;
      for (int unit = next; unit <= LOOKS_NANOS; unit++) {
        scaled /= 1000;
        if (scaled <= max && scaled >= min) {
          return unit;
        }
      }
      return RANGE;
    }
    long us = signed * (millis ? 1000L : 1_000_000L) + (sc.negative ? -frac : frac);
    if (us < MIN_MICROS || us > MAX_MICROS) {
      return RANGE;
    }
    micros = us;
    return OK;
  }

  /** The day of {@link #micros} in the field's zone, when it is that day's midnight. */
  int dayOfMicros(SchemaPlan.Leaf f) {
    long second = Math.floorDiv(micros, 1_000_000L);
    if (Math.floorMod(micros, 1_000_000L) != 0) {
      return NOT_MIDNIGHT;
    }
    int offset =
        f.fixedOffset != Integer.MIN_VALUE
            ? f.fixedOffset
            : f.zone.getRules().getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
    long local = second + offset;
    if (Math.floorMod(local, 86_400L) != 0) {
      return NOT_MIDNIGHT;
    }
    day = Math.floorDiv(local, 86_400L);
    return day < MIN_DAY || day > MAX_DAY ? RANGE : OK;
  }
}
