package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real {@code kafkaload} process says to a newcomer's mistakes: exit 2 with one line
 * naming the field and the fix for a configuration that cannot run, and no internal detail.
 */
class NewcomerMessagesCliTest {

  @TempDir Path dir;

  private record Run(int exit, String log) {
    List<String> errors() {
      return log.lines().filter(l -> l.startsWith("kafkaload: error: ")).toList();
    }
  }

  private Run kafkaload(String... args) throws Exception {
    Path log = dir.resolve("out-" + System.nanoTime() + ".log");
    Process p = WorkerProcess.start(dir, log, args);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(log));
  }

  private Run runYaml(String yaml) throws Exception {
    Path file = dir.resolve("load-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return kafkaload("run", "-f", file.toString(), "--metrics-port", "0");
  }

  /** A load of {@code topic} into files under the test's {@code out}. */
  private TestLoads load(String topic) {
    return Loads.files(SharedKafka.uniqueName("msg"), topic, dir.resolve("out"));
  }

  @Test
  void helpAndVersionPrintNoWarningAndTheProjectVersion() throws Exception {
    for (List<String> args :
        List.of(List.of("--help"), List.of("help"), List.of("demo", "--help"))) {
      Run run = kafkaload(args.toArray(String[]::new));
      assertThat(run.exit()).as(args.toString()).isZero();
      assertThat(run.log()).as(args.toString()).doesNotContain("WARN").contains("Usage:");
    }
    Run help = kafkaload("load", "--help");
    assertThat(help.log()).doesNotContainPattern("(?i)issue \\d");
    Run version = kafkaload("--version");
    assertThat(version.log().strip()).matches("kafkaload \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void aMistypedFieldSaysWhereAndWhatItMeant() throws Exception {
    // the text a user wrote, as it is: the message names its line and column
    Run run =
        runYaml(
            """
            apiVersion: kafkaload.io/v1alpha1
            kind: KafkaConnection
            metadata:
              name: kafka
            spec:
              bootstrapServers: %s
            ---
            apiVersion: kafkaload.io/v1alpha1
            kind: KafkaLoad
            metadata:
              name: %s
            spec:
              connectionRef:
                name: kafka
              source:
                kafka:
                  topic: [events]
              sink:
                files:
                  path: %s
            """
                .formatted(
                    SharedKafka.bootstrapServers(),
                    SharedKafka.uniqueName("msg"),
                    dir.resolve("out")));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errors())
        .singleElement()
        .asString()
        .contains("spec.source.kafka.topic (line 17, column 7): unknown field; known fields here:")
        .endsWith("did you mean `topics`?");
    assertThat(run.log()).doesNotContain("UnrecognizedPropertyException").doesNotContain("(class ");
  }

  @Test
  void configurationsThatCannotRunExitTwo() throws Exception {
    String topic = SharedKafka.createTopic("msg-config", 1);
    Loads.produceEvents(topic, 0, 20);

    Run syntax = runYaml(load(topic).sql("SELEC * FROM message").yaml());
    assertThat(syntax.exit()).as(syntax.log()).isEqualTo(2);
    assertThat(syntax.errors()).singleElement().asString().contains("spec.transform.sql");

    Run avro = runYaml(load(topic).valueFormat(LoadSpec.ValueFormat.Avro).yaml());
    assertThat(avro.exit()).as(avro.log()).isEqualTo(2);
    assertThat(avro.errors()).singleElement().asString().contains("needs a Schema Registry");

    Run secret =
        runYaml(
            load(topic)
                .schema(
                    "salt: {name: no-such-salt, key: salt}\n"
                        + "fields:\n"
                        + "  - {name: event_id, type: long, privacy: Md5}\n")
                .yaml());
    assertThat(secret.exit()).as(secret.log()).isEqualTo(2);
    assertThat(secret.errors()).singleElement().asString().contains("no-such-salt");

    Run column = runYaml(load(topic).sql("SELECT no_such_column FROM message").yaml());
    assertThat(column.exit()).as(column.log()).isEqualTo(2);
    assertThat(column.errors())
        .singleElement()
        .asString()
        .contains("spec.transform.sql cannot run on the rows read: Binder Error")
        .contains("no_such_column")
        .doesNotContain("COPY")
        .doesNotContain("kafkaload-tmp");
  }

  @Test
  void aBrokerThatDoesNotAnswerIsNamedAtOnce() throws Exception {
    Path file = load("events").writeYaml(dir.resolve("load.yaml"));
    Run run =
        kafkaload(
            "run",
            "-f",
            file.toString(),
            "--metrics-port",
            "0",
            "--bootstrap-servers",
            "localhost:1");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.errors())
        .singleElement()
        .asString()
        .contains("no Kafka broker answered at localhost:1 (connection refused)");
    assertThat(run.log()).doesNotContain("WARN");
  }

  @Test
  void aStreamingLoadOfAMissingTopicNamesItAndCreatesNothing() throws Exception {
    String topic = "no-such-topic-" + System.nanoTime();
    Run run = runYaml(load(topic).streaming().yaml());

    assertThat(run.exit()).as(run.log()).isEqualTo(2);
    assertThat(run.errors()).singleElement().asString().contains("no topic " + topic);
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }
  }

  @Test
  void aMissingRejectedTopicIsAConfigurationThatCannotRun() throws Exception {
    String topic = SharedKafka.createTopic("msg-rejected", 1);
    Loads.produceEvents(topic, 0, 20);
    String rejected = "no-such-rejected-" + System.nanoTime();
    Run run = runYaml(load(topic).rejectedTopic(rejected).yaml());

    assertThat(run.exit()).as(run.log()).isEqualTo(2);
    assertThat(run.errors())
        .singleElement()
        .asString()
        .contains("rejected.topic " + rejected + " does not exist")
        .contains("create it");
  }

  @Test
  void aPathErrorSaysWhatFailed() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Run run =
        runYaml(Loads.files(SharedKafka.uniqueName("msg"), "events", file.resolve("out")).yaml());

    assertThat(run.exit()).as(run.log()).isEqualTo(2);
    assertThat(run.errors())
        .singleElement()
        .asString()
        .contains("sink.files.path " + file.resolve("out"))
        .contains("not a folder");
  }

  @Test
  void theSummaryShowsTheFilteredCount() throws Exception {
    String topic = SharedKafka.createTopic("msg-filtered", 1);
    Loads.produceEvents(topic, 0, 200);
    Run run = runYaml(load(topic).sql("SELECT * FROM message WHERE event_type <> 'click'").yaml());

    assertThat(run.exit()).as(run.log()).isZero();
    assertThat(run.log())
        .containsPattern(": Succeeded - read 200, written \\d+, rejected \\d+, filtered \\d+");
  }
}
