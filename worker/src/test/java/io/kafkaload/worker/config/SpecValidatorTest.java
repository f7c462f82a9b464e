package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid spec gives a problem that names the field. */
class SpecValidatorTest {
  private static final LoadSpec.Source TOPICS =
      new LoadSpec.Source(new LoadSpec.KafkaSource(List.of("t"), null, null, null));
  private static final LoadSpec.Sink FILES =
      new LoadSpec.Sink(new LoadSpec.FilesSink("/out", null, null), null);
  private static final LoadSpec.Ref CONN = new LoadSpec.Ref("c");

  static WorkerConfig config(LoadSpec spec) {
    return new WorkerConfig(
        WorkerConfig.API_VERSION,
        WorkerConfig.KIND,
        new WorkerConfig.LoadRef("ns", "l"),
        new WorkerConfig.Connection("c", new ConnectionSpec("k:9092")),
        spec,
        null);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(new LoadSpec(CONN, null, null, TOPICS, FILES, null), null),
        Arguments.of(
            new LoadSpec(null, null, null, TOPICS, FILES, null), "spec.connectionRef.name"),
        Arguments.of(
            new LoadSpec(CONN, null, null, null, FILES, null), "spec.source.kafka is missing"),
        Arguments.of(
            new LoadSpec(CONN, null, null, TOPICS, null, null), "spec.sink.files is missing"),
        Arguments.of(
            new LoadSpec(
                CONN,
                null,
                null,
                new LoadSpec.Source(new LoadSpec.KafkaSource(List.of("t"), "t.*", null, null)),
                FILES,
                null),
            "exactly one of topics and topicPattern (both are set)"),
        Arguments.of(
            new LoadSpec(
                CONN,
                null,
                null,
                new LoadSpec.Source(new LoadSpec.KafkaSource(null, null, null, null)),
                FILES,
                null),
            "(neither is set)"),
        Arguments.of(
            new LoadSpec(
                CONN,
                null,
                null,
                new LoadSpec.Source(new LoadSpec.KafkaSource(null, "t[", null, null)),
                FILES,
                null),
            "topicPattern is not a valid regular expression"),
        Arguments.of(
            new LoadSpec(
                CONN,
                null,
                null,
                TOPICS,
                new LoadSpec.Sink(new LoadSpec.FilesSink(" ", null, null), null),
                null),
            "spec.sink.files.path is missing"),
        Arguments.of(
            new LoadSpec(
                CONN,
                null,
                null,
                TOPICS,
                new LoadSpec.Sink(
                    new LoadSpec.FilesSink("/o", null, null), new LoadSpec.Flush(0L, 0)),
                null),
            "spec.sink.flush.maxRecords must be at least 1"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsTheProblem(LoadSpec spec, String expected) {
    List<String> problems = SpecValidator.problems(config(spec));
    if (expected == null) {
      assertThat(problems).isEmpty();
    } else {
      assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
    }
  }
}
