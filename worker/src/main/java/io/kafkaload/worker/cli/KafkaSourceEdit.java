package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.LoadSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link LoadSpec.KafkaSource} being changed field by field, then built again. */
final class KafkaSourceEdit {
  List<String> topics;
  String topicPattern;
  LoadSpec.ValueFormat format;
  String groupId;
  String startingOffsets;
  String endingOffsets;
  Long startingTimestamp;
  String startingOffsetsByTimestamp;
  LoadSpec.TimestampStrategy startingOffsetsByTimestampStrategy;
  Long endingTimestamp;
  String endingOffsetsByTimestamp;
  Boolean failOnDataLoss;
  Long maxRecordsPerRun;
  java.util.List<String> metadataColumns;
  Map<String, String> options;

  static KafkaSourceEdit of(LoadSpec.KafkaSource k) {
    KafkaSourceEdit e = new KafkaSourceEdit();
    e.topics = k.topics();
    e.topicPattern = k.topicPattern();
    e.format = k.format();
    e.groupId = k.groupId();
    e.startingOffsets = k.startingOffsets();
    e.endingOffsets = k.endingOffsets();
    e.startingTimestamp = k.startingTimestamp();
    e.startingOffsetsByTimestamp = k.startingOffsetsByTimestamp();
    e.startingOffsetsByTimestampStrategy = k.startingOffsetsByTimestampStrategy();
    e.endingTimestamp = k.endingTimestamp();
    e.endingOffsetsByTimestamp = k.endingOffsetsByTimestamp();
    e.failOnDataLoss = k.failOnDataLoss();
    e.maxRecordsPerRun = k.maxRecordsPerRun();
    e.metadataColumns = k.metadataColumns();
    e.options = k.options() == null ? null : new LinkedHashMap<>(k.options());
    return e;
  }

  /** Sets a Kafka client property, keeping the ones already given. */
  void option(String name, String value) {
    if (options == null) {
      options = new LinkedHashMap<>();
    }
    options.put(name, value);
  }

  LoadSpec.KafkaSource build() {
    return new LoadSpec.KafkaSource(
        topics,
        topicPattern,
        format,
        groupId,
        startingOffsets,
        endingOffsets,
        startingTimestamp,
        startingOffsetsByTimestamp,
        startingOffsetsByTimestampStrategy,
        endingTimestamp,
        endingOffsetsByTimestamp,
        failOnDataLoss,
        maxRecordsPerRun,
        metadataColumns,
        options);
  }
}
