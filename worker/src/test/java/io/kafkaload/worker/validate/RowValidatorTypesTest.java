package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.one;
import static io.kafkaload.worker.validate.F.time;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every type: what is accepted, how it is normalised, and the exact reason of each reject. */
class RowValidatorTypesTest {

  @Test
  void stringTakesStringsAndTheTextOfNumbersAndBooleans() {
    assertThat(one(f("s", "string"), "\"abc\"")).isEqualTo("\"abc\"");
    assertThat(one(f("s", null), "\"a\\\"b\\u00e9\"")).isEqualTo("\"a\\\"b\\u00e9\"");
    assertThat(one(f("s", "string"), "12.50")).isEqualTo("\"12.50\"");
    assertThat(one(f("s", "string"), "true")).isEqualTo("\"true\"");
    assertThat(one(f("s", "string"), "{\"a\":1}"))
        .isEqualTo("REJECT: field s: {\"a\":1} is not a string");
    assertThat(one(f("s", "string"), "[1, 2]"))
        .isEqualTo("REJECT: field s: [1, 2] is not a string");
    assertThat(one(f("s", "string"), "\"a\\u0000b\""))
        .isEqualTo("REJECT: field s: contains a NUL character (\\u0000)");
  }

  @Test
  void longAndIntAcceptIntegersAsNumbersOrNumericStrings() {
    assertThat(one(f("n", "long"), "12345")).isEqualTo("12345");
    assertThat(one(f("n", "long"), "\"-42\"")).isEqualTo("-42");
    assertThat(one(f("n", "long"), "-0")).isEqualTo("0");
    assertThat(one(f("n", "long"), "9223372036854775807")).isEqualTo("9223372036854775807");
    assertThat(one(f("n", "long"), "-9223372036854775808")).isEqualTo("-9223372036854775808");
    assertThat(one(f("n", "long"), "9223372036854775808"))
        .isEqualTo("REJECT: field n: 9223372036854775808 is out of range for long");
    assertThat(one(f("n", "long"), "\"-9223372036854775809\""))
        .isEqualTo("REJECT: field n: \"-9223372036854775809\" is out of range for long");
    assertThat(one(f("n", "long"), "12.5")).isEqualTo("REJECT: field n: 12.5 is not a long");
    assertThat(one(f("n", "long"), "1e3")).isEqualTo("REJECT: field n: 1e3 is not a long");
    assertThat(one(f("n", "long"), "\"12a\"")).isEqualTo("REJECT: field n: \"12a\" is not a long");
    assertThat(one(f("n", "long"), "\" 12\"")).isEqualTo("REJECT: field n: \" 12\" is not a long");
    assertThat(one(f("n", "long"), "\"\"")).isEqualTo("REJECT: field n: \"\" is not a long");
    assertThat(one(f("n", "long"), "true")).isEqualTo("REJECT: field n: true is not a long");
    assertThat(one(f("n", "int"), "2147483647")).isEqualTo("2147483647");
    assertThat(one(f("n", "int"), "-2147483648")).isEqualTo("-2147483648");
    assertThat(one(f("n", "int"), "2147483648"))
        .isEqualTo("REJECT: field n: 2147483648 is out of range for int");
    assertThat(one(f("n", "int"), "\"x\"")).isEqualTo("REJECT: field n: \"x\" is not an int");
  }

  @Test
  void doubleAcceptsFiniteNumbersOnly() {
    assertThat(one(f("amount", "double"), "12.5")).isEqualTo("12.5");
    assertThat(one(f("amount", "double"), "\"-1.5E10\"")).isEqualTo("-1.5E10");
    assertThat(one(f("amount", "double"), "1e308")).isEqualTo("1e308");
    assertThat(one(f("amount", "double"), "4.9e-324")).isEqualTo("4.9e-324");
    assertThat(one(f("amount", "double"), "0e999999")).isEqualTo("0e999999");
    assertThat(one(f("amount", "double"), "\"12,3\""))
        .isEqualTo("REJECT: field amount: \"12,3\" is not a double");
    assertThat(one(f("amount", "double"), "\"NaN\""))
        .isEqualTo("REJECT: field amount: \"NaN\" is not a double");
    assertThat(one(f("amount", "double"), "\"Infinity\""))
        .isEqualTo("REJECT: field amount: \"Infinity\" is not a double");
    assertThat(one(f("amount", "double"), "1e400"))
        .isEqualTo("REJECT: field amount: 1e400 is out of range for double");
    assertThat(one(f("amount", "double"), "-1.8e308"))
        .isEqualTo("REJECT: field amount: -1.8e308 is out of range for double");
    assertThat(one(f("amount", "double"), "1e-400"))
        .isEqualTo("REJECT: field amount: 1e-400 is out of range for double");
  }

  @Test
  void decimalIsExactNeverRounded() {
    assertThat(one(f("p", "decimal(10,2)"), "12.5")).isEqualTo("\"12.50\"");
    assertThat(one(f("p", "decimal(10,2)"), "\"-0.5\"")).isEqualTo("\"-0.50\"");
    assertThat(one(f("p", "decimal(10,2)"), "-0.00")).isEqualTo("\"0.00\"");
    assertThat(one(f("p", "decimal(10,2)"), "12.3400")).isEqualTo("\"12.34\"");
    assertThat(one(f("p", "decimal(10,2)"), "1.5e2")).isEqualTo("\"150.00\"");
    assertThat(one(f("p", "decimal(10,2)"), "125e-2")).isEqualTo("\"1.25\"");
    assertThat(one(f("p", "decimal(10,2)"), "99999999.99")).isEqualTo("\"99999999.99\"");
    assertThat(one(f("p", "decimal(10,0)"), "7")).isEqualTo("\"7\"");
    assertThat(one(f("p", "decimal(38,38)"), "0.12345678901234567890123456789012345678"))
        .isEqualTo("\"0.12345678901234567890123456789012345678\"");
    assertThat(one(f("p", "decimal(38,0)"), "12345678901234567890123456789012345678"))
        .isEqualTo("\"12345678901234567890123456789012345678\"");
    assertThat(one(f("p", "decimal(10,2)"), "12.345"))
        .isEqualTo("REJECT: field p: 12.345 has more than 2 decimals");
    assertThat(one(f("p", "decimal(10,2)"), "1e-9"))
        .isEqualTo("REJECT: field p: 1e-9 has more than 2 decimals");
    assertThat(one(f("p", "decimal(10,2)"), "100000000"))
        .isEqualTo("REJECT: field p: 100000000 is out of range for decimal(10,2)");
    assertThat(one(f("p", "decimal(10,2)"), "1e999999999"))
        .isEqualTo("REJECT: field p: 1e999999999 is out of range for decimal(10,2)");
    assertThat(one(f("p", "decimal(10,2)"), "0e999999999")).isEqualTo("\"0.00\"");
    assertThat(one(f("p", "decimal(10,2)"), "\"12,3\""))
        .isEqualTo("REJECT: field p: \"12,3\" is not a decimal(10,2)");
  }

  @Test
  void booleanTakesLiteralsAndTheirStrings() {
    assertThat(one(f("b", "boolean"), "true")).isEqualTo("true");
    assertThat(one(f("b", "boolean"), "\"false\"")).isEqualTo("false");
    assertThat(one(f("b", "boolean"), "\"TRUE\""))
        .isEqualTo("REJECT: field b: \"TRUE\" is not a boolean");
    assertThat(one(f("b", "boolean"), "1")).isEqualTo("REJECT: field b: 1 is not a boolean");
  }

  @Test
  void jsonKeepsAnyValueOnOneLine() {
    assertThat(one(f("j", "json"), "{ \"a\" : [1, \"x y\\\" \" ],\n \"b\":null }"))
        .isEqualTo("{\"a\":[1,\"x y\\\" \"],\"b\":null}");
    assertThat(one(f("j", "json"), "\"text\"")).isEqualTo("\"text\"");
    assertThat(one(f("j", "json"), "1e400")).isEqualTo("1e400");
    assertThat(one(f("j", "json"), "[\"\\u0000\"]"))
        .isEqualTo("REJECT: field j: contains a NUL character (\\u0000)");
  }

  @Test
  void isoDates() {
    assertThat(one(f("d", "date"), "\"2026-11-25\"")).isEqualTo("\"2026-11-25\"");
    assertThat(one(f("d", "date"), "\"2024-02-29\"")).isEqualTo("\"2024-02-29\"");
    assertThat(one(f("d", "date"), "\"2026-02-29\""))
        .isEqualTo("REJECT: field d: \"2026-02-29\" is not an ISO-8601 date");
    assertThat(one(f("d", "date"), "\"2026-11-25T10:00:00Z\""))
        .isEqualTo("REJECT: field d: \"2026-11-25T10:00:00Z\" is not an ISO-8601 date");
    assertThat(one(f("d", "date"), "\"0000-01-01\""))
        .isEqualTo(
            "REJECT: field d: \"0000-01-01\" is out of range for a date (years 0001 to 9999)");
    assertThat(one(f("d", "date"), "20261125"))
        .isEqualTo("REJECT: field d: 20261125 is not an ISO-8601 date");
  }

  @Test
  void datesInAPatternOrEpoch() {
    assertThat(one(time("d", "date", "dd/MM/yyyy", null), "\"25/11/2026\""))
        .isEqualTo("\"2026-11-25\"");
    assertThat(one(time("d", "date", "dd/MM/yyyy", null), "\"31/02/2026\""))
        .isEqualTo("REJECT: field d: \"31/02/2026\" is not a date in format dd/MM/yyyy");
    assertThat(one(time("d", "date", "epochMillis", null), "1795564800000"))
        .isEqualTo("\"2026-11-25\"");
    assertThat(one(time("d", "date", "epochSeconds", "Europe/Paris"), "1795561200"))
        .isEqualTo("\"2026-11-25\"");
    assertThat(one(time("d", "date", "epochMillis", null), "1795564800001"))
        .isEqualTo(
            "REJECT: field d: 1795564800001 is not a midnight in UTC (a date has no time of day)");
  }

  @Test
  void isoTimestampsBecomeUtcWithAtMostMicroseconds() {
    var ts = f("ts", "timestamp");
    assertThat(one(ts, "\"2026-11-25T10:00:00Z\"")).isEqualTo("\"2026-11-25T10:00:00Z\"");
    assertThat(one(ts, "\"2026-11-25T10:00:00.123Z\"")).isEqualTo("\"2026-11-25T10:00:00.123Z\"");
    assertThat(one(ts, "\"2026-11-25T10:00:00.1234560+01:00\""))
        .isEqualTo("\"2026-11-25T09:00:00.123456Z\"");
    assertThat(one(ts, "\"2026-11-25T10:00:00.5-0230\"")).isEqualTo("\"2026-11-25T12:30:00.500Z\"");
    assertThat(one(ts, "\"2026-11-25 10:00\"")).isEqualTo("\"2026-11-25T10:00:00Z\"");
    assertThat(one(ts, "\"2026-11-25\"")).isEqualTo("\"2026-11-25T00:00:00Z\"");
    assertThat(one(ts, "\"2026-01-01T00:30:00+01:00\"")).isEqualTo("\"2025-12-31T23:30:00Z\"");
    assertThat(one(ts, "\"2026-11-25T10:00:00.1234567Z\""))
        .isEqualTo(
            "REJECT: field ts: \"2026-11-25T10:00:00.1234567Z\" has digits finer than a microsecond"
                + " (timestamps keep microseconds; no rounding)");
    assertThat(one(ts, "\"2026-11-25T24:00:00Z\""))
        .isEqualTo("REJECT: field ts: \"2026-11-25T24:00:00Z\" is not an ISO-8601 timestamp");
    assertThat(one(ts, "\"2026-11-25T10:00:00+19:00\""))
        .isEqualTo("REJECT: field ts: \"2026-11-25T10:00:00+19:00\" is not an ISO-8601 timestamp");
    assertThat(one(ts, "\"0001-01-01T00:30:00+01:00\""))
        .isEqualTo(
            "REJECT: field ts: \"0001-01-01T00:30:00+01:00\" is out of range for a timestamp"
                + " (years 0001 to 9999)");
    assertThat(one(ts, "\"9999-12-31T23:59:59.999999Z\""))
        .isEqualTo("\"9999-12-31T23:59:59.999999Z\"");
    assertThat(one(ts, "1795564800"))
        .isEqualTo("REJECT: field ts: 1795564800 is not an ISO-8601 timestamp");
  }

  @Test
  void timestampsWithoutOffsetAreInTheFieldsZone() {
    var paris = time("ts", "timestamp", null, "Europe/Paris");
    assertThat(one(paris, "\"2026-11-25T10:00:00\"")).isEqualTo("\"2026-11-25T09:00:00Z\"");
    assertThat(one(paris, "\"2026-07-01T10:00:00\"")).isEqualTo("\"2026-07-01T08:00:00Z\"");
    assertThat(one(paris, "\"2026-11-25T10:00:00Z\"")).isEqualTo("\"2026-11-25T10:00:00Z\"");
    // 2026-10-25 02:30 happens twice in Paris: the earlier instant (summer time) is taken.
    assertThat(one(paris, "\"2026-10-25T02:30:00\"")).isEqualTo("\"2026-10-25T00:30:00Z\"");
    assertThat(one(paris, "\"2026-03-29T02:30:00\""))
        .isEqualTo(
            "REJECT: field ts: \"2026-03-29T02:30:00\" does not exist in Europe/Paris (a"
                + " daylight-saving gap)");
    assertThat(one(time("ts", "timestamp", null, "+05:30"), "\"2026-11-25T10:00:00\""))
        .isEqualTo("\"2026-11-25T04:30:00Z\"");
  }

  @Test
  void timestampsInAPattern() {
    var fmt = time("ts", "timestamp", "dd/MM/yyyy HH:mm", null);
    assertThat(one(fmt, "\"25/11/2026 10:00\"")).isEqualTo("\"2026-11-25T10:00:00Z\"");
    assertThat(one(fmt, "\"25/13/2026 10:00\""))
        .isEqualTo(
            "REJECT: field ts: \"25/13/2026 10:00\" is not a timestamp in format dd/MM/yyyy HH:mm");
    var zoned = time("ts", "timestamp", "yyyy-MM-dd HH:mm:ss.SSSSSSSSS XXX", "Europe/Paris");
    assertThat(one(zoned, "\"2026-11-25 10:00:00.123456000 +02:00\""))
        .isEqualTo("\"2026-11-25T08:00:00.123456Z\"");
    assertThat(one(zoned, "\"2026-11-25 10:00:00.123456700 +02:00\""))
        .startsWith("REJECT: field ts: \"2026-11-25 10:00:00.123456700 +02:00\" has digits finer");
    assertThat(one(time("ts", "timestamp", "dd/MM/yyyy", "Europe/Paris"), "\"25/11/2026\""))
        .isEqualTo("\"2026-11-24T23:00:00Z\"");
  }

  @Test
  void epochTimestampsAndUnitMistakes() {
    var ms = time("ts", "timestamp", "epochMillis", null);
    var sec = time("ts", "timestamp", "epochSeconds", null);
    assertThat(one(ms, "1795600800123")).isEqualTo("\"2026-11-25T10:00:00.123Z\"");
    assertThat(one(ms, "\"1795600800123\"")).isEqualTo("\"2026-11-25T10:00:00.123Z\"");
    assertThat(one(ms, "1795600800123.456")).isEqualTo("\"2026-11-25T10:00:00.123456Z\"");
    assertThat(one(ms, "-1")).isEqualTo("\"1969-12-31T23:59:59.999Z\"");
    assertThat(one(ms, "-1.5")).isEqualTo("\"1969-12-31T23:59:59.998500Z\"");
    assertThat(one(ms, "1795600800123000"))
        .isEqualTo("REJECT: field ts: 1795600800123000 looks like microseconds, not epochMillis");
    assertThat(one(ms, "1795600800123000000"))
        .isEqualTo("REJECT: field ts: 1795600800123000000 looks like nanoseconds, not epochMillis");
    assertThat(one(ms, "99999999999999999999"))
        .isEqualTo(
            "REJECT: field ts: 99999999999999999999 is out of range for a timestamp (years 0001 to"
                + " 9999)");
    assertThat(one(ms, "1795600800123.4567"))
        .startsWith("REJECT: field ts: 1795600800123.4567 has digits finer than a microsecond");
    assertThat(one(ms, "1.7e12"))
        .isEqualTo("REJECT: field ts: 1.7e12 is not a timestamp in format epochMillis");
    assertThat(one(sec, "1795600800")).isEqualTo("\"2026-11-25T10:00:00Z\"");
    assertThat(one(sec, "1795600800.25")).isEqualTo("\"2026-11-25T10:00:00.250Z\"");
    assertThat(one(sec, "1795600800123"))
        .isEqualTo("REJECT: field ts: 1795600800123 looks like milliseconds, not epochSeconds");
    assertThat(one(sec, "\"soon\""))
        .isEqualTo("REJECT: field ts: \"soon\" is not a timestamp in format epochSeconds");
    assertThat(one(sec, "-62135596800")).isEqualTo("\"0001-01-01T00:00:00Z\"");
    assertThat(one(sec, "-62135596801"))
        .startsWith("REJECT: field ts: -62135596801 looks like milliseconds");
  }
}
