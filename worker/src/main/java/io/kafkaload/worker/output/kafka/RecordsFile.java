package io.kafkaload.worker.output.kafka;

import io.kafkaload.worker.output.table.TableTarget;
import io.kafkaload.worker.rejects.OutgoingRecords;
import io.kafkaload.worker.rejects.TopicLimit;
import io.kafkaload.worker.transform.ColumnType;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chunk's rows as the records a Kafka sink sends, written to a scratch file before any
 * transaction begins (so the rows of several chunks are converted in parallel, and only the sends
 * are serialized): each row's value is DuckDB's own JSON rendering of the row ({@code to_json}, the
 * same as the JSON lines files output: column names as keys, decimals and big integers as exact
 * numbers, timestamps as text), or the row in Avro ({@link AvroValues}: the Confluent wire format,
 * read from the result set straight into Avro binary); its key the text of the key column (nested
 * values as JSON), or null. A record bigger than the topic accepts, or a row whose Avro value
 * cannot be made, is not written but refused with its reason, by its 0-based row index.
 *
 * <p>The file holds, per record, the key's length (-1: null) and bytes, then the value's length and
 * bytes.
 */
final class RecordsFile {

  private static final Logger LOG = LoggerFactory.getLogger(RecordsFile.class);

  /** What {@link #write} wrote: {@code records} in the file, {@code refused} left out. */
  record Written(Path file, long records, List<TableTarget.Refused> refused) {}

  private RecordsFile() {}

  /**
   * Writes the records of {@code query}'s rows to {@code file}.
   *
   * @param key the key column ({@code sink.kafka.key}), or null for null keys
   * @param topic the sink's topic, as reasons name it
   * @param avro the Avro values ({@code format: Avro}), or null for JSON values
   */
  static Written write(
      Connection db,
      String query,
      String key,
      TopicLimit limit,
      String topic,
      Path file,
      AvroValues avro)
      throws SQLException, IOException {
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    columns(db, query, names, types);
    String alias = alias(names);
    String keyExpression = "NULL::VARCHAR";
    if (key != null) {
      int k = keyColumn(names, key);
      if (k < 0) {
        // without a schema a chunk has only the fields its records have: none had this one
        LOG.warn(
            "sink.kafka.key '{}' is not a column of a chunk's rows (columns: {}): its records are"
                + " sent with a null key",
            key,
            String.join(", ", names));
      } else {
        String column = alias + "." + ColumnType.quoteName(names.get(k));
        keyExpression =
            nested(types.get(k))
                ? "to_json(" + column + ")::VARCHAR"
                : "CAST(" + column + " AS VARCHAR)";
      }
    }
    // JSON: the key, then the row as DuckDB's JSON; Avro: the row's columns, then the key
    String records =
        avro == null
            ? "SELECT " + keyExpression + ", to_json(" + alias + ")::VARCHAR"
            : "SELECT " + alias + ".*, " + keyExpression;
    records += " FROM (" + query + ") AS " + alias;
    int columns = names.size();
    List<TableTarget.Refused> refused = new ArrayList<>();
    long written = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, records);
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      AvroValues.ChunkValues values = avro == null ? null : avro.chunk(rs.getMetaData(), columns);
      int row = 0;
      while (rs.next()) {
        String k = rs.getString(avro == null ? 1 : columns + 1);
        byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        byte[] value;
        if (values == null) {
          value = rs.getString(2).getBytes(StandardCharsets.UTF_8);
        } else {
          try {
            value = values.value(rs, row);
          } catch (AvroValues.Unencodable e) {
            refused.add(new TableTarget.Refused(row++, e.getMessage()));
            continue;
          }
        }
        long size = OutgoingRecords.serializedSizeUpperBound(keyBytes, value, List.of());
        if (size > limit.maxMessageBytes()) {
          refused.add(
              new TableTarget.Refused(
                  row,
                  "the record is "
                      + size
                      + " bytes, more than sink.kafka.topic "
                      + topic
                      + " accepts ("
                      + limit.describe()
                      + ")"));
        } else {
          writeBytes(out, keyBytes);
          writeBytes(out, value);
          written++;
        }
        row++;
      }
    }
    return new Written(file, written, refused);
  }

  /** Reads the records of a file {@link #write} wrote, in order. */
  interface Reader {
    void record(byte[] key, byte[] value) throws IOException;
  }

  static void read(Path file, Reader reader) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      while (true) {
        byte[] key;
        try {
          key = readBytes(in);
        } catch (EOFException end) {
          return;
        }
        reader.record(key, readBytes(in));
      }
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private static void columns(Connection db, String query, List<String> names, List<String> types)
      throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, "SELECT * FROM (" + query + ") LIMIT 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        names.add(meta.getColumnName(i));
        types.add(meta.getColumnTypeName(i));
      }
    }
  }

  /** The key column: the one of that name, else the one of that name in another case; or -1. */
  private static int keyColumn(List<String> names, String key) {
    int index = names.indexOf(key);
    if (index >= 0) {
      return index;
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(key)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A name for the row that is none of its columns' (DuckDB would take a column of that name for
   * the row: a producer's field name must not change how the other rows are rendered).
   */
  private static String alias(List<String> names) {
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (String n : names) {
      taken.add(n.toLowerCase(Locale.ROOT));
    }
    String alias = "kafkaload_row";
    for (int i = 1; taken.contains(alias); i++) {
      alias = "kafkaload_row_" + i;
    }
    return alias;
  }

  private static boolean nested(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    return t.startsWith("STRUCT") || t.startsWith("MAP") || t.endsWith("]") || t.equals("JSON");
  }
}
