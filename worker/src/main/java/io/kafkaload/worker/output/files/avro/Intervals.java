package io.kafkaload.worker.output.files.avro;

import java.time.Duration;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * DuckDB's INTERVAL text ({@code 1 year 2 months -3 days 04:05:06.789}) as an ISO 8601 duration the
 * way java.time prints one: the {@link Period} part, then the {@link Duration} part without its
 * {@code P} ({@code P1Y2M-3DT4H5M6.789S}); each component carries its own sign, as DuckDB's months,
 * days and microseconds are independent; zero is {@code PT0S}.
 */
final class Intervals {

  private Intervals() {}

  static String toIso(String duckdb) {
    int years = 0;
    int months = 0;
    int days = 0;
    long micros = 0;
    String[] tokens = duckdb.trim().split("\\s+");
    int i = 0;
    while (i < tokens.length) {
      String token = tokens[i];
      if (token.isEmpty()) {
        i++;
      } else if (token.indexOf(':') >= 0) {
        micros = Math.addExact(micros, timeMicros(token));
        i++;
      } else {
        if (i + 1 >= tokens.length) {
          throw new IllegalArgumentException("not a DuckDB interval: " + duckdb);
        }
        int n = Integer.parseInt(token);
        String unit = tokens[i + 1];
        if (unit.startsWith("year")) {
          years = Math.addExact(years, n);
        } else if (unit.startsWith("mon")) {
          months = Math.addExact(months, n);
        } else if (unit.startsWith("day")) {
          days = Math.addExact(days, n);
        } else {
          throw new IllegalArgumentException("not a DuckDB interval: " + duckdb);
        }
        i += 2;
      }
    }
    Period period = Period.of(years, months, days);
    Duration duration = Duration.of(micros, ChronoUnit.MICROS);
    if (period.isZero()) {
      return duration.toString();
    }
    return duration.isZero() ? period.toString() : period + duration.toString().substring(1);
  }

  /** {@code [-]H+:MM:SS[.ffffff]} in microseconds. */
  private static long timeMicros(String text) {
    boolean negative = text.startsWith("-");
    String[] parts = (negative ? text.substring(1) : text).split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a DuckDB interval time: " + text);
    }
    long hours = Long.parseLong(parts[0]);
    long minutes = Long.parseLong(parts[1]);
    String secondsText = parts[2];
    int dot = secondsText.indexOf('.');
    long whole = Long.parseLong(dot < 0 ? secondsText : secondsText.substring(0, dot));
    long fraction = 0;
    if (dot >= 0) {
      String digits = secondsText.substring(dot + 1);
      if (digits.length() > 6 || digits.isEmpty()) {
        throw new IllegalArgumentException("not a DuckDB interval time: " + text);
      }
      fraction = Long.parseLong((digits + "000000").substring(0, 6));
    }
    long totalSeconds =
        Math.addExact(
            Math.multiplyExact(Math.addExact(Math.multiplyExact(hours, 60), minutes), 60), whole);
    long micros = Math.addExact(Math.multiplyExact(totalSeconds, 1_000_000L), fraction);
    return negative ? -micros : micros;
  }
}
