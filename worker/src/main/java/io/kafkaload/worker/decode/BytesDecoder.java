package io.kafkaload.worker.decode;

/**
 * Format {@code Bytes}: the value is opaque and becomes the row {@code {"value":"<base64>"}}
 * (standard base64 of RFC 4648 with padding, the alphabet {@code A-Z a-z 0-9 + /}), so any value
 * reaches the files unchanged, whatever its bytes.
 *
 * <p>The one reason: {@code null value (tombstone)}. An empty value is accepted ({@code
 * {"value":""}}).
 *
 * <p>{@link #check} writes the row, {@link #row} hands it over. Not thread-safe.
 */
public final class BytesDecoder implements Decoder {

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
    out.base64(value, 0, value.length);
    out.raw((byte) '}');
    row = out.toRow();
    return null;
  }

  @Override
  public byte[] row(byte[] value) {
    return row;
  }
}
