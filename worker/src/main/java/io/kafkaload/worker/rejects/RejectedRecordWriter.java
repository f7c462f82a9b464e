package io.kafkaload.worker.rejects;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes rejected records as JSON lines, one object per record, keeping everything needed to replay
 * it: {@code topic, partition, offset, timestamp} (epoch milliseconds, null when the record has
 * none), {@code key} and {@code value} (base64 of the original bytes, null when absent), {@code
 * headers} (name to base64 of the value, null for a null value; a name that occurs more than once
 * maps to an array of them, in order), {@code stage} and {@code reason}.
 */
public final class RejectedRecordWriter implements Closeable {

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final JsonGenerator json;

  public RejectedRecordWriter(Path file) throws IOException {
    this(file, false);
  }

  /** With {@code append}, adds to the records the file already holds. */
  public RejectedRecordWriter(Path file, boolean append) throws IOException {
    this.file = file;
    this.json =
        JSON.createGenerator(
            new BufferedOutputStream(new FileOutputStream(file.toFile(), append), 64 * 1024),
            JsonEncoding.UTF8);
    this.json.setRootValueSeparator(null);
  }

  public Path file() {
    return file;
  }

  public void write(ConsumerRecord<byte[], byte[]> record, String stage, String reason)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("topic", record.topic());
    json.writeNumberField("partition", record.partition());
    json.writeNumberField("offset", record.offset());
    if (record.timestamp() >= 0) {
      json.writeNumberField("timestamp", record.timestamp());
    } else {
      json.writeNullField("timestamp");
    }
    binaryField("key", record.key());
    binaryField("value", record.value());
    json.writeObjectFieldStart("headers");
    for (Map.Entry<String, List<byte[]>> header : headers(record).entrySet()) {
      json.writeFieldName(header.getKey());
      List<byte[]> values = header.getValue();
      if (values.size() == 1) {
        binary(values.get(0));
      } else {
        json.writeStartArray();
        for (byte[] v : values) {
          binary(v);
        }
        json.writeEndArray();
      }
    }
    json.writeEndObject();
    json.writeStringField("stage", stage);
    json.writeStringField("reason", reason);
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private static Map<String, List<byte[]>> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, List<byte[]>> headers = new LinkedHashMap<>();
    if (record.headers() != null) {
      for (Header h : record.headers()) {
        headers.computeIfAbsent(h.key(), k -> new ArrayList<>(1)).add(h.value());
      }
    }
    return headers;
  }

  private void binaryField(String name, byte[] bytes) throws IOException {
    json.writeFieldName(name);
    binary(bytes);
  }

  private void binary(byte[] bytes) throws IOException {
    if (bytes == null) {
      json.writeNull();
    } else {
      json.writeBinary(bytes); // standard base64 with padding, no line breaks
    }
  }

  /** Flushes and closes the file (the caller fsyncs it before the rename). */
  @Override
  public void close() throws IOException {
    json.close();
  }
}
