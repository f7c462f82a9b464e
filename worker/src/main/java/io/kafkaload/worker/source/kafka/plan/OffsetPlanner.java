package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.config.LoadSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans where each partition of a run starts and stops, with the semantics of Spark's Kafka source.
 * A pure function of the options and of what Kafka and the offset store said:
 *
 * <ol>
 *   <li>A stored position always wins: the starting options apply only to a load's first run (no
 *       stored position for any partition), as a Spark checkpoint wins over {@code
 *       startingOffsets}.
 *   <li>A partition with no stored position in a load that has some (added since the last run, or a
 *       new topic matching the pattern) starts at its earliest offset, as Spark's new partitions
 *       do; if that is not 0, [0, earliest) is reported as lost, as Spark's "Added partition ...
 *       starts from ... instead of 0".
 *   <li>A start before the earliest offset (a stored position, or an explicit offset, behind
 *       retention) is a gap [start, earliest): with {@code failOnDataLoss} (the default) the plan
 *       fails naming every range; without, the partition starts at earliest and the gap is
 *       reported. A start past the latest offset fails (the topic was probably recreated).
 *   <li>Bounded runs end at the ending option (default latest; a timestamp no record matches ends
 *       at latest, as in Spark); an end before the start reads nothing; {@code maxRecordsPerRun}
 *       caps the total (see {@link RecordCap}).
 * </ol>
 *
 * Per-partition options must name every partition of the load and only those, as Spark asserts
 * ("you must specify all TopicPartitions").
 */
public final class OffsetPlanner {
  private static final String STORED = "stored position";

  private final OffsetOptions options;
  private final RunMode mode;
  private final PlanInput in;
  private final List<String> errors = new ArrayList<>();
  private final List<OffsetPlan.Gap> gaps = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private OffsetPlanner(OffsetOptions options, RunMode mode, PlanInput in) {
    this.options = options;
    this.mode = mode;
    this.in = in;
  }

  /** The plan, or an {@link OffsetPlanException} naming every problem and its fix. */
  public static OffsetPlan plan(OffsetOptions options, RunMode mode, PlanInput in) {
    List<String> problems = options.problems(mode);
    if (!problems.isEmpty()) {
      throw new OffsetPlanException(String.join("; ", problems));
    }
    return new OffsetPlanner(options, mode, in).plan();
  }

  private OffsetPlan plan() {
    Map<TopicPartition, Long> starts = starts();
    Map<TopicPartition, Long> ends = mode.bounded() ? ends(starts) : null;
    if (!errors.isEmpty()) {
      throw new OffsetPlanException(String.join("; ", errors));
    }
    if (!gaps.isEmpty() && options.failOnDataLoss()) {
      List<String> ranges = gaps.stream().map(OffsetPlan.Gap::describe).toList();
      throw new OffsetPlanException(
          "data loss: "
              + String.join("; ", ranges)
              + "; set "
              + OffsetOptions.FAIL_ON_DATA_LOSS
              + ": false to load on from the earliest offsets (the run report then lists the"
              + " gaps)");
    }
    return new OffsetPlan(starts, ends, List.copyOf(gaps), List.copyOf(notes));
  }

  private Map<TopicPartition, Long> starts() {
    boolean resumed = in.resumed() || !in.stored().isEmpty();
    List<TopicPartition> fresh =
        in.partitions().stream().filter(tp -> !in.stored().containsKey(tp)).toList();
    Map<TopicPartition, Long> requested =
        resumed || fresh.isEmpty()
            ? Map.of()
            : new StartResolver(options, mode, in, errors, notes).resolve(fresh);
    Map<TopicPartition, Long> starts = new LinkedHashMap<>();
    for (TopicPartition tp : in.partitions()) {
      long earliest = in.earliest().get(tp);
      long latest = in.latest().get(tp);
      Long stored = in.stored().get(tp);
      if (stored != null) {
        starts.put(tp, checked(tp, stored, earliest, latest, STORED));
      } else if (resumed) {
        notes.add(
            tp
                + " has no stored position (added since the last run): it starts at its"
                + " earliest offset "
                + earliest);
        if (earliest > 0) {
          gaps.add(
              new OffsetPlan.Gap(
                  tp,
                  0,
                  earliest,
                  "were deleted by retention before the load saw the partition (added since"
                      + " the last run, it starts at "
                      + earliest
                      + " instead of 0)"));
        }
        starts.put(tp, earliest);
      } else if (requested.containsKey(tp)) {
        starts.put(tp, checked(tp, requested.get(tp), earliest, latest, options.start().field()));
      }
    }
    return starts;
  }

  /** A start inside the log, or the earliest offset with a gap, or an error past its end. */
  private long checked(TopicPartition tp, long start, long earliest, long latest, String from) {
    if (start > latest) {
      if (STORED.equals(from)) {
        errors.add(
            "stored position "
                + start
                + " of "
                + tp
                + " is past the partition's end offset "
                + latest
                + " (was the topic deleted and created again?); reset the load's positions in "
                + in.store());
      } else {
        errors.add(
            from
                + ": offset "
                + start
                + " for "
                + tp
                + " is past the partition's latest offset "
                + latest
                + "; give an offset up to "
                + latest);
      }
      return latest;
    }
    if (start < earliest) {
      gaps.add(
          new OffsetPlan.Gap(
              tp,
              start,
              earliest,
              "were deleted by retention before they were loaded ("
                  + from
                  + " "
                  + start
                  + ", earliest offset "
                  + earliest
                  + ")"));
      return earliest;
    }
    return start;
  }

  private Map<TopicPartition, Long> ends(Map<TopicPartition, Long> starts) {
    // trigger Once is a streaming query: no ending options (refused), it stops at latest
    OffsetLimit limit = mode == RunMode.ONCE ? new OffsetLimit.Latest(null) : options.end();
    Map<TopicPartition, Long> requested = new EndResolver(limit, in, errors).resolve();
    Map<TopicPartition, Long> ends = new LinkedHashMap<>();
    for (TopicPartition tp : in.partitions()) {
      Long start = starts.get(tp);
      Long end = requested.get(tp);
      if (start == null || end == null) {
        continue; // an error was recorded
      }
      if (end < start) {
        notes.add(
            tp
                + ": nothing to read, its end offset "
                + end
                + " ("
                + fieldOr(limit, "latest")
                + ") is before its start "
                + start);
        end = start;
      }
      ends.put(tp, end);
    }
    if (options.maxRecordsPerRun() != null && errors.isEmpty()) {
      Map<TopicPartition, Long> capped =
          RecordCap.cap(in.partitions(), starts, ends, options.maxRecordsPerRun());
      if (capped != ends) {
        notes.add(
            OffsetOptions.MAX_RECORDS_PER_RUN
                + " "
                + options.maxRecordsPerRun()
                + ": this run stops at "
                + capped
                + " instead of "
                + ends
                + "; the next run goes on from there");
      }
      return capped;
    }
    return ends;
  }

  static String fieldOr(OffsetLimit limit, String otherwise) {
    return limit.field() == null ? otherwise : limit.field();
  }

  static String strategyFix() {
    return "set "
        + OffsetOptions.STRATEGY
        + ": "
        + LoadSpec.TimestampStrategy.Latest
        + " to start at the latest offset instead";
  }
}
