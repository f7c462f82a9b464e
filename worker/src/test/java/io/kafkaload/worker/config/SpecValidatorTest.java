package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid spec gives a problem that names the field. */
class SpecValidatorTest {
  /** A load of topic {@code t} into files under {@code /data}, as load {@code ns/l}. */
  static TestLoads base() {
    return TestLoads.files("t", "/data").namespace("ns").name("l").bootstrap("k:9092");
  }

  /** {@code spec} in a worker config of load {@code ns/l}, not checked. */
  static WorkerConfig config(LoadSpec spec) {
    return base().set("spec", spec).unchecked();
  }

  /** A load into files with these settings (null: the default). */
  static LoadSpec files(
      LoadSpec.Mode mode,
      LoadSpec.FileFormat format,
      LoadSpec.Compression compression,
      LoadSpec.WriteMode writeMode,
      Integer coalesce,
      String path) {
    return base()
        .set("spec.sink.files.path", path == null ? "/data" : path)
        .set("spec.mode", mode)
        .format(format)
        .set("spec.sink.files.compression", compression)
        .set("spec.sink.files.writeMode", writeMode)
        .set("spec.sink.files.coalesce", coalesce)
        .spec();
  }

  /** A load of topic {@code t} into files under {@code /out}. */
  private static TestLoads out() {
    return base().set("spec.sink.files.path", "/out");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(out().spec(), null),
        Arguments.of(out().set("spec.connectionRef", null).spec(), "spec.connectionRef.name"),
        Arguments.of(out().set("spec.source", null).spec(), "spec.source.kafka is missing"),
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
            out().set("spec.sink", null).set("spec.sink.jdbc.table", "t").spec(),
            "spec.sink.jdbc.secretRef.name is missing"),
        Arguments.of(
            out()
                .set("spec.rejected.maxRejected", -1L)
                .set("spec.rejected.maxRejectedRatio", 1.5)
                .spec(),
            "spec.rejected.maxRejectedRatio must be between 0 and 1"),
        Arguments.of(out().sql(" ").spec(), "spec.transform.sql is empty"),
        Arguments.of(
            out().set("spec.sink", null).spec(),
            "spec.sink: set exactly one of files, jdbc, iceberg and kafka (none is set)"),
        Arguments.of(
            out().set("spec.source.kafka.topicPattern", "t.*").spec(),
            "exactly one of topics and topicPattern (both are set)"),
        Arguments.of(out().set("spec.source.kafka.topics", null).spec(), "(neither is set)"),
        Arguments.of(
            out()
                .set("spec.source.kafka.topics", null)
                .set("spec.source.kafka.topicPattern", "t[")
                .spec(),
            "spec.source.kafka.topicPattern: not a valid regular expression (Unclosed character class)"),
        Arguments.of(
            base().set("spec.sink.files.path", " ").spec(), "spec.sink.files.path is missing"),
        Arguments.of(
            base().set("spec.sink.files.path", "/o").flush(0L, 0).spec(),
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
    return out()
        .set("spec.mode", mode)
        .set("spec.trigger.type", trigger)
        .set("spec.source.kafka.topics", kafka.topicPattern == null ? List.of("t") : null)
        .set("spec.source.kafka.topicPattern", kafka.topicPattern)
        .set("spec.source.kafka.startingOffsets", kafka.startingOffsets)
        .set("spec.source.kafka.endingOffsets", kafka.endingOffsets)
        .set("spec.source.kafka.startingTimestamp", kafka.startingTimestamp)
        .set("spec.source.kafka.startingOffsetsByTimestamp", kafka.startingOffsetsByTimestamp)
        .set("spec.source.kafka.endingTimestamp", kafka.endingTimestamp)
        .set("spec.source.kafka.endingOffsetsByTimestamp", kafka.endingOffsetsByTimestamp)
        .set("spec.source.kafka.maxRecordsPerRun", kafka.maxRecordsPerRun)
        .set("spec.source.kafka.options", kafka.options)
        .spec();
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
