package io.kafkaload.worker.offsets;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the compacted offsets topic when it is missing, and checks an existing one. */
final class OffsetsTopic {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopic.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private OffsetsTopic() {}

  /**
   * The topic as this store creates it: compacted (only the last position per key matters, and
   * delete-retention would silently forget the positions of a load that did not run for a week),
   * one partition, replicated up to 3 times; with 3 replicas a write acknowledged by acks=all is on
   * at least 2 of them.
   */
  static NewTopic definition(String topic, int brokers) {
    short replicas = (short) Math.max(1, Math.min(3, brokers));
    return new NewTopic(topic, 1, replicas)
        .configs(
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(replicas >= 3 ? 2 : 1)));
  }

  /** As {@link #ensure(Admin, String)}, with an Admin client of {@code clientProperties}. */
  static void ensure(Map<String, Object> clientProperties, String topic) {
    try (Admin admin = Admin.create(clientProperties)) {
      ensure(admin, topic);
    }
  }

  /** Creates the topic unless it exists; warns when an existing one is not compacted. */
  static void ensure(Admin admin, String topic) {
    try {
      if (admin
          .listTopics()
          .names()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        warnIfNotCompacted(admin, topic);
        return;
      }
      int brokers =
          admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
      NewTopic definition = definition(topic, brokers);
      try {
        admin
            .createTopics(List.of(definition))
            .all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(
            "created offsets topic {} (compacted, replication factor {}): no positions stored"
                + " yet, loads using it start from the earliest offsets",
            topic,
            definition.replicationFactor());
      } catch (ExecutionException e) {
        // another worker created it between our check and our create: that is fine
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OffsetStoreException("interrupted while checking offsets topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof AuthenticationException) {
        // not a missing grant: the cluster did not accept who the worker says it is
        throw new OffsetStoreException(
            "could not check or create the offsets topic "
                + topic
                + ": authentication failed ("
                + cause.getMessage()
                + "); check the KafkaConnection's security: the SASL mechanism and the username"
                + " and password in the Secret named by security.sasl.secretRef, or the TLS"
                + " client certificate",
            cause);
      }
      throw new OffsetStoreException(
          "could not check or create the offsets topic "
              + topic
              + ": "
              + cause
              + "; create it yourself (cleanup.policy=compact) or grant the worker"
              + " Describe and Create on it",
          cause);
    }
  }

  private static void warnIfNotCompacted(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .get(resource);
    var policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      LOG.warn(
          "offsets topic {} has cleanup.policy={}, not compact: retention may delete the positions"
              + " of loads that did not run for a while, which then start again from the"
              + " earliest offsets; set cleanup.policy=compact on it",
          topic,
          policy == null ? "unknown" : policy.value());
    }
  }
}
