package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafkaload load}: runs a load with Starlake's {@code kafkaload} flags, for scripts written
 * for Starlake. The flags that mean something here override the load of the {@code --config} file;
 * the others fail with the reason (see {@link StarlakeMapping}).
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a load with Starlake's kafkaload flags. --config is a YAML file with the"
          + " KafkaConnection and KafkaLoad (or a rendered worker config); the other flags"
          + " override its spec.",
      "",
      "Supported: --config, --connectionRef (the connection the --config file names), --format,"
          + " --path, --options, --write-path, --write-mode, --write-format"
          + " parquet|json|csv|avro|kafka, --write-config, --write-coalesce, --write-options,"
          + " --transform, --stream, --streaming-trigger, --streaming-trigger-option,"
          + " --streaming-partition-by.",
      "Offloading: --write-format kafka --write-config TOPIC sends to the topic (sink.kafka),"
          + " with --path FILES the files (source.files, --format their format), else the"
          + " --config file's topics.",
      "Not supported here: --write-format console, --streaming-to-table (a table sink needs its"
          + " connection and credentials: put sink.jdbc or sink.iceberg in the --config file).",
      ""
    })
final class LoadCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "YAML file with the KafkaConnection and KafkaLoad (Starlake: a topic config name)")
  Path config;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "how message values are decoded: json, avro, string, bytes -> source.kafka.format")
  String format;

  @Option(
      names = "--path",
      paramLabel = "DIR",
      description =
          "the folder written to -> sink.files.path; when offloading (--write-format kafka),"
              + " the files sent -> source.files.path")
  String path;

  @Option(
      names = "--options",
      paramLabel = "K=V,...",
      description =
          "Spark Kafka source options (startingOffsets, endingOffsets, startingTimestamp,"
              + " failOnDataLoss, subscribe, kafka.group.id...) -> source.kafka fields; Kafka"
              + " properties (kafka.X or X) -> source.kafka.options")
  String options;

  @Option(
      names = "--write-path",
      paramLabel = "DIR",
      description = "the folder written to -> sink.files.path")
  String writePath;

  @Option(
      names = "--write-mode",
      paramLabel = "MODE",
      description =
          "Append, Overwrite, Ignore, ErrorIfExists (or APPEND, ERROR_IF_EXISTS, Spark's error)"
              + " -> sink.files.writeMode")
  String writeMode;

  @Option(
      names = "--write-format",
      paramLabel = "FORMAT",
      description = "parquet, json (JSON lines), csv or avro -> sink.files.format")
  String writeFormat;

  @Option(
      names = "--write-coalesce",
      paramLabel = "N",
      description = "the number of files a batch run writes -> sink.files.coalesce")
  String writeCoalesce;

  @Option(
      names = "--write-options",
      paramLabel = "K=V,...",
      description =
          "maxRecordsPerFile -> sink.flush.maxRecords; compression -> sink.files.compression")
  String writeOptions;

  @Option(
      names = "--transform",
      paramLabel = "SQL",
      description = "SQL over the table message -> transform.sql")
  String transform;

  @Option(
      names = "--stream",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      description = "a streaming load (mode Streaming); false: a batch load")
  Boolean stream;

  @Option(
      names = "--streaming-trigger",
      paramLabel = "TRIGGER",
      description = "Once, Continuous or ProcessingTime -> trigger.type")
  String streamingTrigger;

  @Option(
      names = "--streaming-trigger-option",
      paramLabel = "INTERVAL",
      description = "ProcessingTime interval, e.g. \"10 seconds\" -> trigger.intervalSeconds")
  String streamingTriggerOption;

  @Option(
      names = "--streaming-partition-by",
      paramLabel = "COLUMNS",
      description = "columns of hive folders col=value/ -> sink.files.partitionBy")
  String streamingPartitionBy;

  @Option(
      names = "--connectionRef",
      paramLabel = "NAME",
      description =
          "the KafkaConnection of the --config file: accepted when it is the one the KafkaLoad"
              + " names (its spec.connectionRef)")
  String connectionRef;

  @Option(
      names = "--write-config",
      paramLabel = "TOPIC",
      description = "the topic to offload to (with --write-format kafka) -> sink.kafka.topic")
  String writeConfig;

  @Option(
      names = "--streaming-to-table",
      paramLabel = "TABLE",
      description =
          "not supported as a flag: put sink.jdbc or sink.iceberg (with its Secret) in the"
              + " --config file")
  String streamingToTable;

  @Mixin RunOptions run;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw run.refused(
          String.valueOf(config),
          new ConfigException(
              "--config "
                  + config
                  + ": no such file; kafkaload's --config takes a YAML file with the"
                  + " KafkaConnection and KafkaLoad (Starlake's topic config names do not exist"
                  + " here)"));
    }
    return run.execute(run.load(config, StarlakeMapping.edit(this)));
  }
}
