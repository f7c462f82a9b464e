package io.kafkaload.worker.rejects;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Writes rejected-records files with the worker's real {@link RejectedRecordWriter}, so these tests
 * read exactly the format the worker writes and break if it changes.
 */
final class RejectedFiles implements Closeable {

  private final RejectedRecordWriter writer;

  RejectedFiles(Path file) throws IOException {
    writer = new RejectedRecordWriter(file);
  }

  /** A source record; {@code timestamp} null for none (-1, as the consumer reports it). */
  static ConsumerRecord<byte[], byte[]> source(
      String topic,
      int partition,
      long offset,
      Long timestamp,
      byte[] key,
      byte[] value,
      Header... headers) {
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        timestamp == null ? ConsumerRecord.NO_TIMESTAMP : timestamp,
        timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(headers),
        Optional.empty());
  }

  void write(ConsumerRecord<byte[], byte[]> record, String stage, String reason)
      throws IOException {
    writer.write(record, stage, reason);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
