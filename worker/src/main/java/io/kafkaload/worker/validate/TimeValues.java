package io.kafkaload.worker.validate;

import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import io.kafkaload.worker.validate.SchemaPlan.TimeFormat;

/**
 * The checks of {@code date} and {@code timestamp} fields: the value read in the field's format
 * (ISO-8601, a java.time pattern, or an epoch number) and zone by {@link TimeCodec}, written to the
 * output row as ISO-8601 (a timestamp in UTC), or the reason naming what is wrong with it. One
 * instance per {@link RowValidator}, sharing its buffers; not thread-safe.
 */
final class TimeValues {

  private final RowOut out;
  private final ValueText text;
  private final TimeCodec time = new TimeCodec();

  TimeValues(RowOut out, ValueText text) {
    this.out = out;
    this.text = text;
  }

  String date(Leaf f, byte[] b, int s, int e, int fl) {
    int st = read(f, b, s, e, fl, true);
    if (st != TimeCodec.OK) {
      return reason(f, b, s, e, st);
    }
    out.ensure(12);
    out.bytes[out.len++] = '"';
    out.len = IsoTimeWriter.writeDate(out.bytes, out.len, time.day);
    out.bytes[out.len++] = '"';
    return null;
  }

  String timestamp(Leaf f, byte[] b, int s, int e, int fl) {
    int st = read(f, b, s, e, fl, false);
    if (st != TimeCodec.OK) {
      return reason(f, b, s, e, st);
    }
    out.ensure(32);
    out.bytes[out.len++] = '"';
    out.len = IsoTimeWriter.writeTimestamp(out.bytes, out.len, time.micros);
    out.bytes[out.len++] = '"';
    return null;
  }

  /** Reads the value into {@link TimeCodec#day} (a date) or {@link TimeCodec#micros}. */
  private int read(Leaf f, byte[] b, int s, int e, int fl, boolean date) {
    if (f.timeFormat == TimeFormat.EPOCH_MILLIS || f.timeFormat == TimeFormat.EPOCH_SECONDS) {
      if (!text.numeric(b, s, e, fl)) {
        return TimeCodec.NOT;
      }
      int st = time.epoch(text.scan, text.bytes, f.timeFormat == TimeFormat.EPOCH_MILLIS);
      return st == TimeCodec.OK && date ? time.dayOfMicros(f) : st;
    }
    if (b[s] != '"') {
      return TimeCodec.NOT;
    }
    text.content(b, s, e, fl);
    if (f.timeFormat != TimeFormat.ISO) {
      return time.pattern(text.bytes, text.from, text.to, f, date);
    }
    return date
        ? time.isoDate(text.bytes, text.from, text.to)
        : time.isoTimestamp(text.bytes, text.from, text.to, f);
  }

  private static String reason(Leaf f, byte[] b, int s, int e, int status) {
    String what = f.kind == Kind.DATE ? "date" : "timestamp";
    String zone = f.zone.getId();
    String why =
        switch (status) {
          case TimeCodec.SUBMICRO ->
              " has digits finer than a microsecond (timestamps keep microseconds; no rounding)";
          case TimeCodec.RANGE -> " is out of range for a " + what + " (years 0001 to 9999)";
          case TimeCodec.GAP -> " does not exist in " + zone + " (a daylight-saving gap)";
          case TimeCodec.NOT_MIDNIGHT ->
              " is not a midnight in " + zone + " (a date has no time of day)";
          case TimeCodec.LOOKS_MILLIS -> " looks like milliseconds, not " + f.formatText;
          case TimeCodec.LOOKS_MICROS -> " looks like microseconds, not " + f.formatText;
          case TimeCodec.LOOKS_NANOS -> " looks like nanoseconds, not " + f.formatText;
          default ->
              f.timeFormat == TimeFormat.ISO
                  ? " is not an ISO-8601 " + what
                  : " is not a " + what + " in format " + f.formatText;
        };
    return f.prefix + Texts.excerpt(b, s, e) + why;
  }
}
