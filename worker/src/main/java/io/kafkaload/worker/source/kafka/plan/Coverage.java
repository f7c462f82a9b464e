package io.kafkaload.worker.source.kafka.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Spark's rule for per-partition options: they name exactly the partitions of the load ("If
 * startingOffsets contains specific offsets, you must specify all TopicPartitions"), so a typo in a
 * partition number or a partition added later never goes unnoticed.
 */
final class Coverage {
  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private Coverage() {}

  /** Adds a problem for each partition named but absent, and one for those missing. */
  static boolean complete(
      String field,
      Set<TopicPartition> named,
      Set<TopicPartition> all,
      String hint,
      List<String> errors) {
    int before = errors.size();
    for (TopicPartition tp : sorted(named)) {
      if (all.contains(tp)) {
        continue;
      }
      List<TopicPartition> ofTopic =
          all.stream().filter(p -> p.topic().equals(tp.topic())).sorted(ORDER).toList();
      if (ofTopic.isEmpty()) {
        errors.add(field + " names topic " + tp.topic() + ", which the load does not read");
      } else {
        errors.add(
            field
                + " names partition "
                + tp
                + ", which does not exist ("
                + tp.topic()
                + " has partitions "
                + ofTopic.stream()
                    .map(p -> String.valueOf(p.partition()))
                    .collect(Collectors.joining(", "))
                + ")");
      }
    }
    List<TopicPartition> missing = sorted(all).stream().filter(tp -> !named.contains(tp)).toList();
    if (!missing.isEmpty()) {
      errors.add(
          field
              + " must give every partition of the load when it gives partitions (Spark: you"
              + " must specify all TopicPartitions); missing "
              + missing
              + hint);
    }
    return errors.size() == before;
  }

  private static List<TopicPartition> sorted(Set<TopicPartition> tps) {
    List<TopicPartition> list = new ArrayList<>(tps);
    list.sort(ORDER);
    return list;
  }
}
