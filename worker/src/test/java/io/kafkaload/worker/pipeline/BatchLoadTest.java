package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batch runs into Parquet and JSON lines on a real broker: exactly once, rejects kept. */
class BatchLoadTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(LoadSpec.FileFormat.class)
  void loadsEveryValidEventOnceAndKeepsTheMalformed(LoadSpec.FileFormat format) throws Exception {
    String topic = SharedKafka.createTopic("events", 3);
    Set<Long> valid = Loads.produceEvents(topic, 0, 5_000);
    Path out = dir.resolve("out");
    WorkerConfig config =
        TestLoads.files(topic, out)
            .sharedKafka()
            .name(SharedKafka.uniqueName("load"))
            .format(format)
            .flush(1_000L, null)
            .runtime(out.resolveSibling("secrets"), dir.resolve("offsets"))
            .build();

    RunReport first = Loads.run(config);

    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    List<Long> ids = Loads.eventIds(out, format);
    assertThat(ids).hasSize(valid.size()).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(valid);
    List<String> rejected = Loads.rejected(out);
    assertThat(rejected).hasSize(5_000 - valid.size()).allMatch(r -> r.contains("decode: "));
    assertThat(first.recordsRead()).isEqualTo(5_000);
    assertThat(first.recordsWritten()).isEqualTo(valid.size());
    assertThat(first.recordsRejected()).isEqualTo(5_000 - valid.size());
    assertThat(first.partitions())
        .extracting(RunReport.PartitionRange::endOffset)
        .containsOnly(1667L, 1667L, 1666L);
    assertThat(first.files()).isNotEmpty().allMatch(f -> f.contains(topic + "+"));

    // the consumer group mirrors the positions, so Kafka's lag tools see the load as done
    Map<TopicPartition, Long> group =
        SharedKafka.committedOffsets(config.spec().groupIdOrDefault(config.load()));
    assertThat(group.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5_000);

    RunReport second = Loads.run(config);
    assertThat(second.result()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isZero();
    assertThat(second.files()).isEmpty();
    assertThat(Loads.eventIds(out, format)).hasSize(valid.size());
  }
}
