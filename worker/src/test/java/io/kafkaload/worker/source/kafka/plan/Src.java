package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import java.util.Map;

/** Builds {@code spec.source.kafka} with offset options, for table-driven tests. */
final class Src {
  private String startingOffsets;
  private String endingOffsets;
  private Long startingTimestamp;
  private String startingOffsetsByTimestamp;
  private LoadSpec.TimestampStrategy strategy;
  private Long endingTimestamp;
  private String endingOffsetsByTimestamp;
  private Boolean failOnDataLoss;
  private Long maxRecordsPerRun;
  private Map<String, String> options;

  static Src of() {
    return new Src();
  }

  Src startingOffsets(String v) {
    startingOffsets = v;
    return this;
  }

  Src endingOffsets(String v) {
    endingOffsets = v;
    return this;
  }

  Src startingTimestamp(long v) {
    startingTimestamp = v;
    return this;
  }

  Src startingOffsetsByTimestamp(String v) {
    startingOffsetsByTimestamp = v;
    return this;
  }

  Src strategy(LoadSpec.TimestampStrategy v) {
    strategy = v;
    return this;
  }

  Src endingTimestamp(long v) {
    endingTimestamp = v;
    return this;
  }

  Src endingOffsetsByTimestamp(String v) {
    endingOffsetsByTimestamp = v;
    return this;
  }

  Src failOnDataLoss(boolean v) {
    failOnDataLoss = v;
    return this;
  }

  Src maxRecordsPerRun(long v) {
    maxRecordsPerRun = v;
    return this;
  }

  Src options(Map<String, String> v) {
    options = v;
    return this;
  }

  LoadSpec.KafkaSource build() {
    return TestLoads.load("t")
        .set("spec.source.kafka.startingOffsets", startingOffsets)
        .set("spec.source.kafka.endingOffsets", endingOffsets)
        .set("spec.source.kafka.startingTimestamp", startingTimestamp)
        .set("spec.source.kafka.startingOffsetsByTimestamp", startingOffsetsByTimestamp)
        .set("spec.source.kafka.startingOffsetsByTimestampStrategy", strategy)
        .set("spec.source.kafka.endingTimestamp", endingTimestamp)
        .set("spec.source.kafka.endingOffsetsByTimestamp", endingOffsetsByTimestamp)
        .set("spec.source.kafka.failOnDataLoss", failOnDataLoss)
        .set("spec.source.kafka.maxRecordsPerRun", maxRecordsPerRun)
        .set("spec.source.kafka.options", options)
        .spec()
        .source()
        .kafka();
  }

  @Override
  public String toString() {
    return build().toString();
  }
}
