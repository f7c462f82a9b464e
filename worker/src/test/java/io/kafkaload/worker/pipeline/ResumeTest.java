package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each offset store resumes where the last run stopped. */
class ResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  // Sink keeps positions in table sinks (issue 5), not with files
  @EnumSource(
      value = LoadSpec.OffsetStoreKind.class,
      names = "Sink",
      mode = EnumSource.Mode.EXCLUDE)
  void secondRunReadsOnlyWhatIsNew(LoadSpec.OffsetStoreKind store) throws Exception {
    String topic = SharedKafka.createTopic("resume", 2);
    Path out = dir.resolve("out");
    WorkerConfig config =
        TestLoads.files(topic, out)
            .sharedKafka()
            .name(SharedKafka.uniqueName("load"))
            .format(LoadSpec.FileFormat.Json)
            .offsets(store)
            .runtime(out.resolveSibling("secrets"), dir.resolve("offsets"))
            .build();
    Set<Long> expected = new HashSet<>(Loads.produceEvents(topic, 0, 1_000));

    RunReport first = Loads.run(config);
    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsRead()).isEqualTo(1_000);

    expected.addAll(Loads.produceEvents(topic, 1_000, 600));
    RunReport second = Loads.run(config);
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isEqualTo(600);
    assertThat(second.partitions()).allSatisfy(p -> assertThat(p.startOffset()).isEqualTo(500));

    assertThat(Loads.eventIds(out, LoadSpec.FileFormat.Json))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    if (store == LoadSpec.OffsetStoreKind.File) {
      assertThat(dir.resolve("offsets").resolve("test." + config.load().name() + ".json")).exists();
    }
  }
}
