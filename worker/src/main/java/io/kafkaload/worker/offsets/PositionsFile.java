package io.kafkaload.worker.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The JSON of the {@code File} store, {@code {"positions":{"<topic>":{"<partition>":offset}}}}:
 * pure parsing and rendering, strict on input, so a damaged file is reported instead of being read
 * as "no positions" (which would load every record again).
 */
final class PositionsFile {

  // strict: trailing garbage or a repeated key mean the file is not one we wrote
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private PositionsFile() {}

  /** The positions in {@code bytes}, read from {@code file} (named in errors). */
  static Map<TopicPartition, Long> parse(byte[] bytes, Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw corrupt(file, "it is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw corrupt(file, "it is not valid JSON (" + e.getMessage() + ")");
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw corrupt(file, "it is empty or not a JSON object");
    }
    JsonNode topics = root.get("positions");
    if (topics == null || !topics.isObject()) {
      throw corrupt(file, "it has no \"positions\" object");
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> t = topics.fields(); t.hasNext(); ) {
      Map.Entry<String, JsonNode> topic = t.next();
      if (!topic.getValue().isObject()) {
        throw corrupt(file, "positions of topic " + topic.getKey() + " are not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> p = topic.getValue().fields(); p.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = p.next();
        int partition = partition(entry.getKey(), topic.getKey(), file);
        JsonNode offset = entry.getValue();
        if (!offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0) {
          throw corrupt(
              file,
              "the position of "
                  + topic.getKey()
                  + "-"
                  + entry.getKey()
                  + " is "
                  + offset
                  + ", not an offset (an integer >= 0)");
        }
        positions.put(new TopicPartition(topic.getKey(), partition), offset.asLong());
      }
    }
    return positions;
  }

  private static int partition(String key, String topic, Path file) {
    try {
      int partition = Integer.parseInt(key);
      if (partition >= 0) {
        return partition;
      }
    } catch (NumberFormatException e) {
      // reported below, with the file
    }
    throw corrupt(file, "topic " + topic + " has partition '" + key + "', not an integer >= 0");
  }

  /** The file's JSON for these positions, sorted by topic and partition, ending in a newline. */
  static byte[] render(Map<TopicPartition, Long> positions) {
    Map<String, Map<Integer, Long>> byTopic = new TreeMap<>();
    positions.entrySet().stream()
        .sorted(Comparator.comparingInt(e -> e.getKey().partition()))
        .forEach(
            e ->
                byTopic
                    .computeIfAbsent(e.getKey().topic(), t -> new TreeMap<>())
                    .put(e.getKey().partition(), e.getValue()));
    ObjectNode root = JSON.createObjectNode();
    ObjectNode topics = root.putObject("positions");
    byTopic.forEach(
        (topic, partitions) -> {
          ObjectNode node = topics.putObject(topic);
          partitions.forEach((partition, offset) -> node.put(Integer.toString(partition), offset));
        });
    try {
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not render positions", e);
    }
  }

  private static OffsetStoreException corrupt(Path file, String problem) {
    return new OffsetStoreException(
        "the offsets file "
            + file
            + " is corrupt: "
            + problem
            + ". Restore it from a backup or fix it by hand"
            + " ({\"positions\":{\"<topic>\":{\"<partition>\":<next offset>}}}); deleting it makes"
            + " the load start again from the earliest offsets and load every record again");
  }
}
