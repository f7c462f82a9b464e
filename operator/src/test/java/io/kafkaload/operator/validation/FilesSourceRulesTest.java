package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.CsvOptions;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.FilesSource;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaSource;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.MetadataColumn;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.SinkSpec;
import io.kafkaload.operator.api.TriggerSpec;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.api.ValueFormat;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.testing.Examples;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A files source ({@code source.files}): each broken spec (from the Parquet-to-topic example) gives
 * exactly one problem naming the field and the fix; valid variants give none, and the rules that
 * look at {@code source.kafka} neither crash nor misfire without it.
 */
class FilesSourceRulesTest {

  static Stream<Arguments> brokenSpecs() {
    return Stream.of(
        broken(
            "no source at all",
            l -> l.getSpec().getSource().setFiles(null),
            "spec.source: missing; set exactly one source: source.kafka with topics, or"
                + " source.files with a path"),
        broken(
            "both kafka and files",
            l -> l.getSpec().getSource().setKafka(kafkaSource()),
            "spec.source: kafka and files are set; set exactly one of kafka or files"),
        broken(
            "no path",
            l -> files(l).setPath(null),
            "spec.source.files.path: is required: a file, a folder or a glob"),
        broken(
            "relative path",
            l -> files(l).setPath("data/events"),
            "spec.source.files.path: must be an absolute path (it is 'data/events')"),
        broken(
            "dot-dot segment",
            l -> files(l).setPath("/data/../etc"),
            "spec.source.files.path: must not hold '.' or '..' segments"),
        broken(
            "hidden file",
            l -> files(l).setPath("/data/events/_part-0.parquet"),
            "spec.source.files.path: names a hidden file"),
        broken(
            "a folder without format",
            l -> files(l).setFormat(null),
            "spec.source.files.format: missing, and path '/data/events' names no file extension;"
                + " set format Parquet, Json, Csv or Avro"),
        broken(
            "a recursive glob without format",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/data/events/**");
            },
            "spec.source.files.format: missing, and path '/data/events/**' names no file"
                + " extension"),
        broken(
            "a csv path with format Parquet",
            l -> files(l).setPath("/data/events/*.csv"),
            "spec.source.files.format: Parquet, but path '/data/events/*.csv' names Csv files; set"
                + " format Csv, or remove format"),
        broken(
            "csv options for Parquet files",
            l -> files(l).setCsv(csv(true, ";")),
            "spec.source.files.csv: only with format Csv, and the files are Parquet; remove csv,"
                + " or set format Csv"),
        broken(
            "csv options for a path that says Json",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/data/events/*.jsonl");
              files(l).setCsv(csv(true, null));
            },
            "spec.source.files.csv: only with format Csv, and the files are Json"),
        broken(
            "a two-character delimiter",
            l -> {
              files(l).setFormat(FileFormat.Csv);
              files(l).setCsv(csv(null, ";;"));
            },
            "spec.source.files.csv.delimiter: ';;' is 2 characters; use exactly one"),
        broken(
            "an empty delimiter",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/data/events/*.csv");
              files(l).setCsv(csv(null, ""));
            },
            "spec.source.files.csv.delimiter: '' is 0 characters; use exactly one"),
        broken(
            "the Group store",
            l -> l.getSpec().setOffsets(store(OffsetStoreType.Group)),
            "spec.offsets.store: Group keeps consumer group offsets, which spec.source.files has"
                + " none of; use Sink with sink.kafka or a table sink, or Topic or File"),
        broken(
            "Streaming",
            l -> l.getSpec().setMode(LoadMode.Streaming),
            "spec.mode: Streaming with spec.source.files; a files source runs in mode Batch for"
                + " now: set mode Batch, with schedule for a recurring run"),
        broken(
            "Streaming with trigger Once",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              TriggerSpec trigger = new TriggerSpec();
              trigger.setType(TriggerType.Once);
              l.getSpec().setTrigger(trigger);
            },
            "spec.mode: Streaming with spec.source.files"),
        broken(
            "the root folder",
            l -> files(l).setPath("/**/*.parquet"),
            "spec.source.files.path: its folder / overlaps the worker's own folder"),
        broken(
            "the worker's secrets",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/var/run/secrets/kafkaload/**/*.json");
            },
            "spec.source.files.path: its folder /var/run/secrets/kafkaload overlaps the worker's"
                + " own folder /var/run/secrets/kafkaload"),
        broken(
            "the scratch folder of the Kafka sink",
            l -> files(l).setPath("/var/lib/kafkaload/scratch/in"),
            "spec.source.files.path: its folder /var/lib/kafkaload/scratch/in overlaps the"
                + " worker's own folder /var/lib/kafkaload/scratch"),
        broken(
            "a folder around the worker's config",
            l -> files(l).setPath("/etc"),
            "spec.source.files.path: its folder /etc overlaps the worker's own folder"
                + " /etc/kafkaload"),
        broken(
            "its own files sink's folder",
            l -> toFiles(l, "/data/events"),
            "spec.source.files.path: its folder /data/events and the folder of"
                + " spec.sink.files.path, /data/events, are the same: the load would read its own"
                + " output"),
        broken(
            "a files sink inside the source folder",
            l -> toFiles(l, "/data/events/out/"),
            "spec.source.files.path: its folder /data/events and the folder of"
                + " spec.sink.files.path, /data/events/out, are inside one another"),
        broken(
            "its own files sink's folder spelt otherwise",
            l -> toFiles(l, "/Data/Events"),
            "spec.source.files.path: its folder /data/events and the folder of"
                + " spec.sink.files.path, /Data/Events, are the same"),
        broken(
            "a files sink around the source's base folder",
            l -> {
              files(l).setPath("/data/events/dt=*/*.parquet");
              toFiles(l, "/data");
            },
            "spec.source.files.path: its folder /data/events and the folder of"
                + " spec.sink.files.path, /data, are inside one another"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSpecs")
  void eachMistakeIsOneProblemWithItsFix(String name, Consumer<KafkaLoad> breakIt, String problem) {
    KafkaLoad load = load();
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    breakIt.accept(load);
    assertThat(LoadSpecValidator.validate(load)).singleElement().asString().startsWith(problem);
  }

  static Stream<Arguments> validVariants() {
    return Stream.of(
        valid("as written", l -> {}),
        valid(
            "format from a file's extension",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/data/events/2026-12-07.parquet");
            }),
        valid(
            "format from a glob's extension",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/data/events/**/*.avro");
            }),
        valid("format given and named alike", l -> files(l).setPath("/data/events/*.parquet")),
        valid(
            "compressed CSV with options",
            l -> {
              files(l).setFormat(null);
              files(l).setPath("/data/events/dt=*/*.csv.gz");
              files(l).setCsv(csv(false, "\t"));
            }),
        valid(
            "a one-code-point delimiter beyond the BMP",
            l -> {
              files(l).setFormat(FileFormat.Csv);
              files(l).setCsv(csv(true, "\uD83D\uDE00"));
            }),
        valid("no claim", l -> files(l).setClaimName(null)),
        valid("a trailing slash", l -> files(l).setPath("/data/events/")),
        valid("hive partitioning off", l -> files(l).setHivePartitioning(false)),
        valid("the Topic store", l -> l.getSpec().setOffsets(store(OffsetStoreType.Topic))),
        valid("the File store", l -> l.getSpec().setOffsets(store(OffsetStoreType.File))),
        valid("the default store", l -> l.getSpec().setOffsets(null)),
        valid(
            "scheduled",
            l -> {
              l.getSpec().setRunRequest(null);
              l.getSpec().setSchedule("0 * * * *");
            }),
        valid("a files sink in a folder apart", l -> toFiles(l, "/data/events-out")),
        valid(
            "a files sink beside a glob's folder",
            l -> {
              files(l).setPath("/data/in/*.parquet");
              toFiles(l, "/data/out/events.parquet");
              l.getSpec().getSink().getFiles().setCoalesce(1);
              l.getSpec()
                  .getSink()
                  .getFiles()
                  .setWriteMode(io.kafkaload.operator.api.WriteMode.Overwrite);
            }),
        valid("a folder beside the worker's", l -> files(l).setPath("/etc/kafkaload-data")),
        valid(
            "a schema and transform without metadata columns",
            l -> {
              var schema = new io.kafkaload.operator.api.SchemaSpec();
              var field = new io.kafkaload.operator.api.SchemaField();
              field.setName("id");
              field.setType("long");
              schema.setFields(List.of(field));
              l.getSpec().setSchema(schema);
              var transform = new io.kafkaload.operator.api.TransformSpec();
              transform.setSql("SELECT id FROM message");
              l.getSpec().setTransform(transform);
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validVariants")
  void acceptsValidVariants(String name, Consumer<KafkaLoad> change) {
    KafkaLoad load = load();
    change.accept(load);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
  }

  @Test
  void theKafkaSinkTopicIsNoSourceTopicOfAFilesLoad() {
    // The Kafka sink's "reads its own topic" rule needs source.kafka: without it, no problem.
    KafkaLoad load = load();
    load.getSpec().getSink().getKafka().setTopic("events");
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    assertThat(LoadDefaults.offsetStore(load.getSpec())).isEqualTo(OffsetStoreType.Sink);
  }

  @Test
  void theRegistryCheckIgnoresAFilesSource() {
    // Avro files carry their schema: only an Avro Kafka source needs the connection's registry.
    KafkaLoad load = load();
    load.getSpec().getSource().getFiles().setFormat(FileFormat.Avro);
    var connection = Examples.connection(example());
    assertThat(LoadSpecValidator.validateWith(load, connection)).isEmpty();
  }

  @Test
  void aTopicSourceWithAvroStillNeedsTheRegistry() {
    KafkaLoad load = load();
    load.getSpec().getSource().setFiles(null);
    KafkaSource kafka = kafkaSource();
    kafka.setFormat(ValueFormat.Avro);
    load.getSpec().getSource().setKafka(kafka);
    var connection = Examples.connection(example());
    assertThat(LoadSpecValidator.validateWith(load, connection))
        .singleElement()
        .asString()
        .startsWith("spec.source.kafka.format: Avro needs a Schema Registry");
  }

  @Test
  void metadataColumnsOfAKafkaSourceAreStillChecked() {
    KafkaLoad load = load();
    load.getSpec().getSource().setFiles(null);
    KafkaSource kafka = kafkaSource();
    kafka.setMetadataColumns(java.util.Arrays.asList(MetadataColumn.values()[0], null));
    load.getSpec().getSource().setKafka(kafka);
    assertThat(LoadSpecValidator.validate(load))
        .singleElement()
        .asString()
        .startsWith("spec.source.kafka.metadataColumns[1]: not a metadata column");
  }

  @Test
  void theClaimIsAReference() {
    KafkaLoad load = load();
    assertThat(LoadReferences.claims(load))
        .singleElement()
        .satisfies(
            need -> {
              assertThat(need.claim()).isEqualTo("events-pvc");
              assertThat(need.field()).isEqualTo("spec.source.files.claimName");
            });
    files(load).setClaimName(null);
    assertThat(LoadReferences.claims(load)).isEmpty();
  }

  private static java.nio.file.Path example() {
    return Examples.repoRoot().resolve("examples").resolve("kafkaload-parquet-to-topic.yaml");
  }

  private static KafkaLoad load() {
    return Examples.load(example());
  }

  private static FilesSource files(KafkaLoad load) {
    return load.getSpec().getSource().getFiles();
  }

  private static KafkaSource kafkaSource() {
    KafkaSource kafka = new KafkaSource();
    kafka.setTopics(List.of("events"));
    return kafka;
  }

  private static CsvOptions csv(Boolean header, String delimiter) {
    CsvOptions csv = new CsvOptions();
    csv.setHeader(header);
    csv.setDelimiter(delimiter);
    return csv;
  }

  private static OffsetsSpec store(OffsetStoreType type) {
    OffsetsSpec offsets = new OffsetsSpec();
    offsets.setStore(type);
    return offsets;
  }

  /** The example, writing to a files sink at {@code path} instead of the topic. */
  private static void toFiles(KafkaLoad load, String path) {
    SinkSpec sink = new SinkSpec();
    FilesSink files = new FilesSink();
    files.setPath(path);
    sink.setFiles(files);
    load.getSpec().setSink(sink);
    load.getSpec().setOffsets(null);
    load.getSpec().setRejected(null);
  }

  private static Arguments broken(String name, Consumer<KafkaLoad> breakIt, String problem) {
    return Arguments.of(name, breakIt, problem);
  }

  private static Arguments valid(String name, Consumer<KafkaLoad> change) {
    return Arguments.of(name, change);
  }
}
