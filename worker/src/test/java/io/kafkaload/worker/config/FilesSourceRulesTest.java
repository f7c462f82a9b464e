package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@code source.files}, each refused with the field and the fix. */
class FilesSourceRulesTest {

  private static TestLoads toTopic(String path) {
    return TestLoads.sourceFiles(path).set("spec.sink.kafka.topic", "out").rejectedTopic("dlq");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(toTopic("/data/events.parquet"), null),
        Arguments.of(toTopic("/data/events").set("spec.source.files.format", "Csv"), null),
        Arguments.of(toTopic("/data/*.jsonl").set("spec.offsets.store", "Topic"), null),
        Arguments.of(toTopic("/data/in.csv").set("spec.source.files.csv.delimiter", ";"), null),
        Arguments.of(
            toTopic("/data/events"),
            "spec.source.files.format is missing: the path '/data/events' does not end in"),
        Arguments.of(
            toTopic("/data/events.csv").set("spec.source.files.format", "Parquet"),
            "spec.source.files.format Parquet contradicts the path '/data/events.csv'"),
        Arguments.of(toTopic("data/x.csv"), "spec.source.files.path must be an absolute path"),
        Arguments.of(toTopic("/data/../x.csv"), "spec.source.files.path must not hold"),
        Arguments.of(toTopic(" "), "spec.source.files.path is required"),
        Arguments.of(toTopic("/data/_SUCCESS.json"), "spec.source.files.path names a hidden file"),
        Arguments.of(
            toTopic("/data/x.parquet").set("spec.source.files.csv.header", false),
            "spec.source.files.csv: only with format Csv"),
        Arguments.of(
            toTopic("/data/x.csv").set("spec.source.files.csv.delimiter", ";;"),
            "spec.source.files.csv.delimiter ';;' must be exactly one character"),
        Arguments.of(
            toTopic("/data/x.csv").set("spec.offsets.store", "Group"),
            "spec.offsets.store: Group keeps positions in a Kafka consumer group"),
        Arguments.of(
            toTopic("/data/x.csv").set("spec.mode", "Streaming"),
            "spec.mode: Streaming is not supported with source.files yet"),
        Arguments.of(
            toTopic("/data/x.csv").set("spec.source.kafka.topics", List.of("t")),
            "spec.source: set exactly one of kafka and files"),
        Arguments.of(
            TestLoads.sourceFiles("/lake/in/*.parquet").set("spec.sink.files.path", "/lake/in/out"),
            "a load must not read its own output"),
        Arguments.of(
            TestLoads.sourceFiles("/lake/in/a.parquet").set("spec.sink.files.path", "/lake"),
            "a load must not read its own output"),
        Arguments.of(
            TestLoads.sourceFiles("/lake/in/a.parquet").set("spec.sink.files.path", "/lake/out"),
            null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsTheProblem(TestLoads load, String expected) {
    List<String> problems = SpecValidator.problems(load.unchecked());
    if (expected == null) {
      assertThat(problems).isEmpty();
    } else {
      assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
    }
  }
}
