package io.kafkaload.worker.rejects;

import io.kafkaload.worker.rejects.RejectedFileReader.Rejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The reading half of {@link RejectedTopicPublisher}: a rejected-records file ({@link
 * RejectedFileReader}) as the records the rejected topic gets, one at a time, each an {@link
 * Outgoing} value (the source record, the record to send with the error headers after the original
 * ones, and its serialized size), and the first pass that checks a whole file against the topic's
 * {@link TopicLimit} before anything is sent. Nothing here produces.
 */
public final class OutgoingRecords implements AutoCloseable {

  /** A record to send: {@code source} as read, {@code record} as produced, {@code size} bytes. */
  record Outgoing(Rejected source, ProducerRecord<byte[], byte[]> record, long size) {}

  private final String topic;
  private final RejectedFileReader reader;

  /** Opens {@code file}; its records go to {@code topic}. */
  OutgoingRecords(String topic, Path file) throws IOException {
    this.topic = topic;
    this.reader = new RejectedFileReader(file);
  }

  /** The next record in file order, or null at the end of the file. */
  Outgoing next() throws IOException {
    Rejected r = reader.next();
    if (r == null) {
      return null;
    }
    List<Header> headers = headers(r);
    long size = serializedSizeUpperBound(r.key(), r.value(), headers);
    return new Outgoing(
        r, new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), headers), size);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** First pass: every record of {@code file} parses and fits {@code limit}. Nothing is sent. */
  static void check(String topic, Path file, TopicLimit limit) throws IOException {
    try (RejectedFileReader reader = new RejectedFileReader(file)) {
      Rejected r;
      while ((r = reader.next()) != null) {
        long size = serializedSizeUpperBound(r.key(), r.value(), headers(r));
        if (size > limit.maxMessageBytes()) {
          throw limit.tooLarge(topic, r, size, null);
        }
        if (r.timestamp() != null) {
          String refused = limit.refusedTimestamp(r.timestamp(), System.currentTimeMillis());
          if (refused != null) {
            throw TopicLimit.badTimestamp(topic, r, refused, null);
          }
        }
      }
    }
  }

  /** The original headers in file order, then the five error headers. */
  private static List<Header> headers(Rejected r) {
    List<Header> headers = new ArrayList<>(r.headers().size() + 5);
    headers.addAll(r.headers());
    headers.add(utf8(RejectedTopicPublisher.ERROR_TOPIC, r.topic()));
    headers.add(utf8(RejectedTopicPublisher.ERROR_PARTITION, Integer.toString(r.partition())));
    headers.add(utf8(RejectedTopicPublisher.ERROR_OFFSET, Long.toString(r.offset())));
    headers.add(utf8(RejectedTopicPublisher.ERROR_STAGE, r.stage()));
    headers.add(utf8(RejectedTopicPublisher.ERROR_REASON, r.reason()));
    return headers;
  }

  private static Header utf8(String name, String value) {
    return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The size the producer checks against {@code max.request.size} for one record alone in a batch
   * (record format v2, before compression): the batch header (61 bytes), the record's worst-case
   * varint overhead (21 bytes), then key, value and headers with their length prefixes. Mirrors
   * Kafka's {@code DefaultRecordBatch.estimateBatchSizeUpperBound}, internal since 4.x.
   */
  public static long serializedSizeUpperBound(byte[] key, byte[] value, List<Header> headers) {
    long size = 61 + 21;
    size += bytesSize(key);
    size += bytesSize(value);
    size += varintSize(headers.size());
    for (Header h : headers) {
      int nameLength = h.key().getBytes(StandardCharsets.UTF_8).length;
      size += varintSize(nameLength) + nameLength;
      size += bytesSize(h.value());
    }
    return size;
  }

  private static long bytesSize(byte[] bytes) {
    return bytes == null ? 1 : varintSize(bytes.length) + (long) bytes.length;
  }

  /** Bytes of a zigzag varint, as Kafka writes lengths. */
  private static int varintSize(int value) {
    int v = (value << 1) ^ (value >> 31);
    int bytes = 1;
    while ((v & 0xffffff80) != 0) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }
}
