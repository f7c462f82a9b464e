package io.kafkaload.worker.output.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check that a row's {@code partitionBy} values can become folder names: escaped as DuckDB does
 * ({@link HiveFolders}), {@code <column>=<value>} must fit the file system's limit of {@value
 * HiveFolders#MAX_NAME_BYTES} bytes per name. Without it, one long value (a few hundred ASCII
 * characters, or 85 multi-byte ones, which take 3 bytes each after escaping) failed its chunk, and
 * so every re-run, for good. Run on the consumer thread over the row as it will be written, for the
 * partition columns that are the row's own members (not computed by a script or by the load's SQL,
 * whose values only exist after it ran). Reasons name the column, never the value. Thread-safe.
 */
public final class PartitionValues {

  private static final JsonFactory JSON = io.kafkaload.worker.decode.RowJson.FACTORY;

  private final Map<String, String> columns = new HashMap<>(); // lower-case -> as configured

  private PartitionValues(List<String> partitionBy) {
    for (String c : partitionBy) {
      columns.put(c.toLowerCase(Locale.ROOT), c);
    }
  }

  /** The check of {@code partitionBy}'s columns; null when there is none to check. */
  public static PartitionValues of(List<String> partitionBy) {
    return partitionBy.isEmpty() ? null : new PartitionValues(partitionBy);
  }

  /** Null when every partition value of {@code row} (a JSON object) fits, else the reason. */
  public String check(byte[] row) {
    try (JsonParser p = JSON.createParser(row)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String column = columns.get(p.currentName().toLowerCase(Locale.ROOT));
        JsonToken t = p.nextToken();
        if (column == null) {
          p.skipChildren();
          continue;
        }
        long bytes;
        if (t == JsonToken.VALUE_STRING) {
          bytes = HiveFolders.folderBytes(column, p.getText());
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          // DuckDB prints a nested value about as long as its JSON text: count that, escaped
          int from = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int to = (int) p.currentLocation().getByteOffset();
          bytes =
              HiveFolders.folderBytes(
                  column,
                  new String(row, from, to - from, java.nio.charset.StandardCharsets.UTF_8));
        } else {
          continue; // numbers, booleans and null print short
        }
        if (bytes > HiveFolders.MAX_NAME_BYTES) {
          return "partitionBy column "
              + column
              + ": the value makes a folder name of "
              + bytes
              + " bytes after escaping, more than the "
              + HiveFolders.MAX_NAME_BYTES
              + " a file system takes (every byte but A-Z a-z 0-9 - . _ ~ takes 3)";
        }
      }
      return null;
    } catch (IOException e) {
      return null; // the decoder accepted the row: not expected; DuckDB judges it then
    }
  }
}
