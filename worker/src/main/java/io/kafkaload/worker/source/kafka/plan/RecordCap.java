package io.kafkaload.worker.source.kafka.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Caps planned ranges at {@code maxRecordsPerRun} offsets in total, split across partitions in
 * proportion to what each has to read, like Spark's {@code maxOffsetsPerTrigger}. Spark rounds each
 * share on its own (so its total drifts); here the shares are rounded down and the offsets left
 * over go one each to the partitions with the largest remainders (ties in plan order), so the total
 * is exactly the cap. Offsets, not records: transaction markers take offsets too, so a run may read
 * slightly fewer records.
 */
final class RecordCap {
  private RecordCap() {}

  /** The ends, capped; unchanged when the ranges hold {@code max} offsets or fewer. */
  static Map<TopicPartition, Long> cap(
      List<TopicPartition> order,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends,
      long max) {
    long total = 0;
    for (TopicPartition tp : order) {
      total += size(tp, starts, ends);
    }
    if (total <= max) {
      return ends;
    }
    BigInteger bigMax = BigInteger.valueOf(max);
    BigInteger bigTotal = BigInteger.valueOf(total);
    Map<TopicPartition, Long> shares = new LinkedHashMap<>();
    Map<TopicPartition, Long> remainders = new LinkedHashMap<>();
    long given = 0;
    for (TopicPartition tp : order) {
      // exact integer arithmetic: size * max can overflow a long
      BigInteger[] qr =
          BigInteger.valueOf(size(tp, starts, ends)).multiply(bigMax).divideAndRemainder(bigTotal);
      shares.put(tp, qr[0].longValue());
      remainders.put(tp, qr[1].longValue());
      given += qr[0].longValue();
    }
    List<TopicPartition> byRemainder = new ArrayList<>(order);
    byRemainder.sort(
        Comparator.comparing((TopicPartition tp) -> remainders.get(tp))
            .reversed()
            .thenComparing(order::indexOf));
    // a partition with a remainder has a share below its size, so the extra offset exists
    for (int i = 0; i < max - given; i++) {
      shares.merge(byRemainder.get(i), 1L, Long::sum);
    }
    Map<TopicPartition, Long> capped = new LinkedHashMap<>(ends);
    for (TopicPartition tp : order) {
      if (size(tp, starts, ends) > 0) {
        capped.put(tp, starts.get(tp) + shares.get(tp));
      }
    }
    return capped;
  }

  private static long size(
      TopicPartition tp, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
    return Math.max(0, ends.get(tp) - starts.get(tp));
  }
}
