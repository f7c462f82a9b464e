package io.kafkaload.worker.validate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of the output row being written: one reused buffer, grown as needed and dropped after a
 * row past {@link #KEEP_BYTES}, and the ways values are appended to it (JSON literals, integers,
 * string contents escaped, containers without their whitespace). Writers append at {@link #len};
 * one instance per {@link RowValidator}, not thread-safe.
 */
final class RowOut {

  static final byte[] NULL = {'n', 'u', 'l', 'l'};
  static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Past this a buffer is dropped after the row, so one huge value does not pin memory. */
  static final int KEEP_BYTES = 1 << 20;

  private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

  /** The row so far: {@code bytes[0, len)}. */
  byte[] bytes = new byte[512];

  int len;

  /** Starts a row; a buffer grown past {@link #KEEP_BYTES} by an earlier row is let go. */
  void reset() {
    if (bytes.length > KEEP_BYTES) {
      bytes = new byte[512];
    }
    len = 0;
  }

  /** The row as a new array of exactly its length. */
  byte[] copy() {
    return Arrays.copyOf(bytes, len);
  }

  /** Makes room for {@code more} bytes after {@link #len}. */
  void ensure(int more) {
    if (len + more > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) len + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("row larger than 2 GB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }

  void put(byte c) {
    ensure(1);
    bytes[len++] = c;
  }

  void put(byte[] src) {
    ensure(src.length);
    System.arraycopy(src, 0, bytes, len, src.length);
    len += src.length;
  }

  void put(byte[] src, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(src, from, bytes, len, n);
    len += n;
  }

  void putLong(long v) {
    if (v == Long.MIN_VALUE) {
      put(MIN_LONG);
      return;
    }
    ensure(20);
    if (v < 0) {
      bytes[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    for (int k = len + digits - 1; k >= len; k--) {
      bytes[k] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
  }

  /** UTF-8 text as the content of a JSON string. */
  void putEscaped(byte[] t, int from, int to) {
    ensure((to - from) * 6);
    for (int k = from; k < to; k++) {
      byte c = t[k];
      if (c == '"' || c == '\\') {
        bytes[len++] = '\\';
        bytes[len++] = c;
      } else if (c >= 0 && c < 0x20) {
        bytes[len++] = '\\';
        bytes[len++] = 'u';
        bytes[len++] = '0';
        bytes[len++] = '0';
        bytes[len++] = HEX[c >> 4];
        bytes[len++] = HEX[c & 0xF];
      } else {
        bytes[len++] = c;
      }
    }
  }

  /** A checked JSON value without the whitespace between its tokens (rows are one line each). */
  void putCompact(byte[] b, int s, int e) {
    if (b[s] != '{' && b[s] != '[') {
      put(b, s, e);
      return;
    }
    ensure(e - s);
    boolean inString = false;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (inString) {
        bytes[len++] = c;
        if (c == '\\') {
          bytes[len++] = b[++i];
        } else if (c == '"') {
          inString = false;
        }
      } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        bytes[len++] = c;
        if (c == '"') {
          inString = true;
        }
      }
    }
  }
}
