package io.kafkaload.worker.rejects;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.rejects.RejectedFileReader.Rejected;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(RejectedTopicPublisher.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** The broker's default {@code message.max.bytes}, assumed when the topic's cannot be read. */
  static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

  private static final int PRODUCER_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
  private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
  private static final int MAX_BATCH_SIZE = 256 * 1024;

  /** A publish call waits for its acknowledgements after this many records... */
  static final int MAX_PENDING_RECORDS = 5_000;

  /** ...or this many bytes (serialized size upper bound) sent and not yet acknowledged. */
  static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

  /**
   * What the constructor learnt of the topic: its size limit ({@code known} false when the configs
   * could not be read and the broker default is assumed) and the window of timestamps it accepts
   * around the broker's clock (unbounded when unknown).
   */
  private record Limit(int maxMessageBytes, boolean known, long beforeMaxMs, long afterMaxMs) {

    static Limit unknown() {
      return new Limit(BROKER_DEFAULT_MAX_MESSAGE_BYTES, false, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    String describe() {
      return known
          ? "max.message.bytes=" + maxMessageBytes
          : "max.message.bytes unknown, the broker default " + maxMessageBytes + " assumed";
    }

    /** Null when the broker should accept this timestamp now, else which setting refuses it. */
    String refusedTimestamp(long timestamp, long now) {
      if (timestamp < now && now - timestamp > beforeMaxMs) {
        return TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG
            + "="
            + beforeMaxMs
            + ": at most that many ms behind the broker's clock";
      }
      if (timestamp > now && timestamp - now > afterMaxMs) {
        return TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG
            + "="
            + afterMaxMs
            + ": at most that many ms ahead of the broker's clock";
      }
      return null;
    }
  }

  private final String topic;
  private final Map<String, Object> clientProperties;
  private final Limit limit;
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
    Limit described = describeTopic(true);
    this.limit =
        new Limit(
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
    Object base = clientProperties.get(AdminClientConfig.CLIENT_ID_CONFIG);
    return (base == null ? "kafkaload" : base.toString()) + "-rejected";
  }

  /**
   * Checks that the topic exists and reads its limit. At the opening ({@code opening}) a missing
   * topic or a LogAppendTime topic is an error; later (re-reading the limit for an error message)
   * any failure just returns the limit read at the opening.
   */
  private Limit describeTopic(boolean opening) throws IOException {
    Map<String, Object> adminConfig = new HashMap<>(clientProperties);
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId() + "-admin");
    try (Admin admin = Admin.create(adminConfig)) {
      try {
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          String message =
              "rejected.topic "
                  + topic
                  + " does not exist on the cluster; create it (e.g. a Strimzi KafkaTopic) or"
                  + " remove spec.rejected.topic";
          // at the opening, a configuration that cannot run (exit 2), not a failed run
          if (opening) {
            throw new ConfigException(message);
          }
          throw new IOException(message);
        }
        if (e.getCause() instanceof AuthorizationException) {
          throw new IOException(
              "the worker may not describe rejected.topic "
                  + topic
                  + ": grant it Describe and Write on the topic, or remove spec.rejected.topic",
              e.getCause());
        }
        throw new IOException(
            "could not check rejected.topic " + topic + ": " + e.getCause(), e.getCause());
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config;
      try {
        config =
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof AuthorizationException)) {
          throw new IOException(
              "could not read the configs of rejected.topic " + topic + ": " + e.getCause(),
              e.getCause());
        }
        if (opening) {
          LOG.warn(
              "the worker may not describe the configs of rejected.topic {} ({}); assuming"
                  + " max.message.bytes={}, the broker default, and CreateTime timestamps;"
                  + " grant DescribeConfigs on the topic for exact checks",
              topic,
              e.getCause().getMessage(),
              BROKER_DEFAULT_MAX_MESSAGE_BYTES);
        }
        return Limit.unknown();
      }
      ConfigEntry timestampType =
          config == null ? null : config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
      if (opening
          && timestampType != null
          && "LogAppendTime".equalsIgnoreCase(timestampType.value())) {
        throw new ConfigException(
            "rejected.topic "
                + topic
                + " has message.timestamp.type=LogAppendTime: the broker would replace the"
                + " original timestamps of the rejected records; set it to CreateTime or remove"
                + " spec.rejected.topic");
      }
      String maxBytes = value(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      String before = value(config, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
      String after = value(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
      try {
        return new Limit(
            maxBytes == null ? BROKER_DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(maxBytes),
            maxBytes != null,
            before == null ? Long.MAX_VALUE : Long.parseLong(before),
            after == null ? Long.MAX_VALUE : Long.parseLong(after));
      } catch (NumberFormatException e) {
        throw new IOException(
            "rejected.topic " + topic + " has a config that is not a number: " + e.getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking rejected.topic " + topic);
    } catch (TimeoutException e) {
      throw new IOException(
          "could not check rejected.topic "
              + topic
              + ": the cluster did not answer within "
              + ADMIN_TIMEOUT.toSeconds()
              + " s",
          e);
    } catch (KafkaException e) {
      throw new IOException("could not check rejected.topic " + topic + ": " + e, e);
    }
  }

  private static String value(Config config, String name) {
    ConfigEntry entry = config == null ? null : config.get(name);
    return entry == null || entry.value() == null ? null : entry.value().trim();
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
    check(rejectedFile);
    return produce(rejectedFile);
  }

  /** First pass: every record parses and fits the topic. Nothing is sent. */
  private void check(Path file) throws IOException {
    try (RejectedFileReader reader = new RejectedFileReader(file)) {
      Rejected r;
      while ((r = reader.next()) != null) {
        long size = serializedSizeUpperBound(r.key(), r.value(), headers(r));
        if (size > limit.maxMessageBytes()) {
          throw tooLarge(r, size, limit);
        }
        if (r.timestamp() != null) {
          String refused = limit.refusedTimestamp(r.timestamp(), System.currentTimeMillis());
          if (refused != null) {
            throw badTimestamp(r, refused, null);
          }
        }
      }
    }
  }

  /** A sent record waiting for its acknowledgement. */
  private record Pending(Rejected source, long size, Future<RecordMetadata> ack) {}

  /** Second pass: send in file order, waiting for the acknowledgements in bounded groups. */
  private long produce(Path file) throws IOException {
    long produced = 0;
    List<Pending> pending = new ArrayList<>();
    long pendingBytes = 0;
    try (RejectedFileReader reader = new RejectedFileReader(file)) {
      Rejected r;
      while ((r = reader.next()) != null) {
        List<Header> headers = headers(r);
        long size = serializedSizeUpperBound(r.key(), r.value(), headers);
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), headers);
        Future<RecordMetadata> ack;
        try {
          ack = producer.send(record);
        } catch (KafkaException | IllegalStateException e) {
          // send() itself failed (closed producer, metadata timeout, interrupted): what was sent
          // before still gets awaited, so the first failure in file order is reported
          awaitAll(pending);
          throw failure(r, size, e);
        }
        pending.add(new Pending(r, size, ack));
        pendingBytes += size;
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
      Limit now = limit;
      try {
        now = describeTopic(false);
      } catch (IOException e) {
        // keep the limit read at the opening
      }
      return tooLarge(r, size, now, cause);
    }
    if (cause instanceof InvalidTimestampException) {
      return badTimestamp(
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

  private IOException badTimestamp(Rejected r, String refusedBy, Throwable cause) {
    return new IOException(
        "rejected record "
            + r.source()
            + " has timestamp "
            + (r.timestamp() == null
                ? "none (the producer's clock was used)"
                : r.timestamp() + " (" + Instant.ofEpochMilli(r.timestamp()) + ")")
            + ", which rejected.topic "
            + topic
            + " refuses ("
            + refusedBy
            + "); raise that setting on the topic or remove spec.rejected.topic",
        cause);
  }

  private IOException tooLarge(Rejected r, long size, Limit limit) {
    return tooLarge(r, size, limit, null);
  }

  private IOException tooLarge(Rejected r, long size, Limit limit, Throwable cause) {
    return new IOException(
        "rejected record "
            + r.source()
            + " is "
            + size
            + " bytes, more than rejected.topic "
            + topic
            + " accepts ("
            + limit.describe()
            + "); raise it or remove spec.rejected.topic",
        cause);
  }

  /** The original headers in file order, then the five error headers. */
  private static List<Header> headers(Rejected r) {
    List<Header> headers = new ArrayList<>(r.headers().size() + 5);
    headers.addAll(r.headers());
    headers.add(utf8(ERROR_TOPIC, r.topic()));
    headers.add(utf8(ERROR_PARTITION, Integer.toString(r.partition())));
    headers.add(utf8(ERROR_OFFSET, Long.toString(r.offset())));
    headers.add(utf8(ERROR_STAGE, r.stage()));
    headers.add(utf8(ERROR_REASON, r.reason()));
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
  static long serializedSizeUpperBound(byte[] key, byte[] value, List<Header> headers) {
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

  /** Closes the producer, waiting up to 30 s for sends still in flight. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
