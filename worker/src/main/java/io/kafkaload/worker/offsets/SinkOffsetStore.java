package io.kafkaload.worker.offsets;

import io.kafkaload.worker.output.table.TableTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code offsets.store: Sink}: the positions live in the table sink itself, committed in the same
 * transaction (PostgreSQL) or snapshot (Iceberg) as the rows, so they are read from there first. By
 * the time the engine commits, the table already holds them: {@link #commit} has nothing left to do
 * (the mirroring to the consumer group, for lag tools, wraps this store).
 */
public final class SinkOffsetStore implements OffsetStore {

  private final TableTarget table;
  private final String description;

  public SinkOffsetStore(TableTarget table, String description) {
    this.table = table;
    this.description = description;
  }

  @Override
  public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> all;
    try {
      all = table.readOffsets();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<TopicPartition, Long> result = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long position = all.get(tp);
      if (position != null) {
        result.put(tp, position);
      }
    }
    return result;
  }

  @Override
  public void commit(Map<TopicPartition, Long> positions) {
    // committed with the rows
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    // the sink closes the table
  }
}
