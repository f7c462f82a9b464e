package io.kafkaload.worker.cli;

import static io.kafkaload.worker.cli.StarlakeValues.TABLE_SINKS;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.SpecValidator;
import io.kafkaload.worker.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps Starlake's {@code kafkaload} flags onto a load's spec. A flag that has no meaning here, or
 * no field to map to, fails with why and what to do instead, rather than being ignored. Every
 * problem is reported at once.
 */
final class StarlakeMapping {
  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

  private StarlakeMapping() {}

  /** A problem of one flag; the mapping collects them all. */
  private interface Step {
    void run();
  }

  /** {@code base} with the flags applied and validated; throws naming every refused flag. */
  static WorkerConfig apply(LoadCommand f, WorkerConfig base) {
    List<String> problems = new ArrayList<>();
    refuseUnsupported(f, base, problems);
    LoadSpec s = base.spec();
    KafkaSourceEdit source = KafkaSourceEdit.of(s.source().kafka());
    String[] bootstrap = {null};
    LoadSpec.FilesSink files = s.sink().files();
    LoadSpec.Flush[] flush = {s.sink().flush()};
    LoadSpec.FileFormat[] fileFormat = {files.format()};
    LoadSpec.Mode mode = s.mode();
    if (f.stream != null) {
      mode = f.stream ? LoadSpec.Mode.Streaming : LoadSpec.Mode.Batch;
    }
    boolean streaming = mode == LoadSpec.Mode.Streaming;
    LoadSpec.Trigger[] trigger = {s.trigger()};

    step(problems, f.format, () -> source.format = StarlakeValues.valueFormat(f.format));
    step(
        problems,
        f.options,
        () ->
            bootstrap[0] =
                SparkSourceOptions.apply(StarlakeValues.keyValues("--options", f.options), source));
    step(problems, f.writeFormat, () -> fileFormat[0] = StarlakeValues.fileFormat(f.writeFormat));
    LoadSpec.WriteMode[] writeMode = {files.writeMode()};
    step(
        problems,
        f.writeMode,
        () -> writeMode[0] = StarlakeValues.writeMode(f.writeMode, streaming));
    LoadSpec.Compression[] compression = {files.compression()};
    step(
        problems,
        f.writeOptions,
        () -> flush[0] = writeOptions(f.writeOptions, flush[0], compression));
    Integer[] coalesce = {files.coalesce()};
    step(problems, f.writeCoalesce, () -> coalesce[0] = coalesce(f.writeCoalesce));
    List<String>[] partitionBy = new List[] {files.partitionBy()};
    step(
        problems,
        f.streamingPartitionBy,
        () -> partitionBy[0] = columns("--streaming-partition-by", f.streamingPartitionBy));
    LoadSpec.Transform[] transform = {s.transform()};
    step(problems, f.transform, () -> transform[0] = transform(f.transform));
    String[] path = {files.path()};
    step(problems, "paths", () -> path[0] = path(f.path, f.writePath, files.path()));
    step(problems, "trigger", () -> trigger[0] = trigger(f, streaming, s.trigger()));
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    LoadSpec.Sink sink =
        new LoadSpec.Sink(
            new LoadSpec.FilesSink(
                path[0],
                fileFormat[0],
                compression[0],
                partitionBy[0],
                coalesce[0],
                writeMode[0],
                files.claimName()),
            flush[0]);
    LoadSpec spec =
        Overrides.spec(s, mode, trigger[0], new LoadSpec.Source(source.build()), sink)
            .withProcessing(s.schema(), transform[0], s.rejected());
    WorkerConfig config = Overrides.bootstrap(Overrides.spec(base, spec), bootstrap[0]);
    SpecValidator.validate(config);
    return config;
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
  private static void refuseUnsupported(LoadCommand f, WorkerConfig base, List<String> problems) {
    String named = base.connection() == null ? null : base.connection().name();
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
    if (f.writeConfig != null) {
      problems.add(
          "not supported: --write-config names a topic to offload to; kafkaload loads topics"
              + " into files (a Kafka sink, spec.sink.kafka, does not exist yet)");
    }
    if (f.streamingToTable != null) {
      problems.add("not supported as a flag: --streaming-to-table: " + TABLE_SINKS);
    }
  }

  /** {@code --write-coalesce}: the number of files a batch run writes. */
  private static Integer coalesce(String text) {
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
  private static LoadSpec.Transform transform(String text) {
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
    return new LoadSpec.Transform(t);
  }

  /** {@code --path} and {@code --write-path} both name the folder written to. */
  private static String path(String path, String writePath, String current) {
    if (path != null && writePath != null && !path.strip().equals(writePath.strip())) {
      throw new ConfigException(
          "--path and --write-path both give the folder written to (sink.files.path); give one");
    }
    String given = writePath != null ? writePath : path;
    if (given == null) {
      return current;
    }
    String flag = writePath != null ? "--write-path" : "--path";
    if (given.isBlank()) {
      throw new ConfigException(flag + " is empty; give the folder to write files to");
    }
    if (given.contains("{{")) {
      throw new ConfigException(
          "not supported: placeholders in " + flag + " (" + given + "); give the folder itself");
    }
    return given.strip();
  }

  /** {@code --write-options}: Spark writer options that have a counterpart here. */
  private static LoadSpec.Flush writeOptions(
      String text, LoadSpec.Flush flush, LoadSpec.Compression[] compression) {
    Long maxRecords = flush == null ? null : flush.maxRecords();
    for (Map.Entry<String, String> e :
        StarlakeValues.keyValues("--write-options", text).entrySet()) {
      String key = e.getKey();
      switch (key.toLowerCase(Locale.ROOT)) {
        case "maxrecordsperfile" -> maxRecords = positive(key, e.getValue());
        case "compression", "codec" -> compression[0] = StarlakeValues.compression(e.getValue());
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
    return new LoadSpec.Flush(
        maxRecords,
        flush == null ? null : flush.maxBytes(),
        flush == null ? null : flush.intervalSeconds());
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
  private static LoadSpec.Trigger trigger(
      LoadCommand f, boolean streaming, LoadSpec.Trigger current) {
    LoadSpec.TriggerType type = current == null ? null : current.type();
    Integer interval = current == null ? null : current.intervalSeconds();
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
      type = StarlakeValues.triggerType(f.streamingTrigger);
    }
    if (f.streamingTriggerOption != null) {
      LoadSpec.TriggerType effective = type == null ? LoadSpec.TriggerType.ProcessingTime : type;
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
      interval = StarlakeValues.intervalSeconds(f.streamingTriggerOption);
    }
    return type == null && interval == null ? null : new LoadSpec.Trigger(type, interval);
  }
}
