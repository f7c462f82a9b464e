package io.kafkaload.worker.rejects;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Keeps the original records of a chunk's accepted rows (offset, timestamp, key, value, headers) in
 * a compact binary scratch file, for when the user's SQL fails at runtime on the chunk and its rows
 * must be rejected as they came (stage transform). Written only for loads that run SQL; a plain
 * copy of bytes per record, much cheaper than the rejected-records format.
 */
public final class OriginalsSpool implements Closeable {

  private final Path file;
  private final DataOutputStream out;
  private long count;

  public OriginalsSpool(Path file) throws IOException {
    this.file = file;
    this.out =
        new DataOutputStream(
            new BufferedOutputStream(new FileOutputStream(file.toFile()), 64 * 1024));
  }

  public Path file() {
    return file;
  }

  long count() {
    return count;
  }

  public void write(ConsumerRecord<byte[], byte[]> record) throws IOException {
    out.writeLong(record.offset());
    out.writeLong(record.timestamp());
    bytes(record.key());
    bytes(record.value());
    int headers = 0;
    if (record.headers() != null) {
      for (Header ignored : record.headers()) {
        headers++;
      }
    }
    out.writeInt(headers);
    if (headers > 0) {
      for (Header h : record.headers()) {
        bytes(h.key().getBytes(StandardCharsets.UTF_8));
        bytes(h.value());
      }
    }
    count++;
  }

  private void bytes(byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Reads the records of a closed spool back, in order. */
  interface Visitor {
    void record(ConsumerRecord<byte[], byte[]> record) throws IOException;
  }

  static void read(Path file, String topic, int partition, Visitor visitor) throws IOException {
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(new FileInputStream(file.toFile()), 64 * 1024))) {
      while (true) {
        long offset;
        try {
          offset = in.readLong();
        } catch (EOFException end) {
          return;
        }
        long timestamp = in.readLong();
        byte[] key = bytes(in);
        byte[] value = bytes(in);
        int n = in.readInt();
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < n; i++) {
          byte[] name = bytes(in);
          headers.add(new String(name, StandardCharsets.UTF_8), bytes(in));
        }
        visitor.record(
            new ConsumerRecord<>(
                topic,
                partition,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                headers,
                Optional.empty()));
      }
    }
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return in.readNBytes(n);
  }
}
