package io.kafkaload.worker.source.kafka;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** Finds the partitions a bounded run reads: the listed topics, or those matching the pattern. */
public final class TopicResolver {
  private static final long TIMEOUT_SECONDS = 30;

  private TopicResolver() {}

  public static List<TopicPartition> partitions(
      Admin admin, LoadSpec.KafkaSource source, String servers) {
    try {
      Set<String> topics = topics(admin, source, servers);
      requireListed(admin, source, servers);
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        described
            .get(topic)
            .partitions()
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      return partitions;
    } catch (ExecutionException e) {
      if (e.getCause()
          instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException unknown) {
        throw new ConfigException(
            "spec.source.kafka.topics: "
                + unknown.getMessage()
                + " on "
                + servers
                + "; create the topic or fix the name");
      }
      throw new IllegalStateException(
          "cannot describe topics on " + servers + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + servers + " did not answer within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Throws naming the topics of {@code source.topics} that the cluster does not have: a load never
   * waits on (nor, by subscribing, creates) a misspelled topic.
   */
  public static void requireListed(Admin admin, LoadSpec.KafkaSource source, String servers)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (source.topics() == null || source.topics().isEmpty()) {
      return;
    }
    Set<String> missing = new TreeSet<>(source.topics());
    missing.removeAll(admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "spec.source.kafka.topics: no topic "
              + String.join(", ", missing)
              + " on "
              + servers
              + "; create the topic or fix the name");
    }
  }

  private static Set<String> topics(Admin admin, LoadSpec.KafkaSource source, String servers)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (source.topics() != null && !source.topics().isEmpty()) {
      return new TreeSet<>(source.topics());
    }
    Pattern pattern = Pattern.compile(source.topicPattern());
    Set<String> matching = new TreeSet<>();
    for (String topic : admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      if (pattern.matcher(topic).matches()) {
        matching.add(topic);
      }
    }
    return matching;
  }
}
