package io.kafkaload.worker.source.kafka.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Parses the per-partition JSON of Spark's Kafka source, {@code {"topicA":{"0":23,"1":-1}}}: a
 * topic name, then partition numbers (as strings, JSON keys being strings) mapped to a long. The
 * error text is Spark's ({@code JsonUtils.partitionOffsets}: {@code Expected e.g. ..., got ...}),
 * so someone who knows Spark recognises it.
 */
public final class PartitionJson {
  static final String OFFSETS_EXAMPLE = "{\"topicA\":{\"0\":23,\"1\":-1},\"topicB\":{\"0\":-2}}";
  static final String TIMESTAMPS_EXAMPLE =
      "{\"topicA\":{\"0\":1700000000000,\"1\":1700000000000},\"topicB\":{\"0\":1700000000000}}";

  // trailing text and a partition given twice are mistakes, not something to pick a side of
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private PartitionJson() {}

  /** Offsets per partition; -2 means earliest and -1 latest, as in Spark. */
  public static Map<TopicPartition, Long> offsets(String json) {
    return parse(json, OFFSETS_EXAMPLE);
  }

  /** Timestamps (epoch milliseconds) per partition. */
  public static Map<TopicPartition, Long> timestamps(String json) {
    return parse(json, TIMESTAMPS_EXAMPLE);
  }

  private static Map<TopicPartition, Long> parse(String json, String example) {
    IllegalArgumentException bad =
        new IllegalArgumentException("Expected e.g. " + example + ", got " + json);
    JsonNode root;
    try {
      root = json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw bad;
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw bad;
    }
    // insertion order, so errors list partitions in the order the user wrote them
    Map<TopicPartition, Long> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
      Map.Entry<String, JsonNode> topic = topics.next();
      if (topic.getKey().isBlank() || !topic.getValue().isObject() || topic.getValue().isEmpty()) {
        throw bad;
      }
      for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields();
          partitions.hasNext(); ) {
        Map.Entry<String, JsonNode> partition = partitions.next();
        int number;
        try {
          number = Integer.parseInt(partition.getKey().trim());
        } catch (NumberFormatException e) {
          throw bad;
        }
        JsonNode value = partition.getValue();
        if (number < 0 || !value.isIntegralNumber() || !value.canConvertToLong()) {
          throw bad;
        }
        result.put(new TopicPartition(topic.getKey(), number), value.longValue());
      }
    }
    return result;
  }
}
