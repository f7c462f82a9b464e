package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.TestLoads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Starlake flags that kafkaload does not support (yet) fail naming the flag and why. */
class StarlakeUnsupportedFlagsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          --connectionRef my-kafka | --connectionRef my-kafka: the KafkaLoad of the --config file uses the KafkaConnection kafka (its spec.connectionRef); give that name
          --write-config out-topic --write-format parquet | --write-config sends the rows to a topic, --write-format parquet writes files: give --write-format kafka
          --write-config out-topic --write-coalesce 2 | --write-coalesce describes files written; it does not apply when offloading to a topic
          --write-config out-topic --path /in --options maxOffsetsPerTrigger=5 | --options describes a Kafka source; it does not apply when offloading
          --streaming-to-table db.events | not supported as a flag: --streaming-to-table: a table sink is described in the --config file: sink.jdbc (PostgreSQL) or sink.iceberg
          --transform com.acme.MyTransform | not meaningful here: --transform com.acme.MyTransform looks like a class name; kafkaload's --transform takes SQL over the table message
          --write-coalesce 0 | --write-coalesce 0: give the number of files, a whole number of at least 1
          --write-coalesce many | --write-coalesce many: give the number of files
          --stream --write-coalesce 2 | spec.sink.files.coalesce applies to mode Batch only
          --stream --write-mode Overwrite | spec.sink.files.writeMode Overwrite: a Streaming load appends
          --streaming-partition-by a,,b | --streaming-partition-by 'a,,b' has an empty column name
          --write-options compression=brotli | --write-options compression=brotli is not one of zstd, snappy, gzip, lz4, deflate, none
          --write-format csv --write-options compression=snappy | spec.sink.files.compression Snappy does not apply to format Csv
          --write-mode complete | not meaningful here: --write-mode complete
          --write-mode sideways | --write-mode 'sideways' is not one of Append, Overwrite, Ignore, ErrorIfExists (or APPEND, OVERWRITE, IGNORE, ERROR_IF_EXISTS, or Spark's error and default)
          --write-format kafka | --write-format kafka needs --write-config TOPIC: the topic the rows are sent to
          --write-format console | not meaningful here: --write-format console
          --write-format iceberg | not supported: --write-format iceberg is not a file format (parquet, json, csv, avro); a table sink is described in the --config file
          --write-format xml | --write-format 'xml' is not one of parquet, json (JSON lines), csv, avro
          --format parquet | not meaningful here: --format parquet: kafkaload reads Kafka topics, and --format says how their message values are decoded: json, avro, string or bytes
          --format kafka | not meaningful here: --format kafka
          --options sasl.jaas.config=x | --options.sasl.jaas.config is not allowed: JAAS login modules can run code
          --options kafka.ssl.keystore.location=/k | --options.ssl.keystore.location is not allowed
          --options assign=x | not meaningful here: --options assign is a Spark reader option with no counterpart in kafkaload
          --options config=reader | not supported: --options config=reader reads options from Starlake's application config
          --options novalue | --options 'novalue' is not key=value
          --options endingOffsets={"e":{"0":10,"1":10}} | a value holding commas (a JSON map over several partitions) does not fit --options: put endingOffsets in the --config file
          --options failOnDataLoss=maybe | --options failOnDataLoss=maybe is not true or false
          --write-options checkpointLocation=/c | not meaningful here: --write-options checkpointLocation: positions live in the load's offset store
          --write-options maxRecordsPerFile=0 | --write-options maxRecordsPerFile=0: give a whole number of records, at least 1
          --write-options header=true | --write-options header has no counterpart in kafkaload; supported: maxRecordsPerFile, compression
          --streaming-trigger Once | --streaming-trigger applies to streaming loads: add --stream
          --streaming-trigger-option 10 seconds | --streaming-trigger-option applies to streaming loads: add --stream
          --stream --streaming-trigger Hourly | --streaming-trigger 'Hourly' is not one of Once, Continuous, ProcessingTime
          --stream --streaming-trigger Continuous --streaming-trigger-option 1 second | not meaningful here: --streaming-trigger-option with trigger Continuous: Continuous commits as soon as each polled batch is written
          --stream --streaming-trigger Once --streaming-trigger-option 1 second | not meaningful here: --streaming-trigger-option with trigger Once
          --stream --streaming-trigger-option 500 milliseconds | spec.trigger.intervalSeconds takes whole seconds, at least 1
          --stream --streaming-trigger-option 0 seconds | takes whole seconds, at least 1 (for as soon as possible, use --streaming-trigger Continuous)
          --stream --streaming-trigger-option soon | --streaming-trigger-option 'soon' is not an interval
          --stream --streaming-trigger-option 10 fortnights | unknown unit 'fortnights'
          --path /a --write-path /b | --path and --write-path both give the folder written to (sink.files.path); give one
          --write-path {{topic}}/out | not supported: placeholders in --write-path
          """)
  void refusedWithTheReason(String flags, String reason) {
    assertThatThrownBy(() -> StarlakeMappingTest.map(split(flags)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(reason);
  }

  /** Splits after the flag name only where the value has no spaces of its own. */
  private static String[] split(String flags) {
    List<String> args = new java.util.ArrayList<>();
    for (String part : flags.split(" (?=--)")) {
      int space = part.indexOf(' ');
      if (space < 0) {
        args.add(part);
      } else {
        args.add(part.substring(0, space));
        args.add(part.substring(space + 1));
      }
    }
    return args.toArray(String[]::new);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                StarlakeMappingTest.map(
                    "--write-coalesce",
                    "0",
                    "--transform",
                    "com.acme.MyTransform",
                    "--write-format",
                    "xml"))
        .hasMessageContaining("--write-coalesce 0: give the number of files")
        .hasMessageContaining("--transform com.acme.MyTransform looks like a class name")
        .hasMessageContaining("--write-format 'xml' is not one of");
  }

  @Test
  void commandLineExitsTwoWithOneLineAndAReport() throws Exception {
    Path config = dir.resolve("load.yaml");
    TestLoads.files("events", "out")
        .namespace("default")
        .name("events")
        .bootstrap("localhost:1")
        .writeYaml(config);
    Path report = dir.resolve("report.json");
    StringWriter err = new StringWriter();
    int status =
        KafkaloadCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "load",
                "--config",
                config.toString(),
                "--write-coalesce",
                "0",
                "--report-file",
                report.toString());

    assertThat(status).isEqualTo(KafkaloadCommand.EXIT_USAGE);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("kafkaload: error: --write-coalesce 0: give the number of files");
    assertThat(Files.readString(report)).contains("\"result\" : \"Failed\"", "--write-coalesce");
  }

  @Test
  void aStarlakeTopicConfigNameIsNotAFile() {
    StringWriter err = new StringWriter();
    int status =
        KafkaloadCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute("load", "--config", dir.resolve("my-topic").toString());
    assertThat(status).isEqualTo(KafkaloadCommand.EXIT_USAGE);
    assertThat(err.toString())
        .contains("no such file; kafkaload's --config takes a YAML file with the KafkaConnection");
  }

  @Test
  void helpSaysWhichFlagsAreSupported() {
    String help = new picocli.CommandLine(new LoadCommand()).getUsageMessage();
    assertThat(help)
        .contains("Supported: --config, --connectionRef")
        .contains("--write-config, --write-coalesce, --write-options,")
        .contains("Offloading: --write-format kafka --write-config TOPIC sends to the topic")
        .contains("Not supported here: --write-format console")
        .contains("put sink.jdbc or sink.iceberg in the")
        .doesNotContainPattern("(?i)issue \\d");
  }

  @Test
  void theConnectionOfTheConfigFileIsAccepted() {
    assertThat(StarlakeMappingTest.map("--connectionRef", "kafka").connection().name())
        .isEqualTo("kafka");
  }
}
