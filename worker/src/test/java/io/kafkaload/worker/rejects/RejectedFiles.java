package io.kafkaload.worker.rejects;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Writes rejected-records files with the files sink's real {@code RejectedRecordWriter} (package
 * -private in {@code io.kafkaload.worker.sink}, reached by reflection), so these tests read exactly
 * the format the worker writes and break if it changes.
 */
final class RejectedFiles implements Closeable {

  private static final Constructor<?> NEW;
  private static final Method WRITE;
  private static final Method CLOSE;

  static {
    try {
      Class<?> writer = Class.forName("io.kafkaload.worker.sink.RejectedRecordWriter");
      NEW = writer.getDeclaredConstructor(Path.class);
      NEW.setAccessible(true);
      WRITE = writer.getDeclaredMethod("write", ConsumerRecord.class, String.class, String.class);
      WRITE.setAccessible(true);
      CLOSE = writer.getDeclaredMethod("close");
      CLOSE.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object writer;

  RejectedFiles(Path file) throws IOException {
    writer = call(() -> NEW.newInstance(file));
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
    call(() -> WRITE.invoke(writer, record, stage, reason));
  }

  @Override
  public void close() throws IOException {
    call(() -> CLOSE.invoke(writer));
  }

  private interface Reflective {
    Object run() throws ReflectiveOperationException;
  }

  private static Object call(Reflective call) throws IOException {
    try {
      return call.run();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
