package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.config.LoadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset options of {@code spec.source.kafka}, parsed with Spark's priority (its {@code
 * KafkaSourceProvider.getKafkaOffsetRangeLimit}): a global timestamp wins over timestamps per
 * partition, which win over {@code startingOffsets}/{@code endingOffsets}, which win over the
 * defaults (earliest to start, latest to end). Spark defaults a streaming query's start to latest;
 * kafkaload defaults every load to earliest (the contract), so a new load never skips what is
 * already in the topic unless asked to.
 *
 * @param start where partitions with no stored position start
 * @param end where a bounded run stops (ignored by unbounded runs)
 * @param source the options as written, for the checks that depend on which fields are set
 */
public record OffsetOptions(
    OffsetLimit start,
    OffsetLimit end,
    LoadSpec.TimestampStrategy strategy,
    boolean failOnDataLoss,
    Long maxRecordsPerRun,
    LoadSpec.KafkaSource source) {

  public static final String PREFIX = "spec.source.kafka.";
  public static final String STARTING_OFFSETS = PREFIX + "startingOffsets";
  public static final String ENDING_OFFSETS = PREFIX + "endingOffsets";
  public static final String STARTING_TIMESTAMP = PREFIX + "startingTimestamp";
  public static final String STARTING_BY_TIMESTAMP = PREFIX + "startingOffsetsByTimestamp";
  public static final String STRATEGY = PREFIX + "startingOffsetsByTimestampStrategy";
  public static final String ENDING_TIMESTAMP = PREFIX + "endingTimestamp";
  public static final String ENDING_BY_TIMESTAMP = PREFIX + "endingOffsetsByTimestamp";
  public static final String FAIL_ON_DATA_LOSS = PREFIX + "failOnDataLoss";
  public static final String MAX_RECORDS_PER_RUN = PREFIX + "maxRecordsPerRun";

  /**
   * Parses the options of {@code source}; throws an {@link IllegalArgumentException} naming the
   * field for the first one that cannot be parsed.
   */
  public static OffsetOptions of(LoadSpec.KafkaSource source) {
    Long max = source.maxRecordsPerRun();
    if (max != null && max < 1) {
      throw new IllegalArgumentException(
          MAX_RECORDS_PER_RUN + " must be at least 1 (is " + max + ")");
    }
    return new OffsetOptions(
        startLimit(source),
        endLimit(source),
        source.startingOffsetsByTimestampStrategy() == null
            ? LoadSpec.TimestampStrategy.Error
            : source.startingOffsetsByTimestampStrategy(),
        source.failOnDataLossOrDefault(),
        max,
        source);
  }

  /** Where a load with no stored position starts, by Spark's priority. */
  static OffsetLimit startLimit(LoadSpec.KafkaSource s) {
    return limit(
        s.startingTimestamp(),
        STARTING_TIMESTAMP,
        s.startingOffsetsByTimestamp(),
        STARTING_BY_TIMESTAMP,
        s.startingOffsets(),
        STARTING_OFFSETS,
        new OffsetLimit.Earliest(null));
  }

  /** Where a bounded run stops, by Spark's priority. */
  static OffsetLimit endLimit(LoadSpec.KafkaSource s) {
    return limit(
        s.endingTimestamp(),
        ENDING_TIMESTAMP,
        s.endingOffsetsByTimestamp(),
        ENDING_BY_TIMESTAMP,
        s.endingOffsets(),
        ENDING_OFFSETS,
        new OffsetLimit.Latest(null));
  }

  private static OffsetLimit limit(
      Long timestamp,
      String timestampField,
      String byTimestamp,
      String byTimestampField,
      String offsets,
      String offsetsField,
      OffsetLimit defaultLimit) {
    if (timestamp != null) {
      return new OffsetLimit.Timestamp(timestampField, timestamp(timestampField, timestamp));
    }
    if (byTimestamp != null) {
      return new OffsetLimit.Timestamps(
          byTimestampField, timestamps(byTimestampField, byTimestamp));
    }
    if (offsets != null) {
      return offsetLimit(offsetsField, offsets);
    }
    return defaultLimit;
  }

  /** Parses {@code earliest}, {@code latest} (any case, as Spark) or per-partition JSON. */
  static OffsetLimit offsetLimit(String field, String text) {
    String value = text.trim();
    if (value.toLowerCase(Locale.ROOT).equals("earliest")) {
      return new OffsetLimit.Earliest(field);
    }
    if (value.toLowerCase(Locale.ROOT).equals("latest")) {
      return new OffsetLimit.Latest(field);
    }
    Map<TopicPartition, Long> offsets;
    try {
      offsets = PartitionJson.offsets(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " must be earliest, latest or offsets per partition: " + e.getMessage());
    }
    offsets.forEach(
        (tp, offset) -> {
          if (offset < OffsetLimit.EARLIEST) {
            throw new IllegalArgumentException(
                field
                    + ": offset "
                    + offset
                    + " for "
                    + tp
                    + " is not valid; give an offset >= 0, -2 (earliest) or -1 (latest)");
          }
        });
    return new OffsetLimit.Offsets(field, offsets);
  }

  static long timestamp(String field, long timestamp) {
    // Kafka's ListOffsets reads negative timestamps as earliest/latest/max-timestamp requests
    if (timestamp < 0) {
      throw new IllegalArgumentException(
          field + " must be a time in epoch milliseconds, 0 or more (is " + timestamp + ")");
    }
    return timestamp;
  }

  static Map<TopicPartition, Long> timestamps(String field, String json) {
    Map<TopicPartition, Long> timestamps;
    try {
      timestamps = PartitionJson.timestamps(json.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
    timestamps.forEach((tp, ts) -> timestamp(field + " for " + tp, ts));
    return timestamps;
  }

  /**
   * What Spark refuses for this kind of run ({@code KafkaSourceProvider.validateBatchOptions} and
   * {@code validateStreamOptions}), with its wording, the field and the fix; plus kafkaload's own
   * rules (maxRecordsPerRun only bounds bounded runs; an end before its start is a contradiction).
   */
  public List<String> problems(RunMode mode) {
    List<String> p = new ArrayList<>();
    if (mode.batchRules()) {
      batchProblems(p);
    } else {
      streamingProblems(p, mode);
    }
    return p;
  }

  private void batchProblems(List<String> p) {
    if (start instanceof OffsetLimit.Latest) {
      p.add(
          start.field()
              + ": starting offset can't be latest for batch queries on Kafka; use earliest,"
              + " offsets per partition or a timestamp (latest is for mode: Streaming)");
    }
    if (start instanceof OffsetLimit.Offsets o) {
      o.offsets()
          .forEach(
              (tp, off) -> {
                if (off == OffsetLimit.LATEST) {
                  p.add(
                      o.field()
                          + ": startingOffsets for "
                          + tp
                          + " can't be latest for batch queries on Kafka; give an offset or -2"
                          + " (earliest)");
                }
              });
    }
    if (end instanceof OffsetLimit.Earliest) {
      p.add(
          end.field()
              + ": ending offset can't be earliest for batch queries on Kafka; use latest,"
              + " offsets per partition or a timestamp");
    }
    if (end instanceof OffsetLimit.Offsets o) {
      o.offsets()
          .forEach(
              (tp, off) -> {
                if (off == OffsetLimit.EARLIEST) {
                  p.add(
                      o.field()
                          + ": ending offset for "
                          + tp
                          + " can't be earliest for batch queries on Kafka; give an offset or -1"
                          + " (latest)");
                }
              });
    }
    endBeforeStart(p);
  }

  /** Contradictions visible without a broker: an explicit end before an explicit start. */
  private void endBeforeStart(List<String> p) {
    if (start instanceof OffsetLimit.Timestamp s
        && end instanceof OffsetLimit.Timestamp e
        && e.timestamp() < s.timestamp()) {
      p.add(
          e.field()
              + " ("
              + e.timestamp()
              + ") is before "
              + s.field()
              + " ("
              + s.timestamp()
              + "); a run would read nothing");
    }
    if (start instanceof OffsetLimit.Offsets s && end instanceof OffsetLimit.Offsets e) {
      s.offsets()
          .forEach(
              (tp, from) -> {
                Long until = e.offsets().get(tp);
                if (from >= 0 && until != null && until >= 0 && until < from) {
                  p.add(
                      e.field()
                          + ": ending offset "
                          + until
                          + " for "
                          + tp
                          + " is before its starting offset "
                          + from
                          + " ("
                          + s.field()
                          + "); fix one of them");
                }
              });
    }
  }

  private void streamingProblems(List<String> p, RunMode mode) {
    String fix =
        "; remove it (a streaming load has no end; trigger Once stops at the latest offsets seen"
            + " at start), or use mode: Batch";
    if (source.endingOffsets() != null) {
      p.add(ENDING_OFFSETS + ": ending offset not valid in streaming queries" + fix);
    }
    if (source.endingOffsetsByTimestamp() != null) {
      p.add(ENDING_BY_TIMESTAMP + ": ending timestamp not valid in streaming queries" + fix);
    }
    // Spark ignores endingTimestamp in streaming queries; refusing it is clearer than ignoring it
    if (source.endingTimestamp() != null) {
      p.add(ENDING_TIMESTAMP + ": ending timestamp not valid in streaming queries" + fix);
    }
    if (mode == RunMode.STREAMING && maxRecordsPerRun != null) {
      p.add(
          MAX_RECORDS_PER_RUN
              + " only bounds runs that stop (mode: Batch, or trigger.type: Once); remove it or"
              + " use one of those");
    }
  }
}
