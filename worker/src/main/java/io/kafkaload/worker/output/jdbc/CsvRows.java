package io.kafkaload.worker.output.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY CSV format, taken from the CSV file DuckDB wrote for a chunk ({@link
 * DuckCsv}): each record of that file is the row's values, then one more field, the code of the
 * reason the row must be refused (empty when it goes in). {@link Reader} reads the records; {@link
 * #add} keeps a record's values (without the reason field) as one row of the batch.
 *
 * <p>A quoted value may hold line breaks, so a row may span several physical lines: the lines of
 * each row are counted, to find the row on which PostgreSQL reports an error ({@code line N} counts
 * physical lines in CSV mode).
 */
final class CsvRows extends CopyBatch {
  private long[] lines = new long[1024]; // physical lines up to and including row i

  /**
   * @param capacity the bytes to hold at first: about what the batch will hold, so that it is not
   *     grown and copied again and again
   */
  CsvRows(int capacity) {
    super(Math.max(capacity, 1 << 10));
  }

  @Override
  int rowAtLine(int from, int to, long line) {
    if (line < 1 || from >= to) {
      return -1;
    }
    long base = from == 0 ? 0 : lines[from - 1];
    long want = base + line;
    // the first row of [from, to) whose last line is at or after the wanted one
    int lo = from;
    int hi = to - 1;
    if (lines[hi] < want) {
      return -1;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (lines[mid] >= want) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - from;
  }

  /**
   * Keeps the values of the reader's current record as chunk row {@code row}; {@code rowNumber}
   * appends the row index as one more column (the upsert's staging table).
   */
  void add(Reader r, int row, boolean rowNumber) {
    int from = r.recordStart;
    int length = r.valuesEnd - from;
    ensure(length + 16);
    if (length == 2 && r.buf[from] == '\\' && r.buf[from + 1] == '.') {
      // a lone \. on a line ends COPY's data in CSV mode; quoted it is the value \.
      data[size++] = '"';
      data[size++] = '\\';
      data[size++] = '.';
      data[size++] = '"';
    } else {
      System.arraycopy(r.buf, from, data, size, length);
      size += length;
    }
    if (rowNumber) {
      data[size++] = ',';
      String n = Integer.toString(row);
      for (int i = 0; i < n.length(); i++) {
        data[size++] = (byte) n.charAt(i);
      }
    }
    data[size++] = '\n';
    int i = endRow(row);
    if (i == lines.length) {
      lines = Arrays.copyOf(lines, i * 2);
    }
    lines[i] = (i == 0 ? 0 : lines[i - 1]) + 1 + r.innerLineBreaks;
  }

  /**
   * Reads the records of a CSV file as DuckDB writes them ({@code ,} between fields, {@code "}
   * quotes, {@code ""} for a quote inside quotes, {@code \n} after each record, nothing quoted but
   * the values that need it): for each record, where its values end (before the last field's comma)
   * and the last field, the reason code.
   */
  static final class Reader {
    private final InputStream in;
    byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean eof;
    int recordStart;
    int valuesEnd;
    private int recordEnd;
    int innerLineBreaks;

    Reader(InputStream in) {
      this.in = in;
    }

    /** Moves to the next record; false at the end of the file. */
    boolean next() throws IOException {
      int i = pos;
      boolean quoted = false;
      int lastComma = -1;
      int breaks = 0;
      while (true) {
        if (i == limit) {
          if (eof) {
            if (i == pos) {
              return false;
            }
            throw new IOException("the rows' CSV file ends inside a record");
          }
          // keep the record begun so far at the front, then read more after it
          int shift = pos;
          if (shift > 0) {
            System.arraycopy(buf, shift, buf, 0, limit - shift);
            limit -= shift;
            i -= shift;
            if (lastComma >= 0) {
              lastComma -= shift;
            }
            pos = 0;
          }
          if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          int n = in.read(buf, limit, buf.length - limit);
          if (n < 0) {
            eof = true;
          } else {
            limit += n;
          }
          continue;
        }
        byte b = buf[i];
        if (b == '"') {
          quoted = !quoted;
        } else if (quoted) {
          if (b == '\n') {
            breaks++;
          }
        } else if (b == ',') {
          lastComma = i;
        } else if (b == '\n') {
          if (lastComma < 0) {
            throw new IOException("a record of the rows' CSV file has no reason field");
          }
          recordStart = pos;
          valuesEnd = lastComma;
          recordEnd = i;
          innerLineBreaks = breaks;
          pos = i + 1;
          return true;
        }
        i++;
      }
    }

    /** True when the current record's reason field is empty: the row goes in. */
    boolean accepted() {
      return recordEnd == valuesEnd + 1;
    }

    /** The current record's reason field (a code DuckDB gave, never quoted). */
    String reason() {
      return new String(buf, valuesEnd + 1, recordEnd - valuesEnd - 1, StandardCharsets.UTF_8);
    }
  }
}
