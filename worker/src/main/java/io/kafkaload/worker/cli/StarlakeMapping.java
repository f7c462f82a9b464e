package io.kafkaload.worker.cli;

import static io.kafkaload.worker.cli.StarlakeValues.TABLE_SINKS;

import io.kafkaload.worker.config.ConfigDocument;
import io.kafkaload.worker.config.ConfigEdit;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps Starlake's {@code kafkaload} flags onto a load's spec, as edits of its document: each flag
 * sets the fields it names, every other field stays as loaded, and the result is checked like the
 * file. A flag that has no meaning here, or no field to map to, fails with why and what to do
 * instead, rather than being ignored. Every problem is reported at once.
 */
final class StarlakeMapping {
  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

  private StarlakeMapping() {}

  /** One flag's edit; the mapping collects the problems of them all. */
  private interface Step {
    void run();
  }

  private static final String FILES = "spec.sink.files.";

  /** {@code base} with the flags applied and validated; throws naming every refused flag. */
  static WorkerConfig apply(LoadCommand f, WorkerConfig base) {
    return ConfigLoader.edit(base, edit(f));
  }

  /**
   * The flags as an edit of the load's document (checked afterwards like the file: {@link
   * ConfigLoader#edit}); the edit throws naming every refused flag at once.
   */
  static ConfigEdit edit(LoadCommand f) {
    return doc -> {
      List<String> problems = new ArrayList<>();
      refuseUnsupported(f, doc.text("connection.name"), problems);
      if (f.stream != null) {
        doc.set("spec.mode", f.stream ? LoadSpec.Mode.Streaming : LoadSpec.Mode.Batch);
      }
      boolean streaming = LoadSpec.Mode.Streaming.name().equals(doc.text("spec.mode"));
      if (offloads(f)) {
        step(problems, "offload", () -> offload(f, doc));
      } else {
        editSource(f, doc, problems);
        editFiles(f, streaming, doc, problems);
        step(problems, "paths", () -> path(f.path, f.writePath, doc));
      }
      step(problems, f.transform, () -> doc.set("spec.transform.sql", transform(f.transform)));
      step(problems, "trigger", () -> trigger(f, streaming, doc));
      if (!problems.isEmpty()) {
        throw new ConfigException(String.join("; ", problems));
      }
    };
  }

  /** {@code --format} and {@code --options}: how and what is read. */
  private static void editSource(LoadCommand f, ConfigDocument doc, List<String> problems) {
    step(
        problems,
        f.format,
        () -> doc.set("spec.source.kafka.format", StarlakeValues.valueFormat(f.format)));
    step(
        problems,
        f.options,
        () -> SparkSourceOptions.apply(StarlakeValues.keyValues("--options", f.options), doc));
  }

  /** The {@code --write-...} flags, {@code --path} and {@code --streaming-partition-by}. */
  private static void editFiles(
      LoadCommand f, boolean streaming, ConfigDocument doc, List<String> problems) {
    step(
        problems,
        f.writeFormat,
        () -> doc.set(FILES + "format", StarlakeValues.fileFormat(f.writeFormat)));
    step(
        problems,
        f.writeMode,
        () -> doc.set(FILES + "writeMode", StarlakeValues.writeMode(f.writeMode, streaming)));
    step(problems, f.writeOptions, () -> writeOptions(f.writeOptions, doc));
    step(problems, f.writeCoalesce, () -> doc.set(FILES + "coalesce", coalesce(f.writeCoalesce)));
    step(
        problems,
        f.streamingPartitionBy,
        () ->
            doc.set(
                FILES + "partitionBy",
                columns("--streaming-partition-by", f.streamingPartitionBy)));
  }

  private static void step(List<String> problems, String given, Step step) {
    if (given == null) {
      return;
    }
    try {
      step.run();
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    }
  }

  /** The flags whose fields do not exist yet, or that mean nothing here. */
  private static void refuseUnsupported(LoadCommand f, String named, List<String> problems) {
    if (f.connectionRef != null && !f.connectionRef.strip().equals(named)) {
      problems.add(
          "--connectionRef "
              + f.connectionRef.strip()
              + ": the KafkaLoad of the --config file uses the KafkaConnection "
              + named
              + " (its spec.connectionRef); give that name, change the KafkaLoad's"
              + " spec.connectionRef, or leave the flag out (--bootstrap-servers overrides the"
              + " brokers)");
    }
    if (f.streamingToTable != null) {
      problems.add("not supported as a flag: --streaming-to-table: " + TABLE_SINKS);
    }
  }

  /** Starlake's offload: {@code --write-format kafka} or {@code --write-config TOPIC}. */
  private static boolean offloads(LoadCommand f) {
    return f.writeConfig != null
        || f.writeFormat != null && f.writeFormat.strip().equalsIgnoreCase("kafka");
  }

  /**
   * Offloading to a topic: {@code --write-config} is the topic ({@code sink.kafka.topic}, in place
   * of the file's sink), {@code --path} the files sent ({@code source.files.path}, in place of the
   * file's source; without it the file's topics are sent, topic to topic) and {@code --format}
   * their format; the flags that only describe files written are refused.
   */
  private static void offload(LoadCommand f, ConfigDocument doc) {
    List<String> problems = new ArrayList<>();
    if (f.writeConfig == null || f.writeConfig.isBlank()) {
      problems.add(
          "--write-format kafka needs --write-config TOPIC: the topic the rows are sent to");
    }
    if (f.writeFormat != null && !f.writeFormat.strip().equalsIgnoreCase("kafka")) {
      problems.add(
          "--write-config sends the rows to a topic, --write-format "
              + f.writeFormat.strip()
              + " writes files: give --write-format kafka, or leave --write-config out");
    }
    for (String[] flag :
        new String[][] {
          {"--write-path", f.writePath},
          {"--write-mode", f.writeMode},
          {"--write-coalesce", f.writeCoalesce},
          {"--write-options", f.writeOptions},
          {"--streaming-partition-by", f.streamingPartitionBy},
          {"--options", f.path != null ? f.options : null}
        }) {
      if (flag[1] != null) {
        problems.add(
            flag[0]
                + " describes "
                + (flag[0].equals("--options") ? "a Kafka source" : "files written")
                + "; it does not apply when offloading to a topic (--write-format kafka): leave"
                + " it out");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    for (String sink : List.of("files", "jdbc", "iceberg", "kafka")) {
      doc.remove("spec.sink." + sink);
    }
    doc.set("spec.sink.kafka.topic", f.writeConfig.strip());
    if (f.path != null) {
      if (f.path.isBlank()) {
        throw new ConfigException("--path is empty; give the file, folder or glob to send");
      }
      doc.remove("spec.source.kafka");
      doc.set("spec.source.files.path", f.path.strip());
      if (f.format != null) {
        doc.set("spec.source.files.format", StarlakeValues.fileFormat(f.format));
      }
    } else {
      if (f.format != null) {
        doc.set("spec.source.kafka.format", StarlakeValues.valueFormat(f.format));
      }
      if (f.options != null) {
        SparkSourceOptions.apply(StarlakeValues.keyValues("--options", f.options), doc);
      }
    }
  }

  /** {@code --write-coalesce}: the number of files a batch run writes. */
  private static int coalesce(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // the message below says what is expected
    }
    throw new ConfigException(
        "--write-coalesce " + text + ": give the number of files, a whole number of at least 1");
  }

  /** A comma-separated list of column names. */
  private static List<String> columns(String flag, String text) {
    List<String> columns = new ArrayList<>();
    for (String c : text.split(",")) {
      if (c.isBlank()) {
        throw new ConfigException(flag + " '" + text + "' has an empty column name");
      }
      columns.add(c.strip());
    }
    return columns;
  }

  /** {@code --transform}: SQL over the table message (Starlake's docs; its code took a class). */
  private static String transform(String text) {
    String t = text.strip();
    if (CLASS_NAME.matcher(t).matches()) {
      throw new ConfigException(
          "not meaningful here: --transform "
              + t
              + " looks like a class name; kafkaload's --transform takes SQL over the table"
              + " message (SELECT ... FROM message WHERE ...)");
    }
    if (t.isEmpty()) {
      throw new ConfigException("--transform is empty; give a query over the table message");
    }
    return t;
  }

  /** {@code --path} and {@code --write-path} both name the folder written to. */
  private static void path(String path, String writePath, ConfigDocument doc) {
    if (path != null && writePath != null && !path.strip().equals(writePath.strip())) {
      throw new ConfigException(
          "--path and --write-path both give the folder written to (sink.files.path); give one");
    }
    String given = writePath != null ? writePath : path;
    if (given == null) {
      return;
    }
    String flag = writePath != null ? "--write-path" : "--path";
    if (given.isBlank()) {
      throw new ConfigException(flag + " is empty; give the folder to write files to");
    }
    if (given.contains("{{")) {
      throw new ConfigException(
          "not supported: placeholders in " + flag + " (" + given + "); give the folder itself");
    }
    doc.set(FILES + "path", given.strip());
  }

  /** {@code --write-options}: Spark writer options that have a counterpart here. */
  private static void writeOptions(String text, ConfigDocument doc) {
    for (Map.Entry<String, String> e :
        StarlakeValues.keyValues("--write-options", text).entrySet()) {
      String key = e.getKey();
      switch (key.toLowerCase(Locale.ROOT)) {
        case "maxrecordsperfile" ->
            doc.set("spec.sink.flush.maxRecords", positive(key, e.getValue()));
        case "compression", "codec" ->
            doc.set(FILES + "compression", StarlakeValues.compression(e.getValue()));
        case "checkpointlocation" ->
            throw new ConfigException(
                "not meaningful here: --write-options "
                    + key
                    + ": positions live in the load's offset store (spec.offsets)");
        default ->
            throw new ConfigException(
                "--write-options "
                    + key
                    + " has no counterpart in kafkaload; supported: maxRecordsPerFile,"
                    + " compression");
      }
    }
  }

  private static long positive(String key, String value) {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // the message below says what is expected
    }
    throw new ConfigException(
        "--write-options " + key + "=" + value + ": give a whole number of records, at least 1");
  }

  /** The trigger after {@code --streaming-trigger} and {@code --streaming-trigger-option}. */
  private static void trigger(LoadCommand f, boolean streaming, ConfigDocument doc) {
    for (String flag : new String[] {"--streaming-trigger", "--streaming-trigger-option"}) {
      boolean given =
          flag.equals("--streaming-trigger")
              ? f.streamingTrigger != null
              : f.streamingTriggerOption != null;
      if (given && !streaming) {
        throw new ConfigException(
            flag + " applies to streaming loads: add --stream (the load's mode is Batch)");
      }
    }
    if (f.streamingTrigger != null) {
      doc.set("spec.trigger.type", StarlakeValues.triggerType(f.streamingTrigger));
    }
    if (f.streamingTriggerOption != null) {
      String type = doc.text("spec.trigger.type");
      LoadSpec.TriggerType effective =
          type == null ? LoadSpec.TriggerType.ProcessingTime : LoadSpec.TriggerType.valueOf(type);
      if (effective != LoadSpec.TriggerType.ProcessingTime) {
        throw new ConfigException(
            "not meaningful here: --streaming-trigger-option with trigger "
                + effective
                + ": "
                + (effective == LoadSpec.TriggerType.Once
                    ? "Once reads what is there at start and stops"
                    : "Continuous commits as soon as each polled batch is written")
                + "; the interval is for ProcessingTime");
      }
      doc.set(
          "spec.trigger.intervalSeconds", StarlakeValues.intervalSeconds(f.streamingTriggerOption));
    }
  }
}
