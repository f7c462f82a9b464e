package io.kafkaload.worker.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that the non-JSON decoders write their rows into, with the few JSON pieces
 * they need: escaped strings (checked as UTF-8 on the way), base64, integers. Reused from row to
 * row, so the only allocation per row is {@link #toRow} (the sink keeps the array it is given). Not
 * thread-safe.
 */
final class JsonOut {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.US_ASCII);

  /** Past this a row's buffer is dropped after use, so one huge value does not pin memory. */
  private static final int KEEP_BYTES = 1 << 20;

  private byte[] buf = new byte[256];
  private int len;

  void reset() {
    if (buf.length > KEEP_BYTES) {
      buf = new byte[256];
    }
    len = 0;
  }

  int length() {
    return len;
  }

  /** Drops what was written after {@code mark} (a length seen before). */
  void truncate(int mark) {
    len = mark;
  }

  /** The bytes written since {@link #reset}, as a new array of exactly that length. */
  byte[] toRow() {
    return Arrays.copyOf(buf, len);
  }

  void ensure(int more) {
    if (len + more > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) len + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new OutOfMemoryError("row larger than 2 GB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  void raw(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  /** Appends ASCII text as is (names and literals the decoders made, never input). */
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  void number(long v) {
    if (v == Long.MIN_VALUE) {
      ascii("-9223372036854775808");
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  /**
   * Appends {@code v[from, to)}, UTF-8 text, as a JSON string in quotes: {@code "} and {@code \}
   * and control characters escaped, everything else copied as is. Returns -1, or the position in
   * {@code v} of the first byte that is not valid UTF-8 (the output is then unusable).
   */
  int string(byte[] v, int from, int to) {
    // room for every byte as is and the quotes; only escapes need more (ensured there)
    ensure(to - from + 2);
    buf[len++] = '"';
    int pos = from;
    while (pos < to) {
      byte b = v[pos];
      if (b >= 0x20 && b != '"' && b != '\\') {
        buf[len++] = b;
        pos++;
      } else if (b < 0) {
        long r = JsonStrings.utf8(v, pos, to);
        if (r < 0) {
          return pos;
        }
        int end = (int) r;
        System.arraycopy(v, pos, buf, len, end - pos);
        len += end - pos;
        pos = end;
      } else {
        ensure(6 + to - pos);
        escape(b);
        pos++;
      }
    }
    raw((byte) '"');
    return -1;
  }

  private void escape(byte b) {
    buf[len++] = '\\';
    switch (b) {
      case '"':
      case '\\':
        buf[len++] = b;
        break;
      case '\n':
        buf[len++] = 'n';
        break;
      case '\r':
        buf[len++] = 'r';
        break;
      case '\t':
        buf[len++] = 't';
        break;
      case '\b':
        buf[len++] = 'b';
        break;
      case '\f':
        buf[len++] = 'f';
        break;
      default:
        buf[len++] = 'u';
        buf[len++] = '0';
        buf[len++] = '0';
        buf[len++] = HEX[(b >> 4) & 0xF];
        buf[len++] = HEX[b & 0xF];
    }
  }

  /** Appends {@code v[from, to)} as a JSON string of standard base64 (RFC 4648, padded). */
  void base64(byte[] v, int from, int to) {
    int n = to - from;
    ensure((n + 2) / 3 * 4 + 2);
    buf[len++] = '"';
    int pos = from;
    while (to - pos >= 3) {
      int bits = (v[pos] & 0xFF) << 16 | (v[pos + 1] & 0xFF) << 8 | (v[pos + 2] & 0xFF);
      buf[len++] = BASE64[bits >>> 18];
      buf[len++] = BASE64[(bits >>> 12) & 0x3F];
      buf[len++] = BASE64[(bits >>> 6) & 0x3F];
      buf[len++] = BASE64[bits & 0x3F];
      pos += 3;
    }
    int rest = to - pos;
    if (rest > 0) {
      int bits = (v[pos] & 0xFF) << 16 | (rest == 2 ? (v[pos + 1] & 0xFF) << 8 : 0);
      buf[len++] = BASE64[bits >>> 18];
      buf[len++] = BASE64[(bits >>> 12) & 0x3F];
      buf[len++] = rest == 2 ? BASE64[(bits >>> 6) & 0x3F] : (byte) '=';
      buf[len++] = '=';
    }
    buf[len++] = '"';
  }
}
