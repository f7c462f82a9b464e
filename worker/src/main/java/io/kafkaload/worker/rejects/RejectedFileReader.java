package io.kafkaload.worker.rejects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Streams the records of one rejected-records file (JSON lines as written by the files sink's
 * {@code RejectedRecordWriter}), one at a time: only the current record is in memory.
 *
 * <p>Fields: {@code topic}, {@code partition}, {@code offset} (required), {@code timestamp} (epoch
 * ms or null), {@code key} and {@code value} (base64 or null), {@code headers} (an object: name to
 * base64 or null, or to an array of them for a name that occurs more than once), {@code stage} and
 * {@code reason}. Unknown fields are skipped, so a newer writer can add some.
 */
final class RejectedFileReader implements Closeable {

  /**
   * Key, value and header values are decoded from base64 straight off the stream ({@code
   * getBinaryValue} on a token not yet read), which Jackson's string limits do not cover today; the
   * limits (20M characters per string, 50,000 per name) are lifted anyway, so a Jackson change
   * cannot refuse a legitimate record (a 16 MiB value is about 22M characters). The file is our own
   * output; memory stays one record.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .build();

  /** One rejected record, with its position in the file (1-based) for error messages. */
  record Rejected(
      long number,
      String topic,
      int partition,
      long offset,
      Long timestamp,
      byte[] key,
      byte[] value,
      List<Header> headers,
      String stage,
      String reason) {

    /** {@code topic/partition@offset} of the source record. */
    String source() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  private final Path file;
  private final JsonParser json;
  private long count;

  RejectedFileReader(Path file) throws IOException {
    this.file = file;
    this.json = JSON.createParser(Files.newInputStream(file));
  }

  /** The next record, or null at the end of the file. */
  Rejected next() throws IOException {
    JsonToken token;
    try {
      token = json.nextToken();
    } catch (JsonProcessingException e) {
      throw malformed(count + 1, e.getOriginalMessage());
    }
    if (token == null) {
      return null;
    }
    long number = ++count;
    if (token != JsonToken.START_OBJECT) {
      throw malformed(number, "expected a JSON object, found " + token);
    }
    try {
      return read(number);
    } catch (JsonProcessingException e) {
      throw malformed(number, e.getOriginalMessage());
    }
  }

  private Rejected read(long number) throws IOException {
    String topic = null;
    Integer partition = null;
    Long offset = null;
    Long timestamp = null;
    byte[] key = null;
    byte[] value = null;
    List<Header> headers = List.of();
    String stage = null;
    String reason = null;
    JsonToken next;
    while ((next = json.nextToken()) == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken token = json.nextToken();
      switch (field) {
        case "topic" -> topic = text(number, field, token);
        case "partition" -> partition = (int) number(number, field, token);
        case "offset" -> offset = number(number, field, token);
        case "timestamp" ->
            timestamp = token == JsonToken.VALUE_NULL ? null : number(number, field, token);
        case "key" -> key = binary(number, field, token);
        case "value" -> value = binary(number, field, token);
        case "headers" -> headers = headers(number, token);
        case "stage" -> stage = text(number, field, token);
        case "reason" -> reason = text(number, field, token);
        default -> json.skipChildren();
      }
    }
    if (next != JsonToken.END_OBJECT) {
      throw malformed(number, "the record is truncated");
    }
    if (topic == null || partition == null || offset == null) {
      throw malformed(number, "topic, partition and offset are required");
    }
    if (timestamp != null && timestamp < 0) {
      throw malformed(number, "timestamp " + timestamp + " is negative (none is written as null)");
    }
    return new Rejected(
        number, topic, partition, offset, timestamp, key, value, headers, stage, reason);
  }

  private String text(long number, String field, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw malformed(number, field + " is not a string");
    }
    return json.getText();
  }

  private long number(long number, String field, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw malformed(number, field + " is not an integer");
    }
    long v = json.getLongValue();
    if (field.equals("partition") && (v < 0 || v > Integer.MAX_VALUE)) {
      throw malformed(number, "partition " + v + " is out of range");
    }
    return v;
  }

  private byte[] binary(long number, String field, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw malformed(number, field + " is not a base64 string");
    }
    return json.getBinaryValue();
  }

  /** Headers in file order; an array value becomes one header per element, in order. */
  private List<Header> headers(long number, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (token != JsonToken.START_OBJECT) {
      throw malformed(number, "headers is not an object");
    }
    List<Header> headers = new ArrayList<>();
    JsonToken next;
    while ((next = json.nextToken()) == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken v = json.nextToken();
      if (v == JsonToken.START_ARRAY) {
        JsonToken element;
        while ((element = json.nextToken()) != JsonToken.END_ARRAY) {
          if (element == null) {
            throw malformed(number, "the record is truncated");
          }
          headers.add(new RecordHeader(name, binary(number, "header " + name, element)));
        }
      } else {
        headers.add(new RecordHeader(name, binary(number, "header " + name, v)));
      }
    }
    if (next != JsonToken.END_OBJECT) {
      throw malformed(number, "the record is truncated");
    }
    return headers;
  }

  private IOException malformed(long number, String problem) {
    return new IOException(
        "rejected-records file " + file + ", record #" + number + ": " + problem);
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
