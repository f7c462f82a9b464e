package io.kafkaload.worker.rejects;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.rejects.RejectedFileReader.Rejected;
import io.kafkaload.worker.source.kafka.KafkaClients;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends rejected records to {@code spec.rejected.topic}, the alternative to renaming the chunk's
 * rejected-records file into {@code _rejected/} (docs/worker-config.md, "Validation, transform and
 * rejects"; RELIABILITY.md R2, R3, B7).
 *
 * <p><b>Opening.</b> The constructor checks with an Admin client that the topic exists (else "
 * rejected.topic X does not exist on the cluster; ..."), reads its {@code max.message.bytes} and
 * {@code message.timestamp.type}, and opens one idempotent producer ({@code acks=all}, {@code
 * enable.idempotence=true}, at most 5 requests in flight, lz4, {@code linger.ms=5}) with {@code
 * max.request.size} raised to the topic's limit when that is above the producer's default. A topic
 * with {@code message.timestamp.type=LogAppendTime} is refused: the broker would overwrite every
 * original timestamp, which R3 forbids. When the worker may not describe the topic's configs, it
 * warns and assumes the broker default limit (1048588 bytes); the broker still refuses anything
 * larger, and that refusal is reported as below.
 *
 * <p><b>Publishing a file.</b> {@link #publish(Path)} streams the file twice, one record in memory
 * at a time. The first pass parses every record and checks its size, so a file that can never be
 * published in full (a malformed record, a record too big for the topic) publishes nothing and does
 * not add a copy of its first records to the topic at every retry. The second pass produces the
 * records in file order, each with:
 *
 * <ul>
 *   <li>the original key and value bytes (null stays null);
 *   <li>the original timestamp as the record's CreateTime. A null timestamp (the source record had
 *       none, -1) cannot be reproduced: the Kafka producer has no way to send a record without a
 *       timestamp, so such a record gets the producer's clock at the send, as any new record does.
 *       The topic must accept the original timestamps: a timestamp outside its window ({@code
 *       message.timestamp.before.max.ms}, {@code message.timestamp.after.max.ms}, by default 1 h
 *       ahead of the broker's clock since Kafka 4.0) fails the file with "rejected record t/p@o has
 *       timestamp T (...), which rejected.topic X refuses (...); raise that setting on the topic or
 *       remove spec.rejected.topic" rather than being re-stamped;
 *   <li>the original headers, in the file's order, a repeated name once per value and in order, a
 *       null value kept null. The file format groups the values of one name together, so headers
 *       whose names were interleaved in the source ({@code a, b, a}) come out grouped ({@code a, a,
 *       b}); the order of the values of each name is kept;
 *   <li>then the UTF-8 headers {@value #ERROR_TOPIC}, {@value #ERROR_PARTITION}, {@value
 *       #ERROR_OFFSET} (decimal text), {@value #ERROR_STAGE} and {@value #ERROR_REASON}, after the
 *       original headers (a source record that already carried some, say a replayed reject, keeps
 *       them; read the last value of each name).
 * </ul>
 *
 * <p>The partition is the producer's choice: by key hash (so records with one key stay in order)
 * or, for a null key, the default sticky partitioner. The source partition is not reused, since the
 * rejected topic may have any number of partitions. Within a partition the produced order is the
 * file's order (idempotent producer, so retries neither reorder nor duplicate).
 *
 * <p><b>Acknowledgement.</b> {@code publish} returns the number of records produced only after
 * every one of them is acknowledged by all in-sync replicas; the caller may then commit its
 * positions (R2). Any failure throws an {@link IOException} naming the source record ({@code
 * topic/partition@offset}) and the cause. A failure during the second pass (broker down longer than
 * {@code delivery.timeout.ms}, authorization, a size refused by the broker) may leave the records
 * before it in the topic: a retry of the file sends them again (at-least-once, never loss).
 *
 * <p><b>Size (B7).</b> A record whose serialized size (the producer's own upper bound: key, value,
 * headers with the error headers, record and batch overhead, before compression) is over the
 * topic's {@code max.message.bytes} fails the whole file with "rejected record t/p@o is N bytes,
 * more than rejected.topic X accepts (max.message.bytes=M); raise it or remove
 * spec.rejected.topic". A {@code RecordTooLargeException} from the producer or the broker (e.g. the
 * limit was lowered after the publisher opened) is reported the same way with the limit read again.
 * Nothing is dropped silently.
 *
 * <p><b>Memory.</b> The producer's buffer ({@code buffer.memory}, 32 MiB or twice the topic limit
 * if larger) bounds what all threads have in flight together; each {@code publish} call also waits
 * for its sends' acknowledgements every 5,000 records or 8 MiB, so it holds at most that many
 * futures. A single record is held in memory once decoded (plus Jackson's buffer for the line).
 *
 * <p><b>Parts.</b> {@link OutgoingRecords} reads a file into the records to send (the first pass
 * and the headers and sizes above), {@link TopicLimit} is what the topic accepts (read with an
 * Admin client at the opening); this class produces and waits for the acknowledgements.
 *
 * <p><b>Threads.</b> Thread-safe: several writer threads may call {@code publish} at once; they
 * share the producer. {@link #close()} waits up to 30 s for sends still in flight; publishing after
 * it fails.
 */
public final class RejectedTopicPublisher implements RejectedDestination {

  /** Header: the source record's topic. */
  public static final String ERROR_TOPIC = "kafkaload.error.topic";

  /** Header: the source record's partition, as decimal text. */
  public static final String ERROR_PARTITION = "kafkaload.error.partition";

  /** Header: the source record's offset, as decimal text. */
  public static final String ERROR_OFFSET = "kafkaload.error.offset";

  /** Header: the stage that rejected the record: decode, validate, transform or write. */
  public static final String ERROR_STAGE = "kafkaload.error.stage";

  /** Header: why the record was rejected. */
  public static final String ERROR_REASON = "kafkaload.error.reason";

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final int PRODUCER_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
  private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
  private static final int MAX_BATCH_SIZE = 256 * 1024;

  /** A publish call waits for its acknowledgements after this many records... */
  static final int MAX_PENDING_RECORDS = 5_000;

  /** ...or this many bytes (serialized size upper bound) sent and not yet acknowledged. */
  static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

  private final String topic;
  private final Map<String, Object> clientProperties;
  private final TopicLimit limit;
  private final KafkaProducer<byte[], byte[]> producer;

  /**
   * Checks the topic and opens the producer.
   *
   * @param topic {@code spec.rejected.topic}
   * @param clientProperties the load's Kafka client properties (bootstrap servers, security,
   *     allowlisted options, client id), as {@code KafkaClients.common(config)} builds them; copied
   * @throws ConfigException the topic does not exist or uses LogAppendTime (a configuration that
   *     cannot run)
   * @throws IOException the topic may not be described, or the cluster cannot be reached
   */
  public RejectedTopicPublisher(String topic, Map<String, Object> clientProperties)
      throws IOException {
    this(topic, clientProperties, null, false);
  }

  /**
   * For tests: {@code assumedMaxMessageBytes}, when set, replaces the limit read from the topic,
   * and {@code assumeAnyTimestamp} skips the timestamp window, so a test can make the broker, not
   * the first pass, refuse a record.
   */
  RejectedTopicPublisher(
      String topic,
      Map<String, Object> clientProperties,
      Integer assumedMaxMessageBytes,
      boolean assumeAnyTimestamp)
      throws IOException {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("rejected.topic is empty");
    }
    this.topic = topic;
    this.clientProperties = Map.copyOf(clientProperties);
    TopicLimit described = TopicLimit.read(topic, this.clientProperties, clientId(), true);
    this.limit =
        new TopicLimit(
            assumedMaxMessageBytes == null ? described.maxMessageBytes() : assumedMaxMessageBytes,
            described.known() || assumedMaxMessageBytes != null,
            assumeAnyTimestamp ? Long.MAX_VALUE : described.beforeMaxMs(),
            assumeAnyTimestamp ? Long.MAX_VALUE : described.afterMaxMs());
    this.producer =
        new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // a batch bigger than the topic's limit would be refused and split again by the producer
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.min(MAX_BATCH_SIZE, limit.maxMessageBytes()));
    config.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(PRODUCER_DEFAULT_MAX_REQUEST_SIZE, limit.maxMessageBytes()));
    config.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        Math.max(DEFAULT_BUFFER_MEMORY, 2L * limit.maxMessageBytes()));
    return config;
  }

  private String clientId() {
    return KafkaClients.clientId(clientProperties, "rejected");
  }

  /** The topic this publisher sends to. */
  public String topic() {
    return topic;
  }

  /**
   * Produces every record of one rejected-records file, in file order, and waits until all are
   * acknowledged (see the class comment for what each produced record holds).
   *
   * @return the number of records produced (0 for an empty file)
   * @throws IOException the file is malformed or unreadable, a record is too big for the topic
   *     (B7), or a send failed; the message names the source record
   */
  public long publish(Path rejectedFile) throws IOException {
    OutgoingRecords.check(topic, rejectedFile, limit);
    return produce(rejectedFile);
  }

  /** A sent record waiting for its acknowledgement. */
  private record Pending(Rejected source, long size, Future<RecordMetadata> ack) {}

  /** Second pass: send in file order, waiting for the acknowledgements in bounded groups. */
  private long produce(Path file) throws IOException {
    long produced = 0;
    List<Pending> pending = new ArrayList<>();
    long pendingBytes = 0;
    try (OutgoingRecords records = new OutgoingRecords(topic, file)) {
      OutgoingRecords.Outgoing out;
      while ((out = records.next()) != null) {
        Future<RecordMetadata> ack;
        try {
          ack = producer.send(out.record());
        } catch (KafkaException | IllegalStateException e) {
          // send() itself failed (closed producer, metadata timeout, interrupted): what was sent
          // before still gets awaited, so the first failure in file order is reported
          awaitAll(pending);
          throw failure(out.source(), out.size(), e);
        }
        pending.add(new Pending(out.source(), out.size(), ack));
        pendingBytes += out.size();
        if (pending.size() >= MAX_PENDING_RECORDS || pendingBytes >= MAX_PENDING_BYTES) {
          produced += awaitAll(pending);
          pendingBytes = 0;
        }
      }
      produced += awaitAll(pending);
    } catch (IOException e) {
      // a failed wait or read: still wait for what is in flight, so nothing outlives the call
      abandon(pending);
      throw e;
    }
    return produced;
  }

  /** Waits for every pending send, in order; throws for the first that failed. Clears the list. */
  private long awaitAll(List<Pending> pending) throws IOException {
    IOException first = null;
    boolean firstIsGeneric = false;
    long acknowledged = 0;
    for (Pending p : pending) {
      try {
        p.ack().get();
        acknowledged++;
      } catch (ExecutionException e) {
        // when the broker refuses one record of a batch, the others fail with a plain
        // KafkaException ("part of a batch which had one or more invalid records"): report the
        // record that was refused, else the first failure in file order
        boolean generic = e.getCause() != null && e.getCause().getClass() == KafkaException.class;
        if (first == null || (firstIsGeneric && !generic)) {
          first = failure(p.source(), p.size(), e.getCause());
          firstIsGeneric = generic;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pending.clear();
        throw new InterruptedIOException(
            "interrupted while waiting for the acknowledgement of rejected record "
                + p.source().source()
                + " sent to rejected.topic "
                + topic);
      }
    }
    pending.clear();
    if (first != null) {
      throw first;
    }
    return acknowledged;
  }

  /** After a failure: waits for what is still in flight, ignoring the outcome. */
  private void abandon(List<Pending> pending) {
    for (Pending p : pending) {
      try {
        p.ack().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException ignored) {
        // the first failure is already being reported
      }
    }
    pending.clear();
  }

  private IOException failure(Rejected r, long size, Throwable cause) {
    if (cause instanceof RecordTooLargeException) {
      TopicLimit now = limit;
      try {
        now = TopicLimit.read(topic, clientProperties, clientId(), false);
      } catch (IOException e) {
        // keep the limit read at the opening
      }
      return now.tooLarge(topic, r, size, cause);
    }
    if (cause instanceof InvalidTimestampException) {
      return TopicLimit.badTimestamp(
          topic,
          r,
          TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG
              + " or "
              + TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG
              + ": "
              + cause.getMessage(),
          cause);
    }
    return new IOException(
        "could not produce rejected record "
            + r.source()
            + " to rejected.topic "
            + topic
            + ": "
            + cause,
        cause);
  }

  /** Closes the producer, waiting up to 30 s for sends still in flight. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
