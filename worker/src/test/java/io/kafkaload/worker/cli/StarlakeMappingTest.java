package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Starlake's kafkaload flags onto the spec: what each supported flag sets, flag by flag. */
class StarlakeMappingTest {

  /** A batch load of topic events into Parquet files under /data/events. */
  static WorkerConfig base() {
    return TestLoads.files("events", "/data/events")
        .namespace("ns")
        .name("events")
        .mode(LoadSpec.Mode.Batch)
        .format(LoadSpec.FileFormat.Parquet)
        .set("spec.sink.files.claimName", "data")
        .flush(null, 30)
        .offsets(LoadSpec.OffsetStoreKind.Topic)
        .runtime(Path.of("/secrets"), Path.of("/offsets"))
        .unchecked();
  }

  static WorkerConfig map(String... flags) {
    LoadCommand command = new LoadCommand();
    List<String> args = new ArrayList<>(List.of("--config", "load.yaml"));
    args.addAll(List.of(flags));
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return StarlakeMapping.apply(command, base());
  }

  private static LoadSpec.KafkaSource source(WorkerConfig c) {
    return c.spec().source().kafka();
  }

  private static Arguments row(List<String> flags, Function<WorkerConfig, Object> get, Object is) {
    return Arguments.of(String.join(" ", flags), flags, get, is);
  }

  static Stream<Arguments> supported() {
    Function<WorkerConfig, Object> format = c -> source(c).format();
    Function<WorkerConfig, Object> path = c -> c.spec().sink().files().path();
    Function<WorkerConfig, Object> fileFormat = c -> c.spec().sink().files().format();
    Function<WorkerConfig, Object> options = c -> source(c).options();
    Function<WorkerConfig, Object> mode = c -> c.spec().mode();
    Function<WorkerConfig, Object> trigger = c -> c.spec().trigger();
    return Stream.of(
        row(List.of("--format", "avro"), format, LoadSpec.ValueFormat.Avro),
        row(List.of("--format", "JSON"), format, LoadSpec.ValueFormat.Json),
        row(List.of("--format", "string"), format, LoadSpec.ValueFormat.String),
        row(List.of("--format", "bytes"), format, LoadSpec.ValueFormat.Bytes),
        row(List.of("--path", "/data/out"), path, "/data/out"),
        row(List.of("--write-path", "/data/w"), path, "/data/w"),
        row(List.of("--path", "/same", "--write-path", "/same"), path, "/same"),
        row(List.of("--write-format", "json"), fileFormat, LoadSpec.FileFormat.Json),
        row(List.of("--write-format", "PARQUET"), fileFormat, LoadSpec.FileFormat.Parquet),
        row(List.of("--write-mode", "APPEND"), path, "/data/events"),
        row(List.of("--write-mode", "Append"), fileFormat, LoadSpec.FileFormat.Parquet),
        row(
            List.of("--options", "max.poll.records=1000, session.timeout.ms=30000"),
            options,
            Map.of("max.poll.records", "1000", "session.timeout.ms", "30000")),
        row(
            List.of("--options", "kafka.fetch.min.bytes=1"),
            options,
            Map.of("fetch.min.bytes", "1")),
        row(
            List.of("--stream", "--options", "startingOffsets=latest,failOnDataLoss=false"),
            c -> source(c).startingOffsets() + " " + source(c).failOnDataLoss(),
            "latest false"),
        row(
            List.of("--options", "endingOffsets={\"events\":{\"0\":-1}}"),
            c -> source(c).endingOffsets(),
            "{\"events\":{\"0\":-1}}"),
        row(
            List.of(
                "--options",
                "startingTimestamp=1700000000000,startingOffsetsByTimestampStrategy=latest"),
            c ->
                source(c).startingTimestamp()
                    + " "
                    + source(c).startingOffsetsByTimestampStrategy(),
            "1700000000000 Latest"),
        row(List.of("--options", "endingTimestamp=42"), c -> source(c).endingTimestamp(), 42L),
        row(List.of("--options", "maxRecordsPerRun=500"), c -> source(c).maxRecordsPerRun(), 500L),
        row(List.of("--options", "kafka.group.id=g1"), c -> source(c).groupId(), "g1"),
        row(
            List.of("--options", "subscribe=other"),
            c -> source(c).topics() + " " + source(c).topicPattern(),
            "[other] null"),
        row(
            List.of("--options", "subscribePattern=ev.*"),
            c -> source(c).topics() + " " + source(c).topicPattern(),
            "null ev.*"),
        row(
            List.of("--options", "kafka.bootstrap.servers=other:9092"),
            c -> c.connection().spec().bootstrapServers(),
            "other:9092"),
        row(
            List.of("--write-options", "maxRecordsPerFile=5000"),
            c -> c.spec().sink().flush(),
            new LoadSpec.Flush(5000L, null, 30)),
        row(List.of("--write-format", "csv"), fileFormat, LoadSpec.FileFormat.Csv),
        row(List.of("--write-format", "Avro"), fileFormat, LoadSpec.FileFormat.Avro),
        row(
            List.of("--write-mode", "OVERWRITE"),
            c -> c.spec().sink().files().writeMode(),
            LoadSpec.WriteMode.Overwrite),
        row(
            List.of("--write-mode", "error_if_exists"),
            c -> c.spec().sink().files().writeMode(),
            LoadSpec.WriteMode.ErrorIfExists),
        row(
            List.of("--write-mode", "ignore"),
            c -> c.spec().sink().files().writeMode(),
            LoadSpec.WriteMode.Ignore),
        row(List.of("--write-coalesce", "3"), c -> c.spec().sink().files().coalesce(), 3),
        row(
            List.of("--stream", "--streaming-partition-by", "event_date, region"),
            c -> c.spec().sink().files().partitionBy(),
            List.of("event_date", "region")),
        row(
            List.of("--transform", "SELECT user_id FROM message WHERE event_type <> 'x'"),
            c -> c.spec().transform().sql(),
            "SELECT user_id FROM message WHERE event_type <> 'x'"),
        row(
            List.of("--write-options", "compression=snappy"),
            c -> c.spec().sink().files().compression(),
            LoadSpec.Compression.Snappy),
        row(List.of("--stream"), mode, LoadSpec.Mode.Streaming),
        row(List.of("--stream", "true"), mode, LoadSpec.Mode.Streaming),
        row(List.of("--stream", "false"), mode, LoadSpec.Mode.Batch),
        row(
            List.of("--stream", "--streaming-trigger", "Once"),
            trigger,
            new LoadSpec.Trigger(LoadSpec.TriggerType.Once, null)),
        row(
            List.of("--stream", "--streaming-trigger", "continuous"),
            trigger,
            new LoadSpec.Trigger(LoadSpec.TriggerType.Continuous, null)),
        row(
            List.of(
                "--stream",
                "--streaming-trigger",
                "ProcessingTime",
                "--streaming-trigger-option",
                "10 seconds"),
            trigger,
            new LoadSpec.Trigger(LoadSpec.TriggerType.ProcessingTime, 10)),
        row(
            List.of("--stream", "--streaming-trigger-option", "1 minute 30 seconds"),
            trigger,
            new LoadSpec.Trigger(null, 90)),
        row(
            List.of("--stream", "--streaming-trigger-option", "interval 2 minutes"),
            trigger,
            new LoadSpec.Trigger(null, 120)),
        row(
            List.of("--stream", "--streaming-trigger-option", "10s"),
            trigger,
            new LoadSpec.Trigger(null, 10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supported")
  void supportedFlagSetsItsSpecField(
      String name, List<String> flags, Function<WorkerConfig, Object> get, Object expected) {
    assertThat(get.apply(map(flags.toArray(String[]::new)))).isEqualTo(expected);
  }

  @Test
  void noFlagsKeepTheLoadAsLoaded() {
    assertThat(map()).isEqualTo(base());
  }

  @Test
  void flagsKeepWhatTheyDoNotTouch() {
    WorkerConfig c = map("--write-format", "json", "--stream", "--options", "max.poll.records=5");
    LoadSpec.FilesSink files = c.spec().sink().files();
    assertThat(files.path()).isEqualTo("/data/events");
    assertThat(files.claimName()).isEqualTo("data");
    assertThat(c.spec().offsets()).isEqualTo(base().spec().offsets());
    assertThat(c.spec().sink().flush()).isEqualTo(base().spec().sink().flush());
    assertThat(source(c).topics()).containsExactly("events");
    assertThat(c.load()).isEqualTo(base().load());
    assertThat(c.runtime()).isEqualTo(base().runtime());
  }

  @Test
  void sparkOptionsAreValidatedWithSparksRules() {
    assertThatThrownBy(() -> map("--options", "startingOffsets=latest"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("starting offset can't be latest for batch queries");
  }

  @Test
  void theResultIsValidatedLikeTheLoadedFile() {
    assertThatThrownBy(() -> map("--options", "subscribePattern=("))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.source.kafka.topicPattern: not a valid regular expression");
  }

  /** The base load writing to a PostgreSQL table instead of files. */
  private static WorkerConfig tableLoad() {
    return ConfigLoader.edit(
        base(),
        doc -> {
          doc.remove("spec.sink.files");
          doc.remove("spec.offsets");
          doc.set("spec.sink.jdbc.secretRef.name", "pg");
          doc.set("spec.sink.jdbc.table", "events");
          doc.set("spec.rejected.topic", "events-rejected");
        });
  }

  private static WorkerConfig mapTable(String... flags) {
    LoadCommand command = new LoadCommand();
    List<String> args = new ArrayList<>(List.of("--config", "load.yaml"));
    args.addAll(List.of(flags));
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return StarlakeMapping.apply(command, tableLoad());
  }

  @Test
  void aTableLoadTakesTheFlagsOfItsSource() {
    WorkerConfig c = mapTable("--format", "avro", "--options", "startingOffsets=earliest");

    assertThat(source(c).format()).isEqualTo(LoadSpec.ValueFormat.Avro);
    assertThat(c.spec().sink()).isEqualTo(tableLoad().spec().sink());
  }

  @Test
  void aFilesFlagOnATableLoadNamesTheSinkField() {
    assertThatThrownBy(() -> mapTable("--write-format", "json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.sink: set exactly one of files, jdbc, iceberg and kafka");
  }

  @Test
  void offloadingSendsThePathsFilesOrTheLoadsTopicsToTheWriteConfigTopic() {
    WorkerConfig files =
        mapTable(
            "--path", "/data/events.parquet", "--write-config", "out", "--write-format", "kafka");
    WorkerConfig csv =
        mapTable(
            "--path",
            "/data/in",
            "--format",
            "csv",
            "--write-config",
            "out",
            "--write-format",
            "KAFKA");
    WorkerConfig topics = mapTable("--write-config", "out", "--format", "avro");

    assertThat(files.spec().source().kafka()).isNull();
    assertThat(files.spec().source().files().path()).isEqualTo("/data/events.parquet");
    assertThat(files.spec().source().files().formatOrDefault())
        .isEqualTo(LoadSpec.FileFormat.Parquet);
    assertThat(files.spec().sink().kafka().topic()).isEqualTo("out");
    assertThat(files.spec().sink().jdbc()).isNull();
    assertThat(files.spec().rejected()).isEqualTo(tableLoad().spec().rejected());
    assertThat(csv.spec().source().files().format()).isEqualTo(LoadSpec.FileFormat.Csv);
    assertThat(source(topics).topics()).containsExactly("events");
    assertThat(source(topics).format()).isEqualTo(LoadSpec.ValueFormat.Avro);
    assertThat(topics.spec().sink().kafka().topic()).isEqualTo("out");
  }
}
