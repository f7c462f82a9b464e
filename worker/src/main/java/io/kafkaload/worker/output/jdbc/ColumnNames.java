package io.kafkaload.worker.output.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The check that a row's top-level member names can be PostgreSQL column names, for a table whose
 * columns come from the rows (no schema, or {@code unknownFields: Keep}; no SQL): at most {@value
 * TableName#MAX_IDENTIFIER_BYTES} bytes of UTF-8. Without it, one record with a longer name failed
 * its run, and every re-run, for good, with the name (a producer's data) in the message. Run on the
 * consumer thread over the row as it will be written; the reason names the byte position, never the
 * name. Nested names are kept inside jsonb and have no limit. Thread-safe.
 */
public final class ColumnNames {

  private static final JsonFactory JSON = io.kafkaload.worker.decode.RowJson.FACTORY;

  /** Null when every top-level name of {@code row} (a JSON object) fits, else the reason. */
  public String check(byte[] row) {
    try (JsonParser p = JSON.createParser(row)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        // at most 4 bytes per char: only a long name needs counting
        if (name.length() * 4 > TableName.MAX_IDENTIFIER_BYTES
            && name.getBytes(StandardCharsets.UTF_8).length > TableName.MAX_IDENTIFIER_BYTES) {
          return "member name at byte "
              + p.currentTokenLocation().getByteOffset()
              + " is longer than the "
              + TableName.MAX_IDENTIFIER_BYTES
              + " bytes of a PostgreSQL column name (it would be truncated); shorten it, or name"
              + " the fields to load in spec.schema";
        }
        p.nextToken();
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null; // the decoder accepted the row: not expected; the table sink judges it then
    }
  }
}
