package io.kafkaload.worker.chunk;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a chunk's rows to scratch files as JSON lines, one value per line, so memory stays
 * bounded whatever the chunk size. Rows roll over to a new segment file every {@code segmentBytes}
 * (at a row boundary): DuckDB infers types of separate files in parallel.
 *
 * <p>A value is a valid JSON object (the decoder checked it). JSON allows CR and LF only as
 * whitespace between tokens (never raw inside a string), so replacing them with spaces keeps the
 * value's meaning and makes it one line; whitespace around the object is dropped.
 *
 * <p>Not thread-safe: the consumer thread writes, then hands the finished segments over.
 */
final class RowSpool implements Closeable {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

  private final Path dir;
  private final String stem;
  private final long segmentBytes;
  private final byte[] buffer;
  private final List<Path> segments = new ArrayList<>();
  private FileOutputStream out;
  private int used;
  private long segmentSize;
  private int longestRow;

  /** Segments are {@code <dir>/<stem>.<n>.jsonl}. */
  RowSpool(Path dir, String stem, long segmentBytes, int bufferBytes) {
    this.dir = dir;
    this.stem = stem;
    this.segmentBytes = segmentBytes;
    this.buffer = new byte[bufferBytes];
  }

  /** Appends one value as a line. */
  void write(byte[] value) throws IOException {
    int from = 0;
    int to = value.length;
    while (from < to && isWhitespace(value[from])) {
      from++;
    }
    while (to > from && isWhitespace(value[to - 1])) {
      to--;
    }
    int length = to - from;
    if (length == 0) {
      throw new IllegalArgumentException("a row value is blank: the decoder must reject it");
    }
    if (out == null || segmentSize >= segmentBytes) {
      nextSegment();
    }
    if (length + 1 > buffer.length - used) {
      flushBuffer();
    }
    if (length + 1 > buffer.length) {
      // Larger than the buffer: write it through a copy (rare: values bigger than the buffer).
      byte[] line = new byte[length + 1];
      System.arraycopy(value, from, line, 0, length);
      oneLine(line, 0, length);
      line[length] = '\n';
      out.write(line);
    } else {
      System.arraycopy(value, from, buffer, used, length);
      oneLine(buffer, used, used + length);
      used += length;
      buffer[used++] = '\n';
    }
    segmentSize += length + 1;
    longestRow = Math.max(longestRow, length);
  }

  /** The longest row written, in bytes (DuckDB needs a buffer at least this big). */
  int longestRow() {
    return longestRow;
  }

  /** Flushes and closes the current segment; returns all segments in order. */
  List<Path> finish() throws IOException {
    closeSegment();
    return List.copyOf(segments);
  }

  /** How many segments were started so far; the current one is the last. */
  int segmentCount() {
    return segments.size();
  }

  /** Every segment created so far (to delete them). */
  List<Path> segments() {
    return List.copyOf(segments);
  }

  @Override
  public void close() throws IOException {
    closeSegment();
  }

  private void nextSegment() throws IOException {
    closeSegment();
    Path segment = dir.resolve(stem + "." + segments.size() + ".jsonl");
    segments.add(segment);
    out = new FileOutputStream(segment.toFile());
    segmentSize = 0;
  }

  private void closeSegment() throws IOException {
    if (out != null) {
      try {
        flushBuffer();
      } finally {
        out.close();
        out = null;
      }
    }
  }

  private void flushBuffer() throws IOException {
    if (used > 0) {
      out.write(buffer, 0, used);
      used = 0;
    }
  }

  /** Replaces CR and LF in [from, to) with spaces, 8 bytes at a time where none is present. */
  private static void oneLine(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long lf = w ^ LFS;
      long cr = w ^ CRS;
      if (((((lf - ONES) & ~lf) | ((cr - ONES) & ~cr)) & HIGHS) != 0) {
        for (int k = i; k < i + 8; k++) {
          if (b[k] == '\n' || b[k] == '\r') {
            b[k] = ' ';
          }
        }
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        b[i] = ' ';
      }
    }
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
