package io.kafkaload.worker.source.kafka.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Resolves the ending option of a bounded run into offsets: latest by default and for -1; a
 * timestamp becomes the first offset at or after it, or latest when no record matches (Spark's rule
 * for ending timestamps). An explicit offset past the latest one fails: a bounded run reads what
 * exists when it starts and would otherwise wait for offsets that may never come.
 */
final class EndResolver {
  private final OffsetLimit limit;
  private final PlanInput in;
  private final List<String> errors;

  EndResolver(OffsetLimit limit, PlanInput in, List<String> errors) {
    this.limit = limit;
    this.in = in;
    this.errors = errors;
  }

  Map<TopicPartition, Long> resolve() {
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    List<TopicPartition> partitions = in.partitions();
    if (limit instanceof OffsetLimit.Offsets o) {
      if (Coverage.complete(
          o.field(),
          o.offsets().keySet(),
          in.loadPartitions(),
          "; add them with -1 (latest) if you don't care",
          errors)) {
        for (TopicPartition tp : partitions) {
          long offset = o.offsets().get(tp);
          long latest = in.latest().get(tp);
          if (offset == OffsetLimit.LATEST) {
            out.put(tp, latest);
          } else if (offset > latest) {
            errors.add(
                o.field()
                    + ": offset "
                    + offset
                    + " for "
                    + tp
                    + " is past the partition's latest offset "
                    + latest
                    + "; a bounded run reads what exists when it starts: give an offset up to "
                    + latest
                    + ", or -1 (latest)");
          } else {
            out.put(tp, offset);
          }
        }
      }
    } else if (limit instanceof OffsetLimit.Timestamps t) {
      if (Coverage.complete(
          t.field(),
          t.timestamps().keySet(),
          in.loadPartitions(),
          "; add them, or set "
              + OffsetOptions.ENDING_TIMESTAMP
              + " instead to end every partition at one time",
          errors)) {
        byTimestamp(partitions, t.timestamps()::get, out);
      }
    } else if (limit instanceof OffsetLimit.Timestamp g) {
      byTimestamp(partitions, tp -> g.timestamp(), out);
    } else {
      // latest (earliest is refused for batch runs before planning)
      partitions.forEach(tp -> out.put(tp, in.latest().get(tp)));
    }
    return out;
  }

  private void byTimestamp(
      List<TopicPartition> partitions,
      Function<TopicPartition, Long> timestamps,
      Map<TopicPartition, Long> out) {
    Map<TopicPartition, Long> query = new LinkedHashMap<>();
    partitions.forEach(tp -> query.put(tp, timestamps.apply(tp)));
    Map<TopicPartition, Long> found = in.lookup().offsetsForTimes(query);
    for (TopicPartition tp : partitions) {
      Long offset = found.get(tp);
      long latest = in.latest().get(tp);
      out.put(tp, offset == null ? latest : Math.min(offset, latest));
    }
  }
}
