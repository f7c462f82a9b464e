package io.kafkaload.worker.decode;

/**
 * Accepts a message value that is exactly one JSON object (RFC 8259) in UTF-8, with nothing around
 * it but JSON whitespace; anything else gets a one-line reason naming the byte (0-based offset)
 * where it goes wrong.
 *
 * <p>Rules beyond the RFC grammar, and why:
 *
 * <ul>
 *   <li>A leading UTF-8 byte order mark is rejected: RFC 8259 section 8.1 forbids it on the wire.
 *   <li>Invalid UTF-8 anywhere (overlong forms, encoded surrogates, code points above U+10FFFF,
 *       truncated sequences) is rejected: the value could not be written as text without change.
 *   <li>An escaped UTF-16 surrogate that is not part of a pair ({@code "\ud800"}) is rejected: it
 *       is no Unicode character (RFC 8259 section 8.2: behaviour unpredictable), and DuckDB refuses
 *       it, so it could never reach a file.
 *   <li>Nesting deeper than {@value JsonScanner#MAX_DEPTH} arrays/objects is rejected, so memory
 *       and stack stay bounded downstream too. The check itself uses no recursion.
 *   <li>Duplicate names in an object are accepted (the RFC says names SHOULD be unique, not MUST).
 *       The value is kept byte for byte; see the files sink for how they are written.
 *   <li>Numbers are checked for syntax only (no range): {@code 1e400} is valid JSON.
 * </ul>
 *
 * <p>It validates in one pass over the bytes with a hand-written, iterative scanner and builds no
 * tree; an accepted value allocates nothing (unless nested deeper than 64). Thread-safe.
 */
public final class JsonDecoder implements Decoder {

  @Override
  public String check(byte[] value) {
    if (value == null) {
      return "null value (tombstone)";
    }
    int n = value.length;
    if (n == 0) {
      return "empty value";
    }
    if (n >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF) {
      return "starts with a UTF-8 byte order mark";
    }
    int first = JsonScanner.skipWhitespace(value, 0, n);
    if (first == n) {
      return "blank value (only whitespace)";
    }
    long code = JsonScanner.scan(value, first);
    byte kind = value[first];
    if (code != 0) {
      return JsonReasons.describe(value, code, kind == '{');
    }
    switch (kind) {
      case '{':
        return null;
      case '[':
        return "value is a JSON array, expected an object";
      case '"':
        return "value is a JSON string, expected an object";
      case 't':
      case 'f':
        return "value is a JSON boolean, expected an object";
      case 'n':
        return "value is JSON null, expected an object";
      default:
        return "value is a JSON number, expected an object";
    }
  }
}
