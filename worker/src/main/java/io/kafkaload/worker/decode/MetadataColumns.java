package io.kafkaload.worker.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Adds the Kafka metadata columns a load asks for ({@code source.kafka.metadataColumns}) to each
 * row, after the row's own members: {@code _topic} (text), {@code _partition} (int), {@code
 * _offset} (bigint), {@code _timestamp} (epoch milliseconds as spooled; the sink reads it as a
 * TIMESTAMP WITH TIME ZONE; null when the record has none), {@code _key} (text when valid UTF-8,
 * else base64; null when absent) and {@code _headers} (a list of {@code {key, value}}, in order,
 * repeated names kept, values as text when valid UTF-8 else base64, null values null). Runs on the
 * consumer thread for every record: one reused buffer, one array per row. Not thread-safe.
 */
public final class MetadataColumns {

  public static final List<String> ALL =
      List.of("_topic", "_partition", "_offset", "_timestamp", "_key", "_headers");

  private static final Set<String> NAMES = Set.copyOf(ALL);

  private final List<String> columns;
  private final JsonOut out = new JsonOut();
  private final boolean wantsTimestamp;

  public MetadataColumns(List<String> columns) {
    for (String c : columns) {
      if (!NAMES.contains(c)) {
        throw new IllegalArgumentException("unknown metadata column " + c + "; use one of " + ALL);
      }
    }
    this.columns = List.copyOf(columns);
    this.wantsTimestamp = columns.contains("_timestamp");
  }

  /** The DuckDB type a column is read with from the spooled rows. */
  public static String spooledType(String column) {
    return switch (column) {
      case "_topic", "_key" -> "VARCHAR";
      case "_partition" -> "INTEGER";
      case "_offset", "_timestamp" -> "BIGINT";
      case "_headers" -> "STRUCT(\"key\" VARCHAR, \"value\" VARCHAR)[]";
      default -> throw new IllegalArgumentException("unknown metadata column " + column);
    };
  }

  /** The expression that turns the spooled column into its final type ({@code "_timestamp"}). */
  public static String finalExpression(String column) {
    return column.equals("_timestamp")
        ? "CAST(epoch_ms(\"_timestamp\") AS TIMESTAMP WITH TIME ZONE)"
        : "\"" + column + "\"";
  }

  /** The columns asked for, in order. */
  public List<String> columns() {
    return columns;
  }

  /** The latest Kafka timestamp (epoch ms) a TIMESTAMP WITH TIME ZONE holds: 294247-01-10. */
  public static final long MAX_TIMESTAMP_MS = Long.MAX_VALUE / 1000;

  /**
   * Null when the record's metadata fits the columns asked for, else the reason to reject it: a
   * Kafka timestamp ({@code _timestamp}) that no timestamp column holds, DuckDB's, Parquet's,
   * Avro's and Iceberg's being microseconds in 64 bits (up to {@value #MAX_TIMESTAMP_MS} ms), or a
   * negative one other than -1 (none), which no Kafka producer can set.
   */
  public String check(ConsumerRecord<byte[], byte[]> record) {
    if (!wantsTimestamp) {
      return null;
    }
    long ts = record.timestamp();
    if (ts > MAX_TIMESTAMP_MS) {
      return "Kafka timestamp "
          + ts
          + " ms is after 294247-01-10, the latest a timestamp column holds (microseconds in 64"
          + " bits); _timestamp cannot hold it";
    }
    if (ts < -1) {
      return "Kafka timestamp "
          + ts
          + " is negative (Kafka producers set 0 or more, -1 for none); _timestamp cannot hold it";
    }
    return null;
  }

  public boolean isEmpty() {
    return columns.isEmpty();
  }

  /**
   * {@code row} (one JSON object) with the metadata of {@code record} added as its last members.
   * The row may end with whitespace; returns {@code row} itself when no column is asked for.
   */
  public byte[] add(byte[] row, ConsumerRecord<byte[], byte[]> record) {
    if (columns.isEmpty()) {
      return row;
    }
    int close = row.length - 1;
    while (close > 0 && row[close] != '}') {
      close--;
    }
    int open = 0;
    while (open < close && row[open] != '{') {
      open++;
    }
    boolean empty = true;
    for (int i = open + 1; i < close; i++) {
      byte b = row[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        empty = false;
        break;
      }
    }
    out.reset();
    out.ensure(close + 64);
    for (int i = 0; i < close; i++) {
      out.raw(row[i]);
    }
    boolean first = empty;
    for (String column : columns) {
      if (!first) {
        out.raw((byte) ',');
      }
      first = false;
      out.raw((byte) '"');
      out.ascii(column);
      out.ascii("\":");
      switch (column) {
        case "_topic" -> text(record.topic().getBytes(StandardCharsets.UTF_8));
        case "_partition" -> out.number(record.partition());
        case "_offset" -> out.number(record.offset());
        case "_timestamp" -> {
          if (record.timestamp() >= 0) {
            out.number(record.timestamp());
          } else {
            out.ascii("null");
          }
        }
        case "_key" -> text(record.key());
        case "_headers" -> headers(record);
        default -> throw new IllegalStateException(column);
      }
    }
    out.raw((byte) '}');
    return out.toRow();
  }

  private void headers(ConsumerRecord<byte[], byte[]> record) {
    out.raw((byte) '[');
    boolean first = true;
    if (record.headers() != null) {
      for (Header h : record.headers()) {
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        out.ascii("{\"key\":");
        text(h.key().getBytes(StandardCharsets.UTF_8));
        out.ascii(",\"value\":");
        text(h.value());
        out.raw((byte) '}');
      }
    }
    out.raw((byte) ']');
  }

  /** A JSON string of the bytes as UTF-8 text, or of their base64 when not valid UTF-8. */
  private void text(byte[] bytes) {
    if (bytes == null) {
      out.ascii("null");
      return;
    }
    int mark = out.length();
    if (out.string(bytes, 0, bytes.length) >= 0) {
      out.truncate(mark);
      out.base64(bytes, 0, bytes.length); // quoted
    }
  }
}
