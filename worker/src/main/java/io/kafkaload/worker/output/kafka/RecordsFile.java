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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chunk's rows as the records a Kafka sink sends, written to a scratch file before any
 * transaction begins (so the rows of several chunks are converted in parallel, and only the sends
 * are serialized): each row's value is DuckDB's own JSON rendering of the row ({@code to_json}, the
 * same as the JSON lines files output: column names as keys, decimals and big integers as exact
 * numbers, timestamps as text), or the row in Avro ({@link AvroValues}: the Confluent wire format,
 * read from the result set straight into Avro binary); its key the text of the key column or of the
 * key expression (nested values as JSON), or null; its headers from the headers column ({@link
 * HeadersColumn}), which the value leaves out. A record bigger than the topic accepts, or a row
 * whose Avro value cannot be made, is not written but refused with its reason, by its 0-based row
 * index.
 *
 * <p>The file holds, per record, the key's length (-1: null) and bytes, the value's length and
 * bytes, then the number of headers and each header's name and value (length, -1: null, and bytes),
 * in order.
 */
final class RecordsFile {

  private static final Logger LOG = LoggerFactory.getLogger(RecordsFile.class);

  /** What {@link #write} wrote: {@code records} in the file, {@code refused} left out. */
  record Written(Path file, long records, List<TableTarget.Refused> refused) {}

  private RecordsFile() {}

  /**
   * How a row becomes a record besides its value: the key from the column {@code key} or the SQL
   * expression {@code keyExpression} (or neither: null keys), the headers from the column {@code
   * headers} (or none), as {@code sink.kafka} says.
   */
  record Shape(String key, String keyExpression, String headers) {
    static Shape of(io.kafkaload.worker.config.LoadSpec.KafkaSink sink) {
      return new Shape(sink.key(), sink.keyExpression(), sink.headers());
    }
  }

  /**
   * Writes the records of {@code query}'s rows to {@code file}.
   *
   * @param shape the key and headers of the records
   * @param topic the sink's topic, as reasons name it
   * @param avro the Avro values ({@code format: Avro}), or null for JSON values
   */
  static Written write(
      Connection db,
      String query,
      Shape shape,
      TopicLimit limit,
      String topic,
      Path file,
      AvroValues avro)
      throws SQLException, IOException {
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    columns(db, "SELECT * FROM (" + query + ")", names, types);
    String alias = alias(names);
    String keyExpression = "NULL::VARCHAR";
    if (shape.key() != null) {
      int k = column(names, shape.key());
      if (k < 0) {
        // without a schema a chunk has only the fields its records have: none had this one
        LOG.warn(
            "sink.kafka.key '{}' is not a column of a chunk's rows (columns: {}): its records are"
                + " sent with a null key",
            shape.key(),
            String.join(", ", names));
      } else {
        keyExpression = text(alias + "." + ColumnType.quoteName(names.get(k)), types.get(k));
      }
    } else if (shape.keyExpression() != null) {
      // the newline ends a trailing "--" comment of the expression
      String expression = "(" + shape.keyExpression() + "\n)";
      List<String> keyType = new ArrayList<>();
      columns(
          db,
          "SELECT " + expression + " FROM (" + query + ") AS " + alias,
          new ArrayList<>(),
          keyType);
      keyExpression = text(expression, keyType.get(0));
    }
    // the headers column is not part of the value: the value's columns are the others
    int h = shape.headers() == null ? -1 : column(names, shape.headers());
    String headersExpression = null;
    if (h >= 0) {
      headersExpression =
          HeadersColumn.expression(
              names.get(h), alias + "." + ColumnType.quoteName(names.get(h)), types.get(h));
    } else if (shape.headers() != null) {
      LOG.warn(
          "sink.kafka.headers '{}' is not a column of a chunk's rows (columns: {}): its records are"
              + " sent without headers",
          shape.headers(),
          String.join(", ", names));
    }
    List<String> valueColumns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (i != h) {
        valueColumns.add(alias + "." + ColumnType.quoteName(names.get(i)));
      }
    }
    // JSON: the key, then the row as DuckDB's JSON; Avro: the row's columns, then the key; then
    // the headers
    String records;
    if (avro == null) {
      String row = alias;
      if (h >= 0) {
        StringBuilder struct = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
          if (i != h) {
            struct.append(struct.length() == 0 ? "" : ", ");
            struct
                .append(ColumnType.quoteName(names.get(i)))
                .append(" := ")
                .append(alias)
                .append('.')
                .append(ColumnType.quoteName(names.get(i)));
          }
        }
        row = struct.length() == 0 ? "'{}'::JSON" : "struct_pack(" + struct + ")";
      }
      records = "SELECT " + keyExpression + ", to_json(" + row + ")::VARCHAR";
    } else {
      records =
          "SELECT "
              + (h >= 0 ? String.join(", ", valueColumns) + ", " : alias + ".*, ")
              + keyExpression;
    }
    if (headersExpression != null) {
      records += ", " + headersExpression;
    }
    records += " FROM (" + query + ") AS " + alias;
    int columns = valueColumns.size();
    int keyIndex = avro == null ? 1 : columns + 1;
    int headersIndex = headersExpression == null ? -1 : keyIndex + (avro == null ? 2 : 1);
    List<TableTarget.Refused> refused = new ArrayList<>();
    long written = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, records);
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      AvroValues.ChunkValues values = avro == null ? null : avro.chunk(rs.getMetaData(), columns);
      int row = 0;
      while (rs.next()) {
        String k = rs.getString(keyIndex);
        byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        byte[] value;
        List<Header> headers;
        try {
          headers = headersIndex < 0 ? List.of() : HeadersColumn.read(rs, headersIndex);
          if (values == null) {
            value = rs.getString(2).getBytes(StandardCharsets.UTF_8);
          } else {
            value = values.value(rs, row);
          }
        } catch (AvroValues.Unencodable | HeadersColumn.Refused e) {
          refused.add(new TableTarget.Refused(row++, e.getMessage()));
          continue;
        }
        long size = OutgoingRecords.serializedSizeUpperBound(keyBytes, value, headers);
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
          out.writeInt(headers.size());
          for (Header header : headers) {
            writeBytes(out, header.key().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, header.value());
          }
          written++;
        }
        row++;
      }
    }
    return new Written(file, written, refused);
  }

  /** Reads the records of a file {@link #write} wrote, in order. */
  interface Reader {
    void record(byte[] key, byte[] value, List<Header> headers) throws IOException;
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
        byte[] value = readBytes(in);
        int count = in.readInt();
        List<Header> headers = count == 0 ? List.of() : new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          String name = new String(readBytes(in), StandardCharsets.UTF_8);
          headers.add(new RecordHeader(name, readBytes(in)));
        }
        reader.record(key, value, headers);
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

  /** The names and DuckDB types of the columns of {@code select}, run with LIMIT 0. */
  private static void columns(Connection db, String select, List<String> names, List<String> types)
      throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = LockedDownDuckDb.query(db, st, select + " LIMIT 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        names.add(meta.getColumnName(i));
        types.add(meta.getColumnTypeName(i));
      }
    }
  }

  /** The column of that name, else the one of that name in another case; or -1. */
  private static int column(List<String> names, String key) {
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

  /** The text of {@code expression}: nested values as JSON. */
  private static String text(String expression, String type) {
    return nested(type)
        ? "to_json(" + expression + ")::VARCHAR"
        : "CAST(" + expression + " AS VARCHAR)";
  }

  private static boolean nested(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    return t.startsWith("STRUCT") || t.startsWith("MAP") || t.endsWith("]") || t.equals("JSON");
  }
}
