package io.kafkaload.worker.source.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Adds a file's folder columns ({@code key=value} folders) in front of the members of each of its
 * rows that is a JSON object, unless the row has a member of that name already (its own value
 * wins); a row that is not an object is left as it is, for the decoder to reject with its reason.
 */
final class FolderColumns {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SourceFile file;
  private final byte[] folderPrefix;

  FolderColumns(SourceFile file) {
    this.file = file;
    StringBuilder b = new StringBuilder();
    for (SourceFile.FolderColumn c : file.folderColumns()) {
      b.append(Json.quote(c.name())).append(':').append(c.json()).append(',');
    }
    this.folderPrefix = b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The row with the folder columns it does not have itself (a copy of {@code length} bytes). */
  byte[] add(byte[] line, int length) throws IOException {
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
