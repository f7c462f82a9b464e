package io.kafkaload.worker.validate;

/**
 * The text of the value being checked, as the value checks read it: {@code bytes[from, to)}, either
 * the input itself or, when a string holds escapes, its content unescaped into a reused scratch
 * buffer ({@link #tmp}, also what member names and privacy rules unescape into). For a number
 * ({@link #numeric}) the shared {@link JsonScan} holds its parts. One instance per {@link
 * RowValidator}, not thread-safe.
 */
final class ValueText {

  final JsonScan scan;

  /** The text: {@code bytes[from, to)} (the input, or {@link #tmp} when unescaped). */
  byte[] bytes;

  int from;
  int to;

  /** Scratch for unescaped text; valid until the next use. */
  byte[] tmp = new byte[256];

  ValueText(JsonScan scan) {
    this.scan = scan;
  }

  /** Starts a row; a scratch buffer grown past {@link RowOut#KEEP_BYTES} is let go. */
  void reset() {
    if (tmp.length > RowOut.KEEP_BYTES) {
      tmp = new byte[256];
    }
  }

  void ensureTmp(int size) {
    if (tmp.length < size) {
      tmp = new byte[Math.max(size, tmp.length * 2)];
    }
  }

  /**
   * Points the text at a string's content ({@code b[s] == '"'}), unescaped when it holds escapes.
   */
  void content(byte[] b, int s, int e, int fl) {
    if ((fl & JsonScan.ESCAPED) == 0) {
      bytes = b;
      from = s + 1;
      to = e - 1;
      return;
    }
    ensureTmp(e - s);
    bytes = tmp;
    from = 0;
    to = JsonText.unescape(b, s + 1, e - 1, tmp);
  }

  /**
   * Whether the value is a JSON number, or a string whose whole content is one; the text then holds
   * the number's text and {@link #scan} its parts.
   */
  boolean numeric(byte[] b, int s, int e, int fl) {
    byte c = b[s];
    if (c == '"') {
      content(b, s, e, fl);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      bytes = b;
      from = s;
      to = e;
    } else {
      return false;
    }
    return from < to && scan.number(bytes, from, to) == to;
  }
}
