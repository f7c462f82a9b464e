package io.kafkaload.worker.decode;

/**
 * Told the members and values of a JSON value while {@link JsonDecoder} scans it, so a check of the
 * row can run in the decoder's own pass instead of parsing the value a second time. Events come in
 * document order and only describe what was scanned so far: the value may still be rejected later
 * in the scan (the decoder's reason then wins, and the visitor must forget the value). Positions
 * are indexes in the value's bytes. {@code depth} is that of the container holding the event: 0 for
 * the value itself, 1 for the members of the row's object. Nulls are not told (they fit anything).
 */
public interface JsonVisitor {

  /** An object ({@code object}) or an array starts at {@code pos} inside the container at depth. */
  void open(int depth, boolean object, int pos);

  /**
   * The next value is the member of the object at {@code depth} whose name is the string body
   * {@code v[from, to)} as written (escapes not undone; valid JSON; the quote is at {@code
   * from-1}).
   */
  void member(int depth, byte[] v, int from, int to);

  /** A string ({@code string}) or a boolean starts at {@code pos} inside the container at depth. */
  void scalar(int depth, boolean string, int pos);

  /** The number {@code v[from, to)} (valid JSON number syntax) inside the container at depth. */
  void number(int depth, byte[] v, int from, int to);
}
