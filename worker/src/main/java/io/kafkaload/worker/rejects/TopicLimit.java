package io.kafkaload.worker.rejects;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.rejects.RejectedFileReader.Rejected;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rejected topic accepts, as {@link RejectedTopicPublisher} learnt it when it opened
 * ({@link #read}): its size limit ({@code known} false when the configs could not be read and the
 * broker default is assumed) and the window of timestamps it accepts around the broker's clock
 * (unbounded when unknown); and the messages that name a record the topic refuses.
 */
public record TopicLimit(int maxMessageBytes, boolean known, long beforeMaxMs, long afterMaxMs) {

  /**
   * Which topic of the load a limit is read for, as messages name it: its {@code field}, the {@code
   * fix} offered besides creating the topic or raising its limit, and whether it must keep the
   * records' original timestamps (refusing {@code LogAppendTime}).
   */
  public record Role(String field, String fix, boolean keepsTimestamps) {}

  /** The rejected topic: {@code spec.rejected.topic}. */
  static final Role REJECTED = new Role("rejected.topic", "remove spec.rejected.topic", true);

  private static final Logger LOG = LoggerFactory.getLogger(RejectedTopicPublisher.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

  /** The broker's default {@code message.max.bytes}, assumed when the topic's cannot be read. */
  static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

  static TopicLimit unknown() {
    return new TopicLimit(BROKER_DEFAULT_MAX_MESSAGE_BYTES, false, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** The limit as messages give it: {@code max.message.bytes=N}, or that it is assumed. */
  public String describe() {
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

  /** The failure of a record {@code size} bytes long, more than this limit of {@code topic}. */
  IOException tooLarge(String topic, Rejected r, long size, Throwable cause) {
    return new IOException(
        "rejected record "
            + r.source()
            + " is "
            + size
            + " bytes, more than rejected.topic "
            + topic
            + " accepts ("
            + describe()
            + "); raise it or remove spec.rejected.topic",
        cause);
  }

  /** The failure of a record whose timestamp {@code topic} refuses ({@code refusedBy} says why). */
  static IOException badTimestamp(String topic, Rejected r, String refusedBy, Throwable cause) {
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

  /**
   * Checks with an Admin client (client id {@code clientId-admin}) that the topic exists and reads
   * its limit. At the opening ({@code opening}) a missing topic or a LogAppendTime topic is an
   * error; later (re-reading the limit for an error message) the caller keeps the limit read at the
   * opening when this fails.
   */
  static TopicLimit read(
      String topic, Map<String, Object> clientProperties, String clientId, boolean opening)
      throws IOException {
    return read(topic, REJECTED, clientProperties, clientId, opening);
  }

  /** As {@link #read(String, Map, String, boolean)}, for the topic of {@code role}. */
  public static TopicLimit read(
      String topic,
      Role role,
      Map<String, Object> clientProperties,
      String clientId,
      boolean opening)
      throws IOException {
    Map<String, Object> adminConfig = new HashMap<>(clientProperties);
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    try (Admin admin = Admin.create(adminConfig)) {
      checkExists(admin, topic, role, opening);
      return configured(admin, topic, role, opening);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking " + role.field() + " " + topic);
    } catch (TimeoutException e) {
      throw new IOException(
          "could not check "
              + role.field()
              + " "
              + topic
              + ": the cluster did not answer within "
              + ADMIN_TIMEOUT.toSeconds()
              + " s",
          e);
    } catch (KafkaException e) {
      throw new IOException("could not check " + role.field() + " " + topic + ": " + e, e);
    }
  }

  /** Throws when the topic does not exist or may not be described. */
  private static void checkExists(Admin admin, String topic, Role role, boolean opening)
      throws IOException, InterruptedException, TimeoutException {
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        String message =
            role.field()
                + " "
                + topic
                + " does not exist on the cluster; create it (e.g. a Strimzi KafkaTopic) or "
                + role.fix();
        // at the opening, a configuration that cannot run (exit 2), not a failed run
        if (opening) {
          throw new ConfigException(message);
        }
        throw new IOException(message);
      }
      if (e.getCause() instanceof AuthorizationException) {
        throw new IOException(
            "the worker may not describe "
                + role.field()
                + " "
                + topic
                + ": grant it Describe and Write on the topic, or "
                + role.fix(),
            e.getCause());
      }
      throw new IOException(
          "could not check " + role.field() + " " + topic + ": " + e.getCause(), e.getCause());
    }
  }

  /** The limit the topic's configs set; refuses LogAppendTime at the opening. */
  private static TopicLimit configured(Admin admin, String topic, Role role, boolean opening)
      throws IOException, InterruptedException, TimeoutException {
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
            "could not read the configs of " + role.field() + " " + topic + ": " + e.getCause(),
            e.getCause());
      }
      if (opening) {
        LOG.warn(
            "the worker may not describe the configs of {} {} ({}); assuming"
                + " max.message.bytes={}, the broker default, and CreateTime timestamps;"
                + " grant DescribeConfigs on the topic for exact checks",
            role.field(),
            topic,
            e.getCause().getMessage(),
            BROKER_DEFAULT_MAX_MESSAGE_BYTES);
      }
      return unknown();
    }
    ConfigEntry timestampType =
        config == null ? null : config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
    if (opening
        && role.keepsTimestamps()
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
      return new TopicLimit(
          maxBytes == null ? BROKER_DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(maxBytes),
          maxBytes != null,
          before == null ? Long.MAX_VALUE : Long.parseLong(before),
          after == null ? Long.MAX_VALUE : Long.parseLong(after));
    } catch (NumberFormatException e) {
      throw new IOException(
          role.field() + " " + topic + " has a config that is not a number: " + e.getMessage(), e);
    }
  }

  private static String value(Config config, String name) {
    ConfigEntry entry = config == null ? null : config.get(name);
    return entry == null || entry.value() == null ? null : entry.value().trim();
  }
}
