package io.kafkaload.worker.decode;

/**
 * Format {@code String}: the value is UTF-8 text and becomes the row {@code {"value":"<text>"}},
 * the text as one JSON string (quotes, backslashes and control characters escaped; every other
 * character, NUL as {@code \u0000} included, kept).
 *
 * <p>Reasons: {@code null value (tombstone)}; {@code not valid UTF-8 at byte N} (N is the 0-based
 * offset of the first byte of the bad sequence: overlong forms, UTF-16 surrogates, code points
 * above U+10FFFF and truncated sequences are all refused, so no file ever holds text that was
 * changed on the way). An empty value is accepted as the empty string; a byte order mark is kept as
 * the character U+FEFF (String means "take the text as it is").
 *
 * <p>One pass: {@link #check} validates and writes the row at once, {@link #row} hands it over. Not
 * thread-safe (one per consumer thread, as the engine uses decoders).
 */
public final class StringDecoder implements Decoder {

  private static final String PREFIX = "{\"value\":";

  private final JsonOut out = new JsonOut();
  private byte[] row;

  @Override
  public String check(byte[] value) {
    row = null;
    if (value == null) {
      return "null value (tombstone)";
    }
    out.reset();
    out.ascii(PREFIX);
    int bad = out.string(value, 0, value.length);
    if (bad >= 0) {
      return "not valid UTF-8 at byte " + bad;
    }
    out.raw((byte) '}');
    row = out.toRow();
    return null;
  }

  @Override
  public byte[] row(byte[] value) {
    return row;
  }
}
