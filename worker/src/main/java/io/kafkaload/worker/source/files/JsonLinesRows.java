package io.kafkaload.worker.source.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A JSON lines file (plain or {@code .gz}): each line that is not blank is a row, passed on byte
 * for byte (values stay exact: no parsing and rendering again; the load's decoder and schema judge
 * them, and a line that is not a JSON object is rejected with its reason like any record). Lines
 * end at {@code \n}; a {@code \r} before it is dropped. Folder columns are added in front of each
 * object's members, unless the object has a member of that name already (its own value wins).
 */
final class JsonLinesRows implements FileRows {

  private final SourceFile file;
  private final FolderColumns folders;

  JsonLinesRows(SourceFile file) {
    this.file = file;
    this.folders = new FolderColumns(file);
  }

  @Override
  public long count() throws IOException {
    long[] rows = {0};
    lines(Long.MAX_VALUE, (number, line, length) -> rows[0]++);
    return rows[0];
  }

  @Override
  public void read(long from, long to, RowHandler handler) throws IOException {
    lines(
        to,
        (number, line, length) -> {
          if (number >= from) {
            handler.row(number, folders.add(line, length));
          }
        });
  }

  private interface LineHandler {
    void line(long number, byte[] line, int length) throws IOException;
  }

  /** Walks the non-blank lines, numbering them, until {@code to} lines were handed over. */
  private void lines(long to, LineHandler handler) throws IOException {
    try (InputStream in = open()) {
      byte[] buffer = new byte[1 << 16];
      ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
      boolean blank = true;
      long number = 0;
      int n;
      while (number < to && (n = in.read(buffer)) > 0) {
        int start = 0;
        for (int i = 0; i < n && number < to; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            line.write(buffer, start, i - start);
            start = i + 1;
            if (!blank) {
              byte[] bytes = line.toByteArray();
              int length = bytes.length;
              if (length > 0 && bytes[length - 1] == '\r') {
                length--;
              }
              handler.line(number++, bytes, length);
            }
            line.reset();
            blank = true;
          } else if (blank && b != ' ' && b != '\t' && b != '\r') {
            blank = false;
          }
        }
        if (number < to) {
          line.write(buffer, start, n - start);
        }
      }
      if (number < to && !blank) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
          length--;
        }
        handler.line(number, bytes, length);
      }
    }
  }

  private InputStream open() throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16);
    String name = file.relative().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    if (name.endsWith(".zst")) {
      in.close();
      throw new IOException(
          "source file "
              + file.relative()
              + ": Zstandard-compressed JSON lines are not read yet; decompress it or use .gz");
    }
    return in;
  }
}
