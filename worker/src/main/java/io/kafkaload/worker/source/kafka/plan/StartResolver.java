package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.config.LoadSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Resolves the starting option into offsets for the partitions of a load's first run: -2 and -1
 * become the earliest and latest offsets; a timestamp becomes the first offset at or after it, or,
 * when no record matches, an error (strategy Error, Spark's default) or the latest offset (strategy
 * Latest). Explicit offsets are returned as given; the planner checks their range.
 */
final class StartResolver {
  private final OffsetOptions options;
  private final RunMode mode;
  private final PlanInput in;
  private final List<String> errors;
  private final List<String> notes;

  StartResolver(
      OffsetOptions options, RunMode mode, PlanInput in, List<String> errors, List<String> notes) {
    this.options = options;
    this.mode = mode;
    this.in = in;
    this.errors = errors;
    this.notes = notes;
  }

  Map<TopicPartition, Long> resolve(List<TopicPartition> fresh) {
    OffsetLimit limit = options.start();
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    if (limit instanceof OffsetLimit.Earliest) {
      fresh.forEach(tp -> out.put(tp, in.earliest().get(tp)));
    } else if (limit instanceof OffsetLimit.Latest) {
      fresh.forEach(tp -> out.put(tp, in.latest().get(tp)));
    } else if (limit instanceof OffsetLimit.Offsets o) {
      String hint =
          mode.batchRules()
              ? "; add them with -2 (earliest) if you don't care"
              : "; add them with -2 (earliest) or -1 (latest) if you don't care";
      if (Coverage.complete(o.field(), o.offsets().keySet(), in.loadPartitions(), hint, errors)) {
        for (TopicPartition tp : fresh) {
          long offset = o.offsets().get(tp);
          out.put(
              tp,
              offset == OffsetLimit.EARLIEST
                  ? in.earliest().get(tp)
                  : offset == OffsetLimit.LATEST ? in.latest().get(tp) : offset);
        }
      }
    } else if (limit instanceof OffsetLimit.Timestamps t) {
      String hint =
          "; add them, or set "
              + OffsetOptions.STARTING_TIMESTAMP
              + " instead to start every partition at one time";
      if (Coverage.complete(
          t.field(), t.timestamps().keySet(), in.loadPartitions(), hint, errors)) {
        byTimestamp(t.field(), fresh, t.timestamps()::get, out);
      }
    } else if (limit instanceof OffsetLimit.Timestamp g) {
      byTimestamp(g.field(), fresh, tp -> g.timestamp(), out);
    }
    return out;
  }

  private void byTimestamp(
      String field,
      List<TopicPartition> fresh,
      Function<TopicPartition, Long> timestamps,
      Map<TopicPartition, Long> out) {
    Map<TopicPartition, Long> query = new LinkedHashMap<>();
    fresh.forEach(tp -> query.put(tp, timestamps.apply(tp)));
    Map<TopicPartition, Long> found = in.lookup().offsetsForTimes(query);
    for (TopicPartition tp : fresh) {
      Long offset = found.get(tp);
      long latest = in.latest().get(tp);
      if (offset != null) {
        // with read_committed the match may lie past the last stable offset: start there
        out.put(tp, Math.max(in.earliest().get(tp), Math.min(offset, latest)));
      } else if (options.strategy() == LoadSpec.TimestampStrategy.Latest) {
        notes.add(
            tp
                + ": no record at or after "
                + field
                + " "
                + query.get(tp)
                + ", it starts at its latest offset "
                + latest
                + " (strategy Latest)");
        out.put(tp, latest);
      } else {
        errors.add(
            field
                + ": No offset matched from request of topic-partition "
                + tp
                + " and timestamp "
                + query.get(tp)
                + " (no record at or after it); "
                + OffsetPlanner.strategyFix());
      }
    }
  }
}
