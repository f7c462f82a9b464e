package io.kafkaload.worker.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) running inside this JVM,
 * for {@code kafkaload demo} and the tests. Data lives in a temp folder deleted on {@link
 * #close()}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("events", 3);
 *   run(kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>{@code KafkaClusterTestKit} is Kafka's internal test API, so this is the only class that
 * touches it: a Kafka upgrade that changes it breaks one file.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Broker settings for one node: internal topics with replication 1 (the defaults, 3, can never be
   * met), no rebalance delay (the default 3 s would slow every test that joins a group), and no
   * automatic topic creation so a misspelt topic fails instead of silently appearing.
   */
  static final Map<String, String> BROKER_CONFIG =
      Map.of(
          "offsets.topic.replication.factor", "1",
          // 1 partition instead of 50: the first group commit creates it and waits for it
          "offsets.topic.num.partitions", "1",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "transaction.state.log.num.partitions", "1",
          "group.initial.rebalance.delay.ms", "0",
          "auto.create.topics.enable", "false",
          "num.partitions", "1",
          // no deletion by age: tests and the demo produce records with fixed timestamps, which
          // time-based retention (7 days by default) deleted, active segment included, at random
          // moments of a run ("deleted by retention", a new load starting at the end offsets)
          "log.retention.ms", "-1");

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.bootstrapServers = cluster.bootstrapServers();
  }

  /** Starts the broker and returns once it accepts clients (2-3 s here, up to ~7 s cold). */
  public static EmbeddedKafka start() {
    long startNanos = System.nanoTime();
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              // our own folder: the test kit's default one comes with a JVM shutdown hook that
              // deletes it, racing a broker that is still being closed at exit (seen: the test
              // JVM then exited non-zero after all tests passed)
              .setBaseDirectory(Files.createTempDirectory("kafkaload-kafka-"))
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              // the test kit defaults to the unstable in-development version; run what users run
              .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
              .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      BROKER_CONFIG.forEach(builder::setConfigProp);
      cluster = builder.build();
      try (FormatterOutputFilter ignored = FormatterOutputFilter.install()) {
        cluster.format();
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(cluster);
      throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
    } catch (Exception e) {
      closeQuietly(cluster);
      throw new IllegalStateException("could not start the embedded Kafka broker: " + e, e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(cluster);
    LOG.info(
        "embedded Kafka ready at {} in {} ms",
        kafka.bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    return kafka;
  }

  /**
   * Returns once the group coordinator answers: the first offset commit on a new broker otherwise
   * meets a coordinator still loading, which Kafka's consumer logs as warnings while it retries.
   */
  public void awaitGroupCoordinator() {
    try (Admin admin = admin()) {
      admin
          .listConsumerGroupOffsets("kafkaload-warm-up")
          .partitionsToOffsetAndMetadata()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("group coordinator not ready yet: {}", e.toString());
    }
  }

  /** {@code host:port} of the broker's client listener (PLAINTEXT). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with replication factor 1; returns once every partition has a leader. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic with these topic configs, e.g. {@code cleanup.policy=compact}. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      // the controller answers before the broker leads the partitions; first sends would retry
      while (!hasLeaders(admin, name)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("partitions without a leader after " + ADMIN_TIMEOUT);
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasLeaders(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    TopicDescription description;
    try {
      description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false; // the broker has not seen the new topic's metadata yet
      }
      throw e;
    }
    return description.partitions().stream().allMatch(p -> p.leader() != null);
  }

  /** The folder holding the broker's logs and metadata, deleted by {@link #close()}. */
  public Path dataDirectory() {
    return Path.of(cluster.nodes().baseDirectory());
  }

  /** A new Admin client on this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    long startNanos = System.nanoTime();
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded Kafka broker: " + e, e);
    }
    LOG.info(
        "embedded Kafka stopped in {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("could not stop the half-started embedded Kafka broker", e);
    }
  }
}
