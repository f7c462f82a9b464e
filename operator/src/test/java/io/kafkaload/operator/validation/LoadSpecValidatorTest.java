package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.FileOffsets;
import io.kafkaload.operator.api.FlushSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.TriggerSpec;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.api.WorkerPodSpec;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken spec gives one problem that names the field and says what to do. */
class LoadSpecValidatorTest {

  static Stream<Arguments> brokenSpecs() {
    return Stream.of(
        broken("missing sink", l -> l.getSpec().setSink(null), "spec.sink: missing", "sink.files"),
        broken(
            "missing files sink",
            l -> l.getSpec().getSink().setFiles(null),
            "spec.sink: missing",
            "exactly one sink"),
        broken(
            "missing source",
            l -> l.getSpec().setSource(null),
            "spec.source: missing",
            "source.kafka"),
        broken(
            "missing connectionRef",
            l -> l.getSpec().setConnectionRef(null),
            "spec.connectionRef.name: missing",
            "KafkaConnection"),
        broken(
            "blank connectionRef name",
            l -> l.getSpec().getConnectionRef().setName(" "),
            "spec.connectionRef.name: missing",
            "same namespace"),
        broken(
            "both topics and topicPattern",
            l -> l.getSpec().getSource().getKafka().setTopicPattern("a.*"),
            "spec.source.kafka: both topics and topicPattern are set",
            "exactly one of topics or topicPattern"),
        broken(
            "neither topics nor topicPattern",
            l -> l.getSpec().getSource().getKafka().setTopics(null),
            "spec.source.kafka: neither topics nor topicPattern is set",
            "exactly one"),
        broken(
            "empty topics",
            l -> l.getSpec().getSource().getKafka().setTopics(List.of()),
            "spec.source.kafka.topics: empty",
            "at least one"),
        broken(
            "bad regex",
            l -> {
              l.getSpec().getSource().getKafka().setTopics(null);
              l.getSpec().getSource().getKafka().setTopicPattern("clicks-(");
            },
            "spec.source.kafka.topicPattern: not a valid regular expression (Unclosed group)",
            "fix it"),
        broken(
            "sql timeout 0",
            l -> {
              l.getSpec().setLimits(new io.kafkaload.operator.api.LimitsSpec());
              l.getSpec().getLimits().setSqlTimeoutSeconds(0);
            },
            "spec.limits.sqlTimeoutSeconds: 0 is below 1",
            "use at least 1 (default 600)"),
        broken(
            "chunk output bytes 0",
            l -> {
              l.getSpec().setLimits(new io.kafkaload.operator.api.LimitsSpec());
              l.getSpec().getLimits().setMaxChunkOutputBytes(0L);
            },
            "spec.limits.maxChunkOutputBytes: 0 is below 1",
            "use at least 1 (default 4294967296, 4 GiB)"),
        broken(
            "rows per input row 0",
            l -> {
              l.getSpec().setLimits(new io.kafkaload.operator.api.LimitsSpec());
              l.getSpec().getLimits().setMaxRowsPerInputRow(0);
            },
            "spec.limits.maxRowsPerInputRow: 0 is below 1",
            "use at least 1 (default 1000)"),
        broken(
            "temp bytes 0",
            l -> {
              l.getSpec().setLimits(new io.kafkaload.operator.api.LimitsSpec());
              l.getSpec().getLimits().setMaxTempBytes(0L);
            },
            "spec.limits.maxTempBytes: 0 is below 1",
            "use at least 1 (default 4294967296, 4 GiB)"),
        broken(
            "value bytes 0",
            l -> {
              l.getSpec().setLimits(new io.kafkaload.operator.api.LimitsSpec());
              l.getSpec().getLimits().setMaxValueBytes(0L);
            },
            "spec.limits.maxValueBytes: 0 is below 1",
            "use at least 1 (default 67108864, 64 MiB)"),
        broken(
            "topicPattern with lookahead (RE2 has none)",
            l -> {
              l.getSpec().getSource().getKafka().setTopics(null);
              l.getSpec().getSource().getKafka().setTopicPattern("events-(?!rejected).*");
            },
            "spec.source.kafka.topicPattern: not a valid RE2 regular expression (invalid or"
                + " unsupported Perl syntax: `(?!`)",
            "no backreferences (\\1), lookahead or lookbehind"),
        broken(
            "topicPattern reads the load's own rejected topic",
            l -> {
              l.getSpec().getSource().getKafka().setTopics(null);
              l.getSpec().getSource().getKafka().setTopicPattern("events.*");
              l.getSpec().setRejected(new io.kafkaload.operator.api.RejectedSpec());
              l.getSpec().getRejected().setTopic("events-rejected");
            },
            "spec.source.kafka.topicPattern: matches the load's own rejected.topic"
                + " 'events-rejected', so the load would read its own rejected records again",
            "narrow the pattern or choose a rejected.topic it does not match"),
        broken(
            "topicPattern reads the offsets topic of the Topic store",
            l -> {
              l.getSpec().getSource().getKafka().setTopics(null);
              l.getSpec().getSource().getKafka().setTopicPattern("[a-z_]+");
            },
            "spec.source.kafka.topicPattern: matches the load's own offsets.topic 'comet_offsets',"
                + " so the load would read the positions it commits again",
            "narrow the pattern"),
        broken(
            "topics list names the rejected topic",
            l -> {
              l.getSpec().getSource().getKafka().setTopics(List.of("events", "bad"));
              l.getSpec().setRejected(new io.kafkaload.operator.api.RejectedSpec());
              l.getSpec().getRejected().setTopic("bad");
            },
            "spec.source.kafka.topics[1]: is the load's own rejected.topic 'bad'",
            "choose another rejected.topic"),
        broken(
            "relative path",
            l -> l.getSpec().getSink().getFiles().setPath("data/events"),
            "spec.sink.files.path: 'data/events' is not an absolute folder",
            "/var/lib/kafkaload/data"),
        broken(
            "path over /tmp",
            l -> l.getSpec().getSink().getFiles().setPath("/tmp/out"),
            "spec.sink.files.path: '/tmp/out' overlaps",
            "choose another folder"),
        broken(
            "path over the config",
            l -> l.getSpec().getSink().getFiles().setPath("/etc"),
            "overlaps the worker's own folder /etc/kafkaload",
            "choose another folder"),
        broken(
            "root path",
            l -> l.getSpec().getSink().getFiles().setPath("/"),
            "spec.sink.files.path: '/' overlaps",
            "choose"),
        broken(
            "maxRecords 0",
            l -> l.getSpec().getSink().setFlush(flush(0L, null)),
            "spec.sink.flush.maxRecords: 0 is below 1",
            "at least 1"),
        broken(
            "intervalSeconds -5",
            l -> l.getSpec().getSink().setFlush(flush(null, -5)),
            "spec.sink.flush.intervalSeconds: -5 is below 1",
            "at least 1"),
        broken(
            "bad storage",
            l -> l.getSpec().setOffsets(fileOffsets("lots")),
            "spec.offsets.file.storage: 'lots'",
            "1Gi"),
        broken(
            "zero storage",
            l -> l.getSpec().setOffsets(fileOffsets("0Gi")),
            "spec.offsets.file.storage: '0Gi'",
            "positive"),
        broken(
            "long name",
            l -> l.getMetadata().setName("x".repeat(55)),
            "metadata.name: ",
            "at most 54"),
        broken("no spec", l -> l.setSpec(null), "spec: missing", "connectionRef, source and sink"),
        broken(
            "schedule with Streaming",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              l.getSpec().setSchedule("0 * * * *");
            },
            "spec.schedule: only with mode Batch",
            "set mode Batch"),
        broken(
            "schedule of 4 fields",
            l -> l.getSpec().setSchedule("0 * * *"),
            "spec.schedule: '0 * * *' is not a 5-field cron expression",
            "'0 * * * *'"),
        broken(
            "unknown macro",
            l -> l.getSpec().setSchedule("@often"),
            "spec.schedule: '@often' is not a known macro",
            "@hourly"),
        broken(
            "time zone inside the schedule",
            l -> l.getSpec().setSchedule("TZ=UTC 0 * * * *"),
            "spec.schedule: 'TZ=UTC 0 * * * *' sets a time zone",
            "spec.timeZone"),
        broken(
            "timeZone without schedule",
            l -> l.getSpec().setTimeZone("UTC"),
            "spec.timeZone: only with schedule",
            "set schedule"),
        broken(
            "unknown time zone",
            l -> {
              l.getSpec().setSchedule("@daily");
              l.getSpec().setTimeZone("Mars/Olympus");
            },
            "spec.timeZone: 'Mars/Olympus' is not an IANA time zone",
            "Europe/Paris"),
        broken(
            "runRequest with schedule",
            l -> {
              l.getSpec().setSchedule("@daily");
              l.getSpec().setRunRequest("again");
            },
            "spec.runRequest: re-runs a load without schedule",
            "remove runRequest or schedule"),
        broken(
            "scheduled name too long",
            l -> {
              l.getSpec().setSchedule("@daily");
              l.getMetadata().setName("x".repeat(53));
            },
            "metadata.name: ",
            "at most 52"),
        broken(
            "scheduled name past both limits",
            l -> {
              l.getSpec().setSchedule("@daily");
              l.getMetadata().setName("x".repeat(60));
            },
            "metadata.name: ",
            "at most 52"),
        broken(
            "trigger with Batch",
            l -> l.getSpec().setTrigger(trigger(TriggerType.Continuous, null)),
            "spec.trigger: only with mode Streaming",
            "set mode Streaming"),
        broken(
            "interval with Continuous",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              l.getSpec().setTrigger(trigger(TriggerType.Continuous, 5));
            },
            "spec.trigger.intervalSeconds: only with type ProcessingTime",
            "remove it"),
        broken(
            "zero interval",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              l.getSpec().setTrigger(trigger(TriggerType.ProcessingTime, 0));
            },
            "spec.trigger.intervalSeconds: 0 is below 1",
            "at least 1"),
        broken(
            "zero replicas",
            l -> l.getSpec().setReplicas(0),
            "spec.replicas: 0 is below 1",
            "suspend"),
        broken(
            "replicas with a File store",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              l.getSpec().setReplicas(2);
              l.getSpec().setOffsets(fileOffsets(null));
              l.getSpec().getOffsets().setStore(OffsetStoreType.File);
            },
            "spec.replicas: 2 with offsets.store File",
            "set replicas 1"),
        broken(
            "negative ttl",
            l -> l.getSpec().setTtlSecondsAfterFinished(-1),
            "spec.ttlSecondsAfterFinished: -1 is below 0",
            "0 or more"),
        broken(
            "negative history",
            l -> l.getSpec().setFailedJobsHistoryLimit(-1),
            "spec.failedJobsHistoryLimit: -1 is below 0",
            "0 or more"),
        broken(
            "bad pull policy",
            l -> {
              l.getSpec().setWorker(new WorkerPodSpec());
              l.getSpec().getWorker().setImagePullPolicy("Sometimes");
            },
            "spec.worker.imagePullPolicy: 'Sometimes'",
            "IfNotPresent"),
        broken(
            "startingOffsets latest in Batch",
            l -> l.getSpec().getSource().getKafka().setStartingOffsets("latest"),
            "spec.source.kafka.startingOffsets: latest is refused for a bounded run",
            "use earliest"),
        broken(
            "startingOffsets neither keyword nor JSON",
            l -> l.getSpec().getSource().getKafka().setStartingOffsets("beginning"),
            "spec.source.kafka.startingOffsets: 'beginning' is neither",
            "JSON object"),
        broken(
            "endingOffsets earliest",
            l -> l.getSpec().getSource().getKafka().setEndingOffsets("earliest"),
            "spec.source.kafka.endingOffsets: 'earliest' is neither latest",
            "fix it"),
        broken(
            "ending option in Streaming",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              l.getSpec().getSource().getKafka().setMaxRecordsPerRun(10L);
            },
            "spec.source.kafka.maxRecordsPerRun: a Streaming load never ends",
            "trigger Once"),
        broken(
            "timestamps not JSON",
            l -> l.getSpec().getSource().getKafka().setStartingOffsetsByTimestamp("[1]"),
            "spec.source.kafka.startingOffsetsByTimestamp: not a JSON object",
            "fix it"),
        broken(
            "negative timestamp",
            l -> l.getSpec().getSource().getKafka().setStartingTimestamp(-5L),
            "spec.source.kafka.startingTimestamp: -5 is negative",
            "epoch milliseconds"),
        broken(
            "auto.offset.reset in options",
            l ->
                l.getSpec()
                    .getSource()
                    .getKafka()
                    .setOptions(java.util.Map.of("auto.offset.reset", "latest")),
            "spec.source.kafka.options.auto.offset.reset: not allowed",
            "startingOffsets"),
        broken(
            "jaas config in source options",
            l ->
                l.getSpec()
                    .getSource()
                    .getKafka()
                    .setOptions(java.util.Map.of("sasl.jaas.config", "x")),
            "spec.source.kafka.options.sasl.jaas.config: not allowed",
            "remove it"),
        broken(
            "blank image",
            l -> {
              l.getSpec().setWorker(new WorkerPodSpec());
              l.getSpec().getWorker().setImage(" ");
            },
            "spec.worker.image: blank",
            "default image"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSpecs")
  void namesTheFieldAndTheFix(
      String name, Consumer<KafkaLoad> breakIt, String problem, String fix) {
    KafkaLoad load = valid();
    breakIt.accept(load);

    List<String> problems = LoadSpecValidator.validate(load);

    assertThat(problems).singleElement().asString().contains(problem).contains(fix);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validVariants")
  void acceptsValidVariants(String name, Consumer<KafkaLoad> change) {
    KafkaLoad load = valid();
    change.accept(load);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
  }

  static Stream<Arguments> validVariants() {
    return Stream.of(
        Arguments.of("as written", (Consumer<KafkaLoad>) l -> {}),
        Arguments.of(
            "topicPattern only",
            (Consumer<KafkaLoad>)
                l -> {
                  l.getSpec().getSource().getKafka().setTopics(null);
                  l.getSpec().getSource().getKafka().setTopicPattern("events-.*");
                }),
        Arguments.of(
            "path with trailing slash",
            (Consumer<KafkaLoad>) l -> l.getSpec().getSink().getFiles().setPath("/data/x/")),
        Arguments.of(
            "path beside the offsets",
            (Consumer<KafkaLoad>)
                l -> l.getSpec().getSink().getFiles().setPath("/var/lib/kafkaload/offsets2")),
        Arguments.of(
            "flush of 1", (Consumer<KafkaLoad>) l -> l.getSpec().getSink().setFlush(flush(1L, 1))),
        Arguments.of(
            "storage 500Mi",
            (Consumer<KafkaLoad>) l -> l.getSpec().setOffsets(fileOffsets("500Mi"))),
        Arguments.of(
            "54 character name",
            (Consumer<KafkaLoad>) l -> l.getMetadata().setName("x".repeat(54))),
        Arguments.of(
            "offset options of a bounded run",
            (Consumer<KafkaLoad>)
                l -> {
                  var kafka = l.getSpec().getSource().getKafka();
                  kafka.setStartingOffsets("{\"events\":{\"0\":23,\"1\":-2}}");
                  kafka.setEndingOffsets("latest");
                  kafka.setEndingTimestamp(1793491200000L);
                  kafka.setMaxRecordsPerRun(1000L);
                  kafka.setOptions(
                      java.util.Map.of(
                          "max.poll.records", "500", "isolation.level", "read_committed"));
                }),
        Arguments.of(
            "latest start of a Streaming load",
            (Consumer<KafkaLoad>)
                l -> {
                  l.getSpec().setMode(LoadMode.Streaming);
                  l.getSpec().getSource().getKafka().setStartingOffsets("latest");
                }),
        Arguments.of(
            "schedule with time zone",
            (Consumer<KafkaLoad>)
                l -> {
                  l.getSpec().setSchedule("*/15 2-4 * * 1-5");
                  l.getSpec().setTimeZone("Europe/Paris");
                }),
        Arguments.of(
            "streaming with replicas and trigger Once",
            (Consumer<KafkaLoad>)
                l -> {
                  l.getSpec().setMode(LoadMode.Streaming);
                  l.getSpec().setReplicas(4);
                  l.getSpec().setTrigger(trigger(TriggerType.Once, null));
                  l.getSpec().setRunRequest("x");
                }));
  }

  private static Arguments broken(
      String name, Consumer<KafkaLoad> breakIt, String problem, String fix) {
    return Arguments.of(name, breakIt, problem, fix);
  }

  private static KafkaLoad valid() {
    return Examples.load(
        Path.of(Examples.repoRoot().toString(), "examples", "kafkaload-batch-parquet.yaml"));
  }

  private static TriggerSpec trigger(TriggerType type, Integer intervalSeconds) {
    TriggerSpec trigger = new TriggerSpec();
    trigger.setType(type);
    trigger.setIntervalSeconds(intervalSeconds);
    return trigger;
  }

  private static FlushSpec flush(Long maxRecords, Integer intervalSeconds) {
    FlushSpec flush = new FlushSpec();
    flush.setMaxRecords(maxRecords);
    flush.setIntervalSeconds(intervalSeconds);
    return flush;
  }

  private static OffsetsSpec fileOffsets(String storage) {
    OffsetsSpec offsets = new OffsetsSpec();
    FileOffsets file = new FileOffsets();
    file.setStorage(storage);
    offsets.setFile(file);
    return offsets;
  }

  @org.junit.jupiter.api.Test
  void avroNeedsTheConnectionsSchemaRegistry() {
    KafkaLoad load = valid();
    load.getSpec().getSource().getKafka().setFormat(io.kafkaload.operator.api.ValueFormat.Avro);
    var connection =
        Examples.connection(
            Path.of(Examples.repoRoot().toString(), "examples", "kafkaload-batch-parquet.yaml"));
    assertThat(LoadSpecValidator.validateWith(load, connection))
        .singleElement()
        .asString()
        .contains("spec.source.kafka.format: Avro needs a Schema Registry")
        .contains("KafkaConnection local-kafka");
    var secure =
        Examples.connection(
            Path.of(
                Examples.repoRoot().toString(), "examples", "kafkaload-sasl-tls-registry.yaml"));
    assertThat(LoadSpecValidator.validateWith(load, secure)).isEmpty();
  }
}
