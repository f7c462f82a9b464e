package io.kafkaload.worker.output.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Rows encoded in COPY's text format (tab-separated, {@code \N} for null, backslash escapes, UTF-8)
 * in one growing byte array, with the chunk row index of each encoded row. Values PostgreSQL would
 * refuse are found here, before COPY, and the row is left out with a reason: NUL characters in
 * text, JSON escapes {@code \u0000} for jsonb, strings longer than varchar(n) or char(n), numbers
 * with more integer digits than numeric(p,s) holds, integers out of a narrower column's range, NaN
 * or Infinity inside nested values.
 */
final class CopyRows extends CopyBatch {
  private static final byte[] NULL = {'\\', 'N'};
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final List<ColumnPlan> plans;
  private final boolean rowNumberColumn;

  /** A value that cannot go into its column: the reason, without the value. */
  static final class Refused extends Exception {
    final String column;

    Refused(String column, String reason) {
      super("column " + column + ": " + reason, null, false, false);
      this.column = column;
    }
  }

  CopyRows(List<ColumnPlan> plans, boolean rowNumberColumn) {
    super(1 << 16);
    this.plans = plans;
    this.rowNumberColumn = rowNumberColumn;
  }

  /** In COPY's text format every row is one line. */
  @Override
  int rowAtLine(int from, int to, long line) {
    return line >= 1 && line <= to - from ? (int) line - 1 : -1;
  }

  // ---- the reasons a value is refused (also given for rows DuckDB checked, see DuckCsv) ----

  static String outOfRange(ColumnPlan p) {
    return "value out of range for " + p.tableType();
  }

  static String tooManyDigits(ColumnPlan p, long digits) {
    return "value has "
        + digits
        + " digits before the decimal point, "
        + p.tableType()
        + " holds "
        + p.maxIntegerDigits()
        + " (numeric overflow)";
  }

  static final String NUL_IN_TEXT = "text contains a NUL byte (PostgreSQL text cannot hold 0x00)";

  static final String NUL_ESCAPE_IN_JSONB =
      "JSON contains the escape \\u0000, which PostgreSQL jsonb cannot hold";

  static String tooLong(ColumnPlan p, long length) {
    return "value is " + length + " characters, longer than " + p.tableType() + " holds";
  }

  static String nullKey(String column) {
    return "column "
        + column
        + ": key column is null (upsert by sink.jdbc.keyColumns needs a value)";
  }

  /**
   * Encodes the current row of {@code rs} as chunk row {@code row}; on a refused value nothing is
   * kept and {@link Refused} says why.
   */
  void add(ResultSet rs, int row) throws SQLException, Refused {
    int mark = size;
    try {
      for (int i = 0; i < plans.size(); i++) {
        if (i > 0) {
          put((byte) '\t');
        }
        value(rs, i + 1, plans.get(i));
      }
      if (rowNumberColumn) {
        put((byte) '\t');
        ascii(Integer.toString(row));
      }
      put((byte) '\n');
    } catch (Refused e) {
      size = mark;
      throw e;
    }
    endRow(row);
  }

  // One switch on purpose (over 80 lines): run for every value of every row, one case per column
  // family, each encoding its value into the row's buffer.
  private void value(ResultSet rs, int col, ColumnPlan p) throws SQLException, Refused {
    switch (p.load().family()) {
      case INTEGER -> {
        long v = rs.getLong(col);
        if (rs.wasNull()) {
          nul();
          return;
        }
        if (p.hasRange() && (v < p.min() || v > p.max())) {
          throw new Refused(p.name(), outOfRange(p));
        }
        if (p.maxIntegerDigits() >= 0) {
          checkDigits(p, v == 0 ? 0 : Long.toString(Math.abs(v)).replace("-", "").length());
        }
        ascii(Long.toString(v));
      }
      case BIG_INTEGER -> {
        Object o = rs.getObject(col);
        if (o == null) {
          nul();
          return;
        }
        BigInteger v = o instanceof BigInteger b ? b : new BigInteger(o.toString());
        if (p.hasRange()
            && (v.compareTo(BigInteger.valueOf(p.min())) < 0
                || v.compareTo(BigInteger.valueOf(p.max())) > 0)) {
          throw new Refused(p.name(), outOfRange(p));
        }
        if (p.maxIntegerDigits() >= 0) {
          checkDigits(p, v.signum() == 0 ? 0 : v.abs().toString().length());
        }
        ascii(v.toString());
      }
      case FLOAT -> {
        float v = rs.getFloat(col);
        if (rs.wasNull()) {
          nul();
          return;
        }
        ascii(Float.toString(v));
      }
      case DOUBLE -> {
        double v = rs.getDouble(col);
        if (rs.wasNull()) {
          nul();
          return;
        }
        ascii(Double.toString(v));
      }
      case DECIMAL -> {
        BigDecimal v = rs.getBigDecimal(col);
        if (v == null) {
          nul();
          return;
        }
        if (p.hasRange()) {
          BigInteger i = v.toBigInteger();
          if (i.compareTo(BigInteger.valueOf(p.min())) < 0
              || i.compareTo(BigInteger.valueOf(p.max())) > 0) {
            throw new Refused(p.name(), outOfRange(p));
          }
        }
        if (p.maxIntegerDigits() >= 0) {
          checkDigits(p, v.signum() == 0 ? 0 : Math.max(0, v.precision() - v.scale()));
        }
        ascii(v.toPlainString());
      }
      case BOOLEAN -> {
        boolean v = rs.getBoolean(col);
        if (rs.wasNull()) {
          nul();
          return;
        }
        put((byte) (v ? 't' : 'f'));
      }
      case TEXT, INTERVAL, TIMETZ -> text(p, rs.getString(col), false);
      case JSON -> text(p, rs.getString(col), true);
      case DATE -> {
        LocalDate v = rs.getObject(col, LocalDate.class);
        if (v == null) {
          nul();
        } else {
          ascii(v.toString());
        }
      }
      case TIME -> {
        LocalTime v = rs.getObject(col, LocalTime.class);
        if (v == null) {
          nul();
        } else {
          ascii(v.toString());
        }
      }
      case TIMESTAMP -> {
        LocalDateTime v = rs.getObject(col, LocalDateTime.class);
        if (v == null) {
          nul();
        } else {
          ascii(v.toString());
        }
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime v = rs.getObject(col, OffsetDateTime.class);
        if (v == null) {
          nul();
        } else {
          ascii(v.toString());
        }
      }
      case UUID -> {
        Object v = rs.getObject(col);
        if (v == null) {
          nul();
        } else {
          ascii(v.toString());
        }
      }
      case BLOB -> {
        byte[] v = rs.getBytes(col);
        if (v == null) {
          nul();
          return;
        }
        ensure(3 + 2 * v.length);
        data[size++] = '\\';
        data[size++] = '\\';
        data[size++] = 'x';
        for (byte b : v) {
          data[size++] = HEX[(b >> 4) & 0xf];
          data[size++] = HEX[b & 0xf];
        }
      }
      case NESTED -> {
        Object v = rs.getObject(col);
        if (v == null) {
          nul();
          return;
        }
        try {
          text(p, JsonText.of(v), true);
        } catch (JsonText.NotJson e) {
          throw new Refused(p.name(), e.getMessage());
        }
      }
    }
  }

  private void checkDigits(ColumnPlan p, int digits) throws Refused {
    if (digits > p.maxIntegerDigits()) {
      throw new Refused(p.name(), tooManyDigits(p, digits));
    }
  }

  /** A string value: checked, escaped for COPY and encoded as UTF-8 in one pass. */
  private void text(ColumnPlan p, String s, boolean json) throws Refused {
    if (s == null) {
      nul();
      return;
    }
    int n = s.length();
    ensure(n * 3 + 8);
    int chars = 0;
    int charsToLastNonSpace = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == 0) {
          throw new Refused(p.name(), NUL_IN_TEXT);
        }
        if (json && c == '\\' && i + 1 < n) {
          // JSON escapes only occur inside strings; \u0000 is the one jsonb refuses.
          char next = s.charAt(i + 1);
          if (p.jsonb() && next == 'u' && s.startsWith("0000", i + 2)) {
            throw new Refused(p.name(), NUL_ESCAPE_IN_JSONB);
          }
          putEscaped(c);
          putEscaped(next);
          chars += 2;
          charsToLastNonSpace = chars;
          i++;
          continue;
        }
        putEscaped(c);
      } else if (c < 0x800) {
        data[size++] = (byte) (0xc0 | (c >> 6));
        data[size++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        data[size++] = (byte) (0xf0 | (cp >> 18));
        data[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        data[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        data[size++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        throw new Refused(p.name(), "text contains an unpaired UTF-16 surrogate (not valid UTF-8)");
      } else {
        data[size++] = (byte) (0xe0 | (c >> 12));
        data[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        data[size++] = (byte) (0x80 | (c & 0x3f));
      }
      chars++;
      if (c != ' ') {
        charsToLastNonSpace = chars;
      }
    }
    if (p.maxChars() >= 0) {
      int length = p.padded() ? charsToLastNonSpace : chars;
      if (length > p.maxChars()) {
        throw new Refused(p.name(), tooLong(p, length));
      }
    }
  }

  private void putEscaped(char c) {
    switch (c) {
      case '\\' -> {
        data[size++] = '\\';
        data[size++] = '\\';
      }
      case '\n' -> {
        data[size++] = '\\';
        data[size++] = 'n';
      }
      case '\r' -> {
        data[size++] = '\\';
        data[size++] = 'r';
      }
      case '\t' -> {
        data[size++] = '\\';
        data[size++] = 't';
      }
      default -> data[size++] = (byte) c;
    }
  }

  private void nul() {
    ensure(2);
    data[size++] = NULL[0];
    data[size++] = NULL[1];
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      data[size++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    data[size++] = b;
  }
}
