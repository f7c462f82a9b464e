package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a field's {@code pattern} and {@code privacy} do to a value its type check just wrote: the
 * regex must match the input's text, then the written value is replaced by null (Hide), its salted
 * MD5 or SHA-256 in hex, its initials, or its text masked but the last characters. One instance per
 * {@link RowValidator}, with its digests and buffers; not thread-safe.
 */
final class PrivacyRules {

  private final RowOut out;
  private final ValueText text;
  private final byte[] salt;
  private final MessageDigest md5;
  private final MessageDigest sha256;
  private final byte[] digest = new byte[32];
  private final AsciiView view = new AsciiView();

  /**
   * @param salt the salt's bytes, null for none
   * @param leaves the schema's fields: only the digests they use are made
   */
  PrivacyRules(RowOut out, ValueText text, byte[] salt, Iterable<Leaf> leaves) {
    this.out = out;
    this.text = text;
    this.salt = salt == null ? null : salt.clone();
    boolean wantMd5 = false;
    boolean wantSha = false;
    for (Leaf f : leaves) {
      wantMd5 |= f.privacy == LoadSpec.Privacy.Md5;
      wantSha |= f.privacy == LoadSpec.Privacy.Sha256;
    }
    this.md5 = wantMd5 ? digest("MD5") : null;
    this.sha256 = wantSha ? digest("SHA-256") : null;
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new ConfigException("this JVM has no " + name + " digest", e);
    }
  }

  /**
   * Null when the field's pattern matches the input's text (a string's content, else the literal as
   * written; for a json field the value as written to the row from {@code p}), else the reason.
   */
  String match(Leaf f, byte[] b, int s, int e, int fl, int p) {
    byte[] t;
    int from;
    int to;
    if (f.kind == Kind.JSON) {
      t = out.bytes;
      from = p;
      to = out.len;
    } else if (b[s] == '"') {
      text.content(b, s, e, fl);
      t = text.bytes;
      from = text.from;
      to = text.to;
    } else {
      t = b;
      from = s;
      to = e;
    }
    boolean ascii = true;
    for (int k = from; k < to; k++) {
      if (t[k] < 0) {
        ascii = false;
        break;
      }
    }
    CharSequence chars =
        ascii ? view.set(t, from, to) : new String(t, from, to - from, StandardCharsets.UTF_8);
    boolean ok;
    try {
      ok = f.matcher.reset(chars).matches();
    } catch (StackOverflowError tooDeep) {
      return f.prefix + "the pattern ran out of stack on a value of " + (to - from) + " bytes";
    } finally {
      f.matcher.reset("");
    }
    return ok ? null : f.prefix + Texts.excerpt(b, s, e) + " does not match " + f.pattern.pattern();
  }

  /**
   * Replaces the value written from {@code p} to the row's end by what the field's privacy says.
   */
  void apply(Leaf f, int p) {
    if (f.privacy == LoadSpec.Privacy.Hide) {
      out.len = p;
      out.put(RowOut.NULL);
      return;
    }
    // The normalised value's text: a string's content, else the JSON text as written.
    byte[] written = out.bytes;
    int n;
    text.ensureTmp(out.len - p);
    byte[] tmp = text.tmp;
    if (f.kind != Kind.JSON && written[p] == '"') {
      n = JsonText.unescape(written, p + 1, out.len - 1, tmp);
    } else {
      n = out.len - p;
      System.arraycopy(written, p, tmp, 0, n);
    }
    out.len = p;
    switch (f.privacy) {
      case Md5, Sha256 -> hash(f.privacy == LoadSpec.Privacy.Md5 ? md5 : sha256, tmp, n);
      case Initials -> initials(tmp, n);
      case Mask -> mask(tmp, n, f.keepLast);
      default -> throw new IllegalStateException("privacy " + f.privacy);
    }
  }

  private void hash(MessageDigest md, byte[] t, int n) {
    // digest() below leaves it reset: no reset() here (it clears the state buffers again)
    if (salt != null) {
      md.update(salt);
    }
    md.update(t, 0, n);
    int dl;
    try {
      dl = md.digest(digest, 0, md.getDigestLength());
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    out.ensure(dl * 2 + 2);
    byte[] o = out.bytes;
    int len = out.len;
    o[len++] = '"';
    for (int k = 0; k < dl; k++) {
      o[len++] = RowOut.HEX[(digest[k] >> 4) & 0xF];
      o[len++] = RowOut.HEX[digest[k] & 0xF];
    }
    o[len++] = '"';
    out.len = len;
  }

  private void initials(byte[] t, int n) {
    out.put((byte) '"');
    boolean inWord = false;
    int i = 0;
    while (i < n) {
      int c = t[i] & 0xFF;
      int l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      int cp = codePoint(t, i, l);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        inWord = false;
      } else if (!inWord) {
        inWord = true;
        byte[] one = new byte[4];
        out.putEscaped(one, 0, JsonText.putCodePoint(one, 0, Character.toUpperCase(cp)));
        out.put((byte) '.');
      }
      i += l;
    }
    out.put((byte) '"');
  }

  private void mask(byte[] t, int n, int keepLast) {
    int count = 0;
    for (int k = 0; k < n; k++) {
      if ((t[k] & 0xC0) != 0x80) {
        count++;
      }
    }
    int stars = count - Math.min(keepLast, count);
    int from = 0;
    for (int seen = 0; from < n; from++) {
      if ((t[from] & 0xC0) != 0x80 && seen++ == stars) {
        break;
      }
    }
    out.ensure(stars + 2);
    out.bytes[out.len++] = '"';
    for (int k = 0; k < stars; k++) {
      out.bytes[out.len++] = '*';
    }
    out.putEscaped(t, from, n);
    out.put((byte) '"');
  }

  private static int codePoint(byte[] t, int i, int l) {
    return switch (l) {
      case 1 -> t[i];
      case 2 -> (t[i] & 0x1F) << 6 | t[i + 1] & 0x3F;
      case 3 -> (t[i] & 0x0F) << 12 | (t[i + 1] & 0x3F) << 6 | t[i + 2] & 0x3F;
      default ->
          (t[i] & 0x07) << 18 | (t[i + 1] & 0x3F) << 12 | (t[i + 2] & 0x3F) << 6 | t[i + 3] & 0x3F;
    };
  }

  /** ASCII bytes as a CharSequence, so a regex runs without decoding them into a String. */
  private static final class AsciiView implements CharSequence {
    private byte[] b;
    private int from;
    private int to;

    AsciiView set(byte[] bytes, int start, int end) {
      b = bytes;
      from = start;
      to = end;
      return this;
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return (char) b[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(b, from + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }
}
