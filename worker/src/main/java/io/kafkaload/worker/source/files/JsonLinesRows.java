package io.kafkaload.worker.source.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SourceFile file;
  private final byte[] folderPrefix;

  JsonLinesRows(SourceFile file) {
    this.file = file;
    StringBuilder b = new StringBuilder();
    for (SourceFile.FolderColumn c : file.folderColumns()) {
      b.append(io.kafkaload.worker.source.files.Json.quote(c.name())).append(':');
      b.append(c.json()).append(',');
    }
    this.folderPrefix = b.toString().getBytes(StandardCharsets.UTF_8);
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
            handler.row(number, withFolders(line, length));
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

  /** The line as a row, with the folder columns it does not have itself. */
  private byte[] withFolders(byte[] line, int length) throws IOException {
    if (folderPrefix.length == 0) {
      return length == line.length ? line : java.util.Arrays.copyOf(line, length);
    }
    int open = 0;
    while (open < length && (line[open] == ' ' || line[open] == '\t')) {
      open++;
    }
    if (open >= length || line[open] != '{') {
      // not an object: left as it is, for the decoder to reject with its reason
      return java.util.Arrays.copyOf(line, length);
    }
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    boolean mayHave =
        file.folderColumns().stream().anyMatch(c -> text.contains(Json.quote(c.name())));
    if (mayHave) {
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (IOException e) {
        return java.util.Arrays.copyOf(line, length);
      }
      if (node instanceof ObjectNode object) {
        ObjectNode row = JSON.createObjectNode();
        for (SourceFile.FolderColumn c : file.folderColumns()) {
          if (!object.has(c.name())) {
            row.set(c.name(), JSON.readTree(c.json()));
          }
        }
        row.setAll(object);
        return JSON.writeValueAsBytes(row);
      }
    }
    int close = open + 1;
    while (close < length && (line[close] == ' ' || line[close] == '\t')) {
      close++;
    }
    boolean empty = close < length && line[close] == '}';
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + folderPrefix.length);
    out.write(line, 0, open + 1);
    out.write(folderPrefix, 0, empty ? folderPrefix.length - 1 : folderPrefix.length);
    out.write(line, open + 1, length - open - 1);
    return out.toByteArray();
  }
}
