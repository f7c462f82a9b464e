package io.kafkaload.operator.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Lag from {@code listConsumerGroupOffsets} against {@code listOffsets} (latest, and earliest for
 * partitions without a commit), with one short-lived Admin client per read.
 */
@ApplicationScoped
public class AdminClientLagReader implements LagReader {

  private static final Logger LOG = Logger.getLogger(AdminClientLagReader.class);

  @Override
  public OptionalLong totalLag(
      Map<String, Object> clientProperties, String groupId, List<String> topics, Duration timeout) {
    int millis = (int) Math.max(1, timeout.toMillis());
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkaload-operator-lag");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    Admin admin;
    try {
      admin = Admin.create(props);
    } catch (KafkaException | IllegalArgumentException e) {
      return OptionalLong.empty();
    }
    try {
      Map<TopicPartition, Long> positions = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(millis, TimeUnit.MILLISECONDS);
      committed.forEach(
          (partition, offset) -> {
            if (offset != null) {
              positions.put(partition, offset.offset());
            }
          });
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      if (topics != null && !topics.isEmpty()) {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get(millis, TimeUnit.MILLISECONDS);
        described
            .values()
            .forEach(
                topic ->
                    topic
                        .partitions()
                        .forEach(
                            p -> {
                              TopicPartition partition =
                                  new TopicPartition(topic.name(), p.partition());
                              if (!positions.containsKey(partition)) {
                                earliest.put(partition, OffsetSpec.earliest());
                              }
                            }));
      }
      if (!earliest.isEmpty()) {
        admin
            .listOffsets(earliest)
            .all()
            .get(millis, TimeUnit.MILLISECONDS)
            .forEach((partition, info) -> positions.put(partition, info.offset()));
      }
      if (positions.isEmpty()) {
        return OptionalLong.of(0);
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      positions.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS);
      long lag = 0;
      for (var entry : positions.entrySet()) {
        ListOffsetsResultInfo end = ends.get(entry.getKey());
        if (end != null) {
          lag += Math.max(0, end.offset() - entry.getValue());
        }
      }
      return OptionalLong.of(lag);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // A topic that does not exist yet, an unreachable cluster: no lag to report this time.
      LOG.debugf("lag of group %s not read: %s", groupId, e.getClass().getSimpleName());
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }
}
