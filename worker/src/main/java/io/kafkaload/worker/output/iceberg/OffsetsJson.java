package io.kafkaload.worker.output.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of the snapshot summary properties: {@code {"topic":{"0":next,...}}}, sorted. */
final class OffsetsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<TreeMap<String, TreeMap<Integer, Long>>> OFFSETS =
      new TypeReference<>() {};

  private OffsetsJson() {}

  static String write(Map<String, Map<Integer, Long>> offsets) {
    try {
      return MAPPER.writeValueAsString(sorted(offsets));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Map<Integer, Long>> read(String json, String property) {
    try {
      return copy(MAPPER.readValue(json, OFFSETS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "snapshot summary property "
              + property
              + " is not offsets JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** A sorted, unmodifiable deep copy. */
  static Map<String, Map<Integer, Long>> copy(Map<String, ? extends Map<Integer, Long>> offsets) {
    TreeMap<String, Map<Integer, Long>> out = new TreeMap<>();
    if (offsets != null) {
      offsets.forEach((t, p) -> out.put(t, Collections.unmodifiableMap(new TreeMap<>(p))));
    }
    return Collections.unmodifiableMap(out);
  }

  private static <V> Map<String, Map<Integer, V>> sorted(
      Map<String, ? extends Map<Integer, V>> in) {
    TreeMap<String, Map<Integer, V>> out = new TreeMap<>();
    in.forEach((t, p) -> out.put(t, new TreeMap<>(p)));
    return out;
  }

  static String ranges(Map<String, Map<Integer, long[]>> ranges) {
    TreeMap<String, Map<Integer, List<Long>>> out = new TreeMap<>();
    ranges.forEach(
        (t, p) -> {
          TreeMap<Integer, List<Long>> parts = new TreeMap<>();
          p.forEach((k, v) -> parts.put(k, List.of(v[0], v[1])));
          out.put(t, parts);
        });
    try {
      return MAPPER.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
