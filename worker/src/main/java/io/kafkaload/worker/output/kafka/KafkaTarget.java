package io.kafkaload.worker.output.kafka;

import io.kafkaload.worker.chunk.CrashPoints;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.offsets.TransactionalPositions;
import io.kafkaload.worker.output.table.TableTarget;
import io.kafkaload.worker.registry.Backoff;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.rejects.TopicLimit;
import io.kafkaload.worker.source.kafka.KafkaClients;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka topic as a table-like output ({@code sink.kafka}, under {@link
 * io.kafkaload.worker.output.table.TableOutput}): each chunk's rows become records ({@link
 * RecordsFile}: JSON values, or Avro ones in the Confluent wire format ({@link AvroValues}); the
 * key column's or key expression's text as key; headers from the headers column) sent in one Kafka
 * transaction together with the position after the chunk, a record of the offsets topic on the
 * sink's cluster ({@link TransactionalPositions}), so a read_committed consumer sees the chunk's
 * records if and only if the position moved past them ({@code offsets.store: Sink}, exactly-once).
 * With another store ({@code Topic}, {@code File}, {@code Group}) the transaction holds the records
 * alone and the positions are committed after it: at-least-once.
 *
 * <p>One transactional producer per run, its {@code transactional.id} derived from the load ({@code
 * kafkaload.<namespace>.<name>}), the same in every run: a new copy of the load fences the producer
 * of an older one still running (the old copy's next transaction fails, the run fails saying
 * another copy took over, and its open transaction is aborted), and its transaction opened before
 * it reads the positions, so no transaction of the old copy commits after that read. The
 * conversions of several chunks run in parallel on the writer threads; their transactions one at a
 * time.
 *
 * <p>The topic must exist (it is checked, and its {@code max.message.bytes} read, at the start); a
 * record bigger than that is refused ({@link TableTarget.RefusedRows}: rejected with its reason as
 * its record came) and not sent.
 */
public final class KafkaTarget implements TableTarget {

  /** What the messages say about the sink's topic. */
  static final TopicLimit.Role ROLE =
      new TopicLimit.Role(
          "sink.kafka.topic", "set spec.sink.kafka.topic to a topic that exists", false);

  /**
   * The registry settings of Avro values: a registry that does not answer for a minute fails the
   * run (before the chunk's transaction begins: nothing of it is sent), where the Avro source waits
   * for it; the next run (the Job's retry, the Deployment's restart) starts where this one stopped.
   */
  public static final SchemaRegistryClient.Settings REGISTRY_SETTINGS =
      new SchemaRegistryClient.Settings(
          Duration.ofSeconds(30),
          new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60)),
          1000,
          Duration.ofSeconds(30));

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
  private static final int MAX_BATCH_SIZE = 256 * 1024;

  private final String topic;
  private final RecordsFile.Shape shape;
  private final String load;
  private final String transactionalId;
  private final TopicLimit limit;
  private final AvroValues avro; // null: JSON values
  private final TransactionalPositions positions; // null: the positions go to another store
  private final KafkaProducer<byte[], byte[]> producer;
  private final Object transactions = new Object();
  private volatile String fenced;

  /**
   * Checks the topic, opens the transactional producer and fences any older copy of the load.
   *
   * @param clientProperties the sink cluster's connection properties (bootstrap servers, security,
   *     client id)
   * @param offsetsTopic the offsets topic to commit the positions in, or null when they go to
   *     another store
   */
  public KafkaTarget(
      LoadSpec.KafkaSink sink,
      WorkerConfig.LoadRef load,
      Map<String, Object> clientProperties,
      String offsetsTopic)
      throws IOException {
    this(sink, load, clientProperties, offsetsTopic, null);
  }

  /**
   * As {@link #KafkaTarget(LoadSpec.KafkaSink, WorkerConfig.LoadRef, Map, String)}, with the client
   * of the connection's Schema Registry for Avro values ({@code sink.kafka.format: Avro}); under
   * {@code schemaStrategy: Latest} the subject's latest schema is read first.
   */
  public KafkaTarget(
      LoadSpec.KafkaSink sink,
      WorkerConfig.LoadRef load,
      Map<String, Object> clientProperties,
      String offsetsTopic,
      SchemaRegistryClient registry)
      throws IOException {
    if (sink.formatOrDefault() == LoadSpec.ValueFormat.Avro) {
      if (registry == null) {
        throw new IllegalArgumentException("Avro values need the connection's Schema Registry");
      }
      this.avro = AvroValues.open(sink, registry);
    } else {
      this.avro = null;
    }
    this.topic = sink.topic();
    this.shape = RecordsFile.Shape.of(sink);
    this.load = load.qualified();
    this.transactionalId = "kafkaload." + load.namespace() + "." + load.name();
    String clientId = KafkaClients.clientId(clientProperties, "sink");
    this.limit = TopicLimit.read(topic, ROLE, clientProperties, clientId, true);
    this.positions =
        offsetsTopic == null
            ? null
            : new TransactionalPositions(offsetsTopic, load, clientProperties);
    this.producer =
        new KafkaProducer<>(
            producerConfig(clientProperties, clientId, sink),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    try {
      // fences the producer of an older copy and aborts its open transaction, before any read
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw new IOException(
          "could not start the transactions of sink.kafka.topic "
              + topic
              + " (transactional.id "
              + transactionalId
              + "): "
              + e
              + "; the worker needs Write and Describe on that transactional id and Write on the"
              + " topic",
          e);
    }
  }

  private Map<String, Object> producerConfig(
      Map<String, Object> clientProperties, String clientId, LoadSpec.KafkaSink sink) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        sink.compressionOrDefault().name().toLowerCase(Locale.ROOT));
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // a batch bigger than the topic's limit would be refused and split again by the producer
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.min(MAX_BATCH_SIZE, limit.maxMessageBytes()));
    config.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(DEFAULT_MAX_REQUEST_SIZE, limit.maxMessageBytes()));
    return config;
  }

  @Override
  public Map<TopicPartition, Long> readOffsets() {
    return positions == null ? Map.of() : positions.readCommitted();
  }

  /** Every record of a Kafka sink is either sent or refused for its size, as its record came. */
  @Override
  public boolean refusesRows() {
    return true;
  }

  @Override
  public long commitRows(
      TopicPartition partition, long start, long next, Rows rows, RefusedRows refused)
      throws IOException, SQLException {
    Path file = rows.scratch().resolve("records.bin");
    RecordsFile.Written written =
        RecordsFile.write(rows.db(), rows.query(), shape, limit, topic, file, avro);
    // stored (and acknowledged) before the transaction that moves the position past them
    refused.refused(written.refused());
    send(partition, next, written);
    return written.records();
  }

  /** Only the position moves (the chunk has no row to send): {@code rows} is null. */
  @Override
  public long commit(
      TopicPartition partition, long start, long next, ResultSet rows, RefusedRows refused)
      throws IOException {
    if (rows != null) {
      throw new IllegalArgumentException("a Kafka sink takes a chunk's rows through commitRows");
    }
    send(partition, next, null);
    return 0;
  }

  /** One transaction: the records of {@code written} (if any), then the position. */
  private void send(TopicPartition partition, long next, RecordsFile.Written written)
      throws IOException {
    boolean records = written != null && written.records() > 0;
    if (!records && positions == null) {
      return; // nothing to send: the position goes to the other store
    }
    synchronized (transactions) {
      if (fenced != null) {
        throw new IOException(fenced);
      }
      AtomicReference<Exception> failed = new AtomicReference<>();
      try {
        producer.beginTransaction();
        if (records) {
          RecordsFile.read(
              written.file(),
              (k, v, headers) -> {
                if (failed.get() == null) {
                  producer.send(
                      new ProducerRecord<>(topic, null, k, v, headers),
                      (metadata, e) -> {
                        if (e != null) {
                          failed.compareAndSet(null, e);
                        }
                      });
                }
              });
        }
        // on the broker, inside the open transaction: a crash from here leaves them aborted
        producer.flush();
        CrashPoints.reached("after-rows");
        if (positions != null) {
          producer.send(positions.record(partition, next));
          producer.flush();
        }
        CrashPoints.reached("after-position");
        producer.commitTransaction();
        CrashPoints.reached("after-commit");
      } catch (KafkaException | IOException e) {
        if (!isFenced(e)) {
          abort();
          Exception cause = failed.get() != null ? failed.get() : e;
          throw new IOException(
              "could not send a chunk of "
                  + partition
                  + " to sink.kafka.topic "
                  + topic
                  + ": "
                  + cause
                  + " (the transaction was aborted: nothing of the chunk is visible to"
                  + " read_committed consumers)",
              cause);
        }
        fenced =
            "another copy of KafkaLoad "
                + load
                + " took over sink.kafka.topic "
                + topic
                + " (its producer with transactional.id "
                + transactionalId
                + " fenced this one): this run stops, its open transaction aborted, and the other"
                + " copy sends the rows";
        throw new IOException(fenced, e);
      }
    }
  }

  private static boolean isFenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private void abort() {
    try {
      producer.abortTransaction();
    } catch (KafkaException ignored) {
      // a fatal error: the producer is closed with the run, which aborts what is open
    }
  }

  /** The topic as messages name it. */
  public String describe() {
    return "topic " + topic;
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
