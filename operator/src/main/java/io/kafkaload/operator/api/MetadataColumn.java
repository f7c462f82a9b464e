package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Kafka metadata column added to every row; the JSON names start with an underscore. */
public enum MetadataColumn {
  @JsonProperty("_topic")
  TOPIC,
  @JsonProperty("_partition")
  PARTITION,
  @JsonProperty("_offset")
  OFFSET,
  @JsonProperty("_timestamp")
  TIMESTAMP,
  @JsonProperty("_key")
  KEY,
  @JsonProperty("_headers")
  HEADERS
}
