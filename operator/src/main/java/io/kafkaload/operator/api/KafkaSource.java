package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Kafka topics to read: exactly one of {@code topics} or {@code topicPattern}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSource {

  @Size(min = 1)
  @JsonPropertyDescription("Topic names; exactly one of topics / topicPattern")
  private List<String> topics;

  @JsonPropertyDescription("Java regular expression matching topic names")
  private String topicPattern;

  @Default("Json")
  @JsonPropertyDescription("How message values are decoded")
  private ValueFormat format;

  @JsonPropertyDescription(
      "Consumer group the load commits (or mirrors) its positions to; "
          + "default kafkaload.<namespace>.<name>")
  private String groupId;

  public List<String> getTopics() {
    return topics;
  }

  public void setTopics(List<String> topics) {
    this.topics = topics;
  }

  public String getTopicPattern() {
    return topicPattern;
  }

  public void setTopicPattern(String topicPattern) {
    this.topicPattern = topicPattern;
  }

  public ValueFormat getFormat() {
    return format;
  }

  public void setFormat(ValueFormat format) {
    this.format = format;
  }

  public String getGroupId() {
    return groupId;
  }

  public void setGroupId(String groupId) {
    this.groupId = groupId;
  }
}
