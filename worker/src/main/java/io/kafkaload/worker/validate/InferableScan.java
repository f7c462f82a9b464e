package io.kafkaload.worker.validate;

import io.kafkaload.worker.decode.JsonVisitor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link InferableRow}'s check run inside the JSON decoder's own pass over a schemaless value
 * (issue 11: a second parse of every value cost a third of the plain load's speed): the decoder
 * tells each container, member and value ({@link JsonVisitor}), and this turns them into the same
 * rules, on the same places, with the same reasons as {@link InferableRow#check(byte[])}.
 *
 * <p>Per value: {@link #begin}, the decoder's {@code check(value, shape, this)}, then {@link #end}
 * with whether the record is otherwise accepted; the value's changes to the load's columns are kept
 * only when it is accepted and {@link #end} found no reason. Names are turned into text once per
 * distinct spelling: a small cache keyed by the name's exact bytes (a different name can never hit
 * another's entry; a collision of slots only costs a decode). One instance per run, on the consumer
 * thread: not thread-safe.
 *
 * <p>Rows of a topic mostly have one skeleton: the same names in the same order with values of the
 * same kinds. The events of the last row that was fine and taught the load its kinds are kept (its
 * trace, up to {@value #MAX_TRACE} events); while a row's events equal that trace (names compared
 * byte for byte, kinds as the rules classify them), the rules are not asked, since they answered
 * the same events fine and the load's places only widen compatibly since (a kind once accepted at a
 * place stays accepted there). At the first event that differs, the trace's events so far are given
 * to the rules (so their state is what asking them all along would have made) and the row goes on
 * with the rules; a row that ends inside the trace is fine and changes nothing. {@code
 * InferableScanProperties} holds this to {@link InferableRow#check} on generated rows, repeated and
 * varied.
 */
public final class InferableScan implements JsonVisitor {

  /** Cached names (a power of two), and the longest name kept there, in bytes. */
  private static final int NAMES = 1024;

  private static final int MAX_CACHED_NAME = 64;

  /** The most events of a row kept as the trace: longer rows always ask the rules. */
  static final int MAX_TRACE = 512;

  private static final int OPEN = 0;
  private static final int MEMBER = 1;
  private static final int VALUE = 2;

  /** A member name: its bytes as sent, its text, and its text in lower case. */
  private record Name(byte[] bytes, String text, String lower) {}

  private final InferableRow rules;
  private final Name[] cache = new Name[NAMES];
  private int rule; // the first rule the value broke: FINE while none
  private int at; // the byte it broke it at

  // the trace of the last row that was fine and kept (length -1: none), and this row's events
  private int[] lastCodes = new int[MAX_TRACE];
  private Name[] lastNames = new Name[MAX_TRACE];
  private int lastLength = -1;
  private int[] codes = new int[MAX_TRACE];
  private Name[] rowNames = new Name[MAX_TRACE];
  private int length; // events of this row so far; past MAX_TRACE it is not traced
  private boolean matching; // every event of this row so far equals the trace's

  /**
   * @param rules the load's check; must be inferred (no schema): the JSON decoder's values
   */
  public InferableScan(InferableRow rules) {
    this.rules = rules;
  }

  /** Starts a value. */
  public void begin() {
    rules.begin();
    rule = InferableRow.FINE;
    length = 0;
    matching = lastLength >= 0;
  }

  /**
   * Ends the value begun by {@link #begin}: null when it is fine, else a one-line reason. When
   * {@code accepted} is false (the decoder or another check refused the record) the value teaches
   * the load nothing and the result is null.
   */
  public String end(boolean accepted) {
    boolean fine = rule == InferableRow.FINE;
    if (matching) {
      // the trace's events or a start of them: fine, and nothing of the load changes
      rules.end(false);
      return null;
    }
    boolean kept = rules.end(accepted && fine);
    if (kept && length <= MAX_TRACE) {
      int[] c = lastCodes;
      Name[] n = lastNames;
      lastCodes = codes;
      lastNames = rowNames;
      lastLength = length;
      codes = c;
      rowNames = n;
    }
    return accepted && !fine ? rules.reason(rule, at) : null;
  }

  @Override
  public void open(int depth, boolean object, int pos) {
    int code = OPEN | depth << 2 | (object ? 1 : 0) << 12;
    if (rule != InferableRow.FINE || matched(code)) {
      return;
    }
    trace(code, null);
    broke(rules.open(depth, object), pos);
  }

  @Override
  public void member(int depth, byte[] v, int from, int to) {
    if (rule != InferableRow.FINE) {
      return;
    }
    int code = MEMBER | depth << 2;
    if (matching && length < lastLength && lastCodes[length] == code) {
      if (same(lastNames[length].bytes, v, from, to)) {
        length++;
        return;
      }
    }
    diverge(); // another name, or past the trace
    Name name = name(v, from, to);
    trace(code, name);
    broke(rules.name(depth, name.text, name.lower), from - 1);
  }

  @Override
  public void scalar(int depth, boolean string, int pos) {
    value(depth, string ? InferableRow.STRING : InferableRow.BOOLEAN, pos);
  }

  @Override
  public void number(int depth, byte[] v, int from, int to) {
    if (rule != InferableRow.FINE) {
      return;
    }
    int kind = NumberKinds.classify(v, from, to);
    if (kind < 0) {
      diverge();
      broke(-kind, from);
      return;
    }
    value(depth, (char) kind, from);
  }

  private void value(int depth, char kind, int pos) {
    int code = VALUE | depth << 2 | kind << 12;
    if (rule != InferableRow.FINE || matched(code)) {
      return;
    }
    trace(code, null);
    broke(rules.value(depth, kind), pos);
  }

  /**
   * Whether the event {@code code} (not a member's: {@link #member} compares names) is the trace's
   * next one while the row still follows the trace (then it is only counted); else the row leaves
   * the trace here.
   */
  private boolean matched(int code) {
    if (!matching) {
      return false;
    }
    if (length < lastLength && lastCodes[length] == code) {
      length++;
      return true;
    }
    diverge();
    return false;
  }

  /**
   * The row leaves the trace: the rules are given the trace's events the row followed so far, as if
   * they had been asked all along (those events were fine for them and change nothing).
   */
  private void diverge() {
    if (!matching) {
      return;
    }
    matching = false;
    for (int i = 0; i < length; i++) {
      int code = lastCodes[i];
      int depth = code >>> 2 & 0x3FF;
      int found =
          switch (code & 3) {
            case OPEN -> rules.open(depth, (code >>> 12) != 0);
            case MEMBER -> rules.name(depth, lastNames[i].text, lastNames[i].lower);
            default -> rules.value(depth, (char) (code >>> 12));
          };
      if (found != InferableRow.FINE) {
        throw new IllegalStateException("a traced event broke rule " + found);
      }
    }
    System.arraycopy(lastCodes, 0, codes, 0, length);
    System.arraycopy(lastNames, 0, rowNames, 0, length);
  }

  /** Reads 8 bytes at once: names are compared a word at a time. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Whether {@code b} equals {@code v[from, to)}: for the short names of rows, word by word is
   * faster than {@link Arrays#equals}, whose vectorised compare costs its set-up on every call.
   */
  private static boolean same(byte[] b, byte[] v, int from, int to) {
    int n = b.length;
    if (n != to - from) {
      return false;
    }
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if ((long) LONGS.get(b, i) != (long) LONGS.get(v, from + i)) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (b[i] != v[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** Notes this row's event (beyond {@link #MAX_TRACE} events the row is not traced). */
  private void trace(int code, Name name) {
    if (length < MAX_TRACE) {
      codes[length] = code;
      rowNames[length] = name;
    }
    length++;
  }

  /** The name {@code v[from, to)}: from the cache when it was met before. */
  private Name name(byte[] v, int from, int to) {
    int length = to - from;
    int h = length;
    for (int i = from; i < to; i++) {
      h = 31 * h + v[i];
    }
    int slot = (h ^ (h >>> 16)) & (NAMES - 1);
    Name cached = cache[slot];
    if (cached != null && same(cached.bytes, v, from, to)) {
      return cached;
    }
    String text = JsonText.nameText(v, from, to);
    Name name = new Name(Arrays.copyOfRange(v, from, to), text, text.toLowerCase(Locale.ROOT));
    if (length <= MAX_CACHED_NAME) {
      cache[slot] = name;
    }
    return name;
  }

  private void broke(int found, int pos) {
    if (found != InferableRow.FINE) {
      rule = found;
      at = pos;
    }
  }
}
