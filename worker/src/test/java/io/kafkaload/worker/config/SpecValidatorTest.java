package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
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

  /** A load into files with these settings (null: the default). */
  static LoadSpec files(
      LoadSpec.Mode mode,
      LoadSpec.FileFormat format,
      LoadSpec.Compression compression,
      LoadSpec.WriteMode writeMode,
      Integer coalesce,
      String path) {
    return new LoadSpec(
        CONN,
        mode,
        null,
        TOPICS,
        new LoadSpec.Sink(
            new LoadSpec.FilesSink(
                path == null ? "/data" : path,
                format,
                compression,
                null,
                coalesce,
                writeMode,
                null),
            null),
        null);
  }

  /** {@code spec} with its field {@code field} set to {@code value}, every other field kept. */
  static LoadSpec with(LoadSpec spec, String field, Object value) {
    ObjectMapper json = ConfigLoader.json();
    ObjectNode tree = json.valueToTree(spec);
    tree.set(field, json.valueToTree(value));
    try {
      return json.treeToValue(tree, LoadSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(new LoadSpec(CONN, null, null, TOPICS, FILES, null), null),
        Arguments.of(
            new LoadSpec(null, null, null, TOPICS, FILES, null), "spec.connectionRef.name"),
        Arguments.of(
            new LoadSpec(CONN, null, null, null, FILES, null), "spec.source.kafka is missing"),
        Arguments.of(
            files(null, LoadSpec.FileFormat.Csv, LoadSpec.Compression.Snappy, null, null, null),
            "spec.sink.files.compression Snappy does not apply to format Csv; use one of [Gzip,"
                + " Zstd, None]"),
        Arguments.of(
            files(null, LoadSpec.FileFormat.Avro, LoadSpec.Compression.Deflate, null, null, null),
            null),
        Arguments.of(
            files(LoadSpec.Mode.Streaming, null, null, LoadSpec.WriteMode.Overwrite, null, null),
            "spec.sink.files.writeMode Overwrite: a Streaming load appends"),
        Arguments.of(
            files(LoadSpec.Mode.Streaming, null, null, null, 2, null),
            "spec.sink.files.coalesce applies to mode Batch only"),
        Arguments.of(
            files(null, null, null, null, 0, null), "spec.sink.files.coalesce must be at least 1"),
        Arguments.of(
            files(
                null,
                LoadSpec.FileFormat.Csv,
                null,
                LoadSpec.WriteMode.Overwrite,
                null,
                "/d/x.csv"),
            "names a file: set coalesce: 1"),
        Arguments.of(
            files(null, LoadSpec.FileFormat.Csv, null, null, 1, "/d/x.csv"),
            "set writeMode Overwrite or ErrorIfExists"),
        Arguments.of(
            files(null, LoadSpec.FileFormat.Csv, null, LoadSpec.WriteMode.Overwrite, 1, "/d/x.csv"),
            null),
        Arguments.of(
            new LoadSpec(
                CONN,
                null,
                null,
                TOPICS,
                new LoadSpec.Sink(
                    null, new LoadSpec.JdbcSink(null, "t", null, null, null), null, null),
                null),
            "spec.sink.jdbc.secretRef.name is missing"),
        Arguments.of(
            with(
                new LoadSpec(CONN, null, null, TOPICS, FILES, null),
                "rejected",
                new LoadSpec.Rejected(null, -1L, 1.5)),
            "spec.rejected.maxRejectedRatio must be between 0 and 1"),
        Arguments.of(
            with(
                new LoadSpec(CONN, null, null, TOPICS, FILES, null),
                "transform",
                new LoadSpec.Transform(" ")),
            "spec.transform.sql is empty"),
        Arguments.of(
            new LoadSpec(CONN, null, null, TOPICS, null, null),
            "spec.sink: set exactly one of files, jdbc and iceberg (none is set)"),
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
            "spec.source.kafka.topicPattern: not a valid regular expression (Unclosed character class)"),
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

  /** A spec reading topic {@code t} with these options; trigger only for Streaming. */
  static LoadSpec offsets(LoadSpec.Mode mode, LoadSpec.TriggerType trigger, Kafka kafka) {
    LoadSpec.KafkaSource source =
        new LoadSpec.KafkaSource(
            kafka.topicPattern == null ? List.of("t") : null,
            kafka.topicPattern,
            null,
            null,
            kafka.startingOffsets,
            kafka.endingOffsets,
            kafka.startingTimestamp,
            kafka.startingOffsetsByTimestamp,
            null,
            kafka.endingTimestamp,
            kafka.endingOffsetsByTimestamp,
            null,
            kafka.maxRecordsPerRun,
            null,
            kafka.options);
    return new LoadSpec(
        CONN,
        mode,
        null,
        null,
        null,
        null,
        null,
        trigger == null ? null : new LoadSpec.Trigger(trigger, null),
        null,
        null,
        null,
        new LoadSpec.Source(source),
        null,
        null,
        FILES,
        null,
        null,
        null);
  }

  /** The offset options of a test case, all optional. */
  static final class Kafka {
    String topicPattern;
    String startingOffsets;
    String endingOffsets;
    Long startingTimestamp;
    String startingOffsetsByTimestamp;
    Long endingTimestamp;
    String endingOffsetsByTimestamp;
    Long maxRecordsPerRun;
    Map<String, String> options;

    Kafka set(java.util.function.Consumer<Kafka> setter) {
      setter.accept(this);
      return this;
    }
  }

  static Kafka kafka(java.util.function.Consumer<Kafka> setter) {
    return new Kafka().set(setter);
  }

  static Arguments batch(Kafka kafka, String expected) {
    return Arguments.of(offsets(LoadSpec.Mode.Batch, null, kafka), expected);
  }

  static Arguments streaming(LoadSpec.TriggerType trigger, Kafka kafka, String expected) {
    return Arguments.of(offsets(LoadSpec.Mode.Streaming, trigger, kafka), expected);
  }

  static Stream<Arguments> offsetCases() {
    String json = "{\"t\":{\"0\":5,\"1\":-2}}";
    return Stream.of(
        batch(kafka(k -> k.startingOffsets = json), null),
        batch(kafka(k -> k.startingOffsets = "Earliest"), null),
        batch(
            kafka(k -> k.startingOffsets = "{\"t\":{\"0\":5"),
            "spec.source.kafka.startingOffsets must be earliest, latest or offsets per partition:"
                + " Expected e.g. {\"topicA\":{\"0\":23,\"1\":-1},\"topicB\":{\"0\":-2}}, got"),
        batch(kafka(k -> k.startingOffsets = "earlist"), "got earlist"),
        batch(
            kafka(k -> k.endingOffsets = "{\"t\":{\"zero\":5}}"),
            "spec.source.kafka.endingOffsets must be earliest, latest or offsets per partition"),
        batch(
            kafka(k -> k.startingOffsetsByTimestamp = "{\"t\":[1]}"),
            "spec.source.kafka.startingOffsetsByTimestamp: Expected e.g."),
        batch(
            kafka(k -> k.endingOffsetsByTimestamp = "{\"t\":{\"0\":-5}}"),
            "spec.source.kafka.endingOffsetsByTimestamp for t-0 must be a time in epoch"
                + " milliseconds, 0 or more (is -5)"),
        batch(
            kafka(k -> k.startingOffsets = "{\"t\":{\"0\":-3}}"),
            "offset -3 for t-0 is not valid; give an offset >= 0, -2 (earliest) or -1 (latest)"),
        batch(
            kafka(k -> k.startingOffsets = "latest"),
            "spec.source.kafka.startingOffsets: starting offset can't be latest for batch queries"
                + " on Kafka"),
        batch(
            kafka(k -> k.startingOffsets = "{\"t\":{\"0\":-1}}"),
            "startingOffsets for t-0 can't be latest for batch queries on Kafka"),
        batch(
            kafka(k -> k.endingOffsets = "earliest"),
            "spec.source.kafka.endingOffsets: ending offset can't be earliest for batch queries"),
        batch(
            kafka(k -> k.endingOffsets = "{\"t\":{\"0\":-2}}"),
            "ending offset for t-0 can't be earliest for batch queries on Kafka"),
        batch(
            kafka(k -> k.startingTimestamp = -1L),
            "spec.source.kafka.startingTimestamp must be a time in epoch milliseconds, 0 or more"
                + " (is -1)"),
        batch(kafka(k -> k.endingTimestamp = -2L), "spec.source.kafka.endingTimestamp must be"),
        batch(
            kafka(k -> k.maxRecordsPerRun = 0L),
            "spec.source.kafka.maxRecordsPerRun must be at least 1 (is 0)"),
        batch(
            kafka(k -> k.startingOffsets = "{\"u\":{\"0\":5}}"),
            "spec.source.kafka.startingOffsets names topic u, which the load does not read"
                + " (spec.source.kafka.topics: [t])"),
        batch(
            kafka(
                k -> {
                  k.topicPattern = "ev.*";
                  k.endingOffsets = "{\"t\":{\"0\":5}}";
                }),
            "spec.source.kafka.endingOffsets names topic t, which does not match"
                + " spec.source.kafka.topicPattern ev.*"),
        batch(
            kafka(
                k -> {
                  k.startingOffsets = "{\"t\":{\"0\":50}}";
                  k.endingOffsets = "{\"t\":{\"0\":20}}";
                }),
            "ending offset 20 for t-0 is before its starting offset 50"),
        batch(
            kafka(
                k -> {
                  k.startingTimestamp = 2000L;
                  k.endingTimestamp = 1000L;
                }),
            "spec.source.kafka.endingTimestamp (1000) is before"),
        batch(
            kafka(k -> k.options = Map.of("max.poll.records", "10", "fetch.min.bytes", "1")), null),
        batch(
            kafka(k -> k.options = Map.of("auto.offset.reset", "latest")),
            "spec.source.kafka.options.auto.offset.reset is not allowed: kafkaload decides where"
                + " partitions start; set spec.source.kafka.startingOffsets"),
        batch(
            kafka(k -> k.options = Map.of("sasl.jaas.config", "x")),
            "spec.source.kafka.options.sasl.jaas.config is not allowed"),
        batch(
            kafka(k -> k.options = Map.of("interceptor.classes", "x")),
            "spec.source.kafka.options.interceptor.classes is not allowed"),
        streaming(null, kafka(k -> k.startingOffsets = "latest"), null),
        streaming(LoadSpec.TriggerType.Once, kafka(k -> k.startingOffsets = "latest"), null),
        streaming(
            null,
            kafka(k -> k.endingOffsets = "latest"),
            "spec.source.kafka.endingOffsets: ending offset not valid in streaming queries"),
        streaming(
            LoadSpec.TriggerType.Once,
            kafka(k -> k.endingOffsetsByTimestamp = "{\"t\":{\"0\":5}}"),
            "spec.source.kafka.endingOffsetsByTimestamp: ending timestamp not valid in streaming"
                + " queries"),
        streaming(
            LoadSpec.TriggerType.Continuous,
            kafka(k -> k.endingTimestamp = 5L),
            "spec.source.kafka.endingTimestamp: ending timestamp not valid in streaming queries"),
        streaming(
            null,
            kafka(k -> k.maxRecordsPerRun = 10L),
            "spec.source.kafka.maxRecordsPerRun only bounds runs that stop"),
        streaming(LoadSpec.TriggerType.Once, kafka(k -> k.maxRecordsPerRun = 10L), null));
  }

  @ParameterizedTest
  @MethodSource("offsetCases")
  void checksOffsetOptionsWithoutABroker(LoadSpec spec, String expected) {
    findsTheProblem(spec, expected);
  }

  @org.junit.jupiter.api.Test
  void reportsEveryBrokenOffsetOptionAtOnce() {
    List<String> problems =
        SpecValidator.problems(
            config(
                offsets(
                    LoadSpec.Mode.Batch,
                    null,
                    kafka(
                        k -> {
                          k.startingOffsets = "{";
                          k.endingOffsets = "[";
                          k.startingTimestamp = -1L;
                        }))));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("spec.source.kafka.startingOffsets"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.source.kafka.endingOffsets"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.source.kafka.startingTimestamp"));
  }
}
