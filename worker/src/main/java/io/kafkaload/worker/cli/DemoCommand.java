package io.kafkaload.worker.cli;

import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.RunPlan;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.demo.SampleEvents;
import io.kafkaload.worker.kafka.EmbeddedKafka;
import io.kafkaload.worker.output.files.FolderOwner;
import io.kafkaload.worker.pipeline.RunReport;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import io.kafkaload.worker.transform.MemoryBudget;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kafkaload demo}: a real single-node Kafka in this process, sample events with some
 * malformed, the shipped example load run twice into a local folder, and what landed where.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Starts a real single-node Kafka (KRaft) in this process, produces sample events (about 1%%"
            + " malformed), runs examples/kafkaload-batch-parquet.yaml into a local folder, then"
            + " runs it again to show that nothing is loaded twice.")
final class DemoCommand implements Callable<Integer> {
  static final String EXAMPLE = "kafkaload-batch-parquet.yaml";

  @Option(
      names = "--events",
      defaultValue = "100000",
      description = "events to produce (default: ${DEFAULT-VALUE})")
  int events;

  @Option(
      names = "--output",
      defaultValue = "kafkaload-demo",
      description = "folder for the files (default: ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path exampleFile = exampleFile();
    Path data = output.toAbsolutePath().resolve("events");
    WorkerConfig example = ConfigLoader.load(exampleFile, null, runtime());
    startClean(data, example.load().qualified(), out);
    out.println("Starting a single-node Kafka broker (KRaft) in this process...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("events", 3);
      kafka.awaitGroupCoordinator();
      int malformed = produce(kafka.bootstrapServers(), events);
      out.printf(
          "Produced %d events to topic 'events' on %s (%d malformed on purpose)%n",
          events, kafka.bootstrapServers(), malformed);
      WorkerConfig config =
          ConfigLoader.edit(
              example,
              Overrides.bootstrap(kafka.bootstrapServers())
                  .andThen(Overrides.filesPath(data.toString())));
      out.printf(
          "%nRun 1: %s -> %s%n",
          exampleFile.startsWith("examples")
              ? exampleFile
              : "examples/" + EXAMPLE + " (the copy inside the jar)",
          data);
      RunReport first = demoRun(config, output.resolve("run-1-report.json"), out);
      out.printf("%nRun 2 (the same load again):%n");
      RunReport second = demoRun(config, output.resolve("run-2-report.json"), out);
      if (!first.succeeded() || !second.succeeded()) {
        throw new IllegalStateException(
            "the demo load failed: " + (first.succeeded() ? second : first).message());
      }
      describe(data, out);
      out.printf(
          "%nRun 2 read %d records: positions are committed in the topic comet_offsets, so nothing"
              + " is loaded twice.%nReports: %s%n",
          second.recordsRead(), output.toAbsolutePath());
      out.printf(
          "%nThe demo ran examples/%s with two overrides; the same load against your Kafka:%n"
              + "  %s --bootstrap-servers HOST:9092 --files-path %s%n",
          EXAMPLE, runCommand(runningJar(), Path.of("").toAbsolutePath()), data);
    }
    return 0;
  }

  private static RunReport demoRun(WorkerConfig config, Path reportFile, PrintStream out)
      throws Exception {
    RunReport[] report = new RunReport[1];
    RunCommand.runWithSigterm(
        config,
        RunPlan.fromSystem(null).forLoad(config, Instant.now()),
        MetricsEndpoint.DISABLED,
        false,
        (r, cannotRun) -> {
          report[0] = r;
          ReportWriter.write(r, reportFile, java.util.Optional.empty(), out);
          return 0;
        });
    return report[0];
  }

  /**
   * Each demo starts a new, empty broker, so the files of a previous demo in the same folder are
   * not this demo's data: they are removed (and said so), never resumed from. A folder that holds
   * anything else is left alone and refused.
   */
  void startClean(Path data, String demoLoad, PrintStream out) throws Exception {
    Path base = output.toAbsolutePath();
    if (Files.isDirectory(data)) {
      String owner = FolderOwner.of(data);
      // unmarked: a demo of an earlier version, if it holds nothing but what a demo writes
      if (owner == null ? !onlyDemoFiles(data) : !owner.equals(demoLoad)) {
        throw new ConfigException(
            "--output "
                + base
                + ": "
                + data
                + " holds files the demo did not write"
                + (owner == null ? "" : " (they belong to the load " + owner + ")")
                + "; give the demo another folder with --output");
      }
      DurableFiles.deleteTree(data);
      out.printf(
          "Starting clean: removed the previous demo's files in %s (each demo starts a new,"
              + " empty Kafka)%n",
          data);
    }
    DurableFiles.deleteTree(base.resolve("offsets"));
    for (String report : List.of("run-1-report.json", "run-2-report.json")) {
      Files.deleteIfExists(base.resolve(report));
    }
  }

  /** True when {@code data} holds only what a demo writes: events files, rejects, hidden files. */
  private static boolean onlyDemoFiles(Path data) throws java.io.IOException {
    try (java.util.stream.Stream<Path> list = Files.list(data)) {
      return list.map(p -> p.getFileName().toString())
          .allMatch(n -> n.startsWith(".") || n.startsWith("events+") || n.equals("_rejected"));
    }
  }

  private WorkerConfig.Runtime runtime() {
    Path base = output.toAbsolutePath();
    return new WorkerConfig.Runtime(
        base.resolve("secrets").toString(), base.resolve("offsets").toString());
  }

  /**
   * The example from the checkout when run from it, else the one inside the jar, read from a
   * temporary file (not left beside the output: the demo runs it with other brokers and path).
   */
  private Path exampleFile() throws Exception {
    Path local = Path.of("examples", EXAMPLE);
    if (Files.isRegularFile(local)) {
      return local;
    }
    Path copy = Files.createTempFile("kafkaload-demo-", ".yaml");
    copy.toFile().deleteOnExit();
    try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/" + EXAMPLE)) {
      if (in == null) {
        throw new IllegalStateException("the example " + EXAMPLE + " is missing from the jar");
      }
      Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  private static int produce(String servers, int count) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            servers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024);
    SampleEvents sample = new SampleEvents(42, 1);
    int malformed = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        byte[] value = sample.next();
        malformed += sample.lastMalformed() ? 1 : 0;
        producer.send(new ProducerRecord<>("events", value));
      }
      producer.flush();
    }
    return malformed;
  }

  /** Reads the output back with DuckDB: rows, rejected records and a few sample rows. */
  private static void describe(Path output, PrintStream out) throws Exception {
    // locked down like every DuckDB of the worker, to the output folder
    Path data = output.toRealPath();
    try (Connection db = LockedDownDuckDb.open(data, 1, MemoryBudget.duckdbMemoryLimit());
        Statement st = db.createStatement()) {
      String parquet = data.resolve("*.parquet").toString().replace("'", "''");
      String rejected = data.resolve("_rejected").resolve("*.jsonl").toString().replace("'", "''");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + parquet + "')")) {
        rs.next();
        out.printf("%nRows in %s/*.parquet: %d%n", data, rs.getLong(1));
      }
      if (Files.isDirectory(data.resolve("_rejected"))) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*), any_value(reason) FROM read_json('"
                    + rejected
                    + "', format='newline_delimited')")) {
          rs.next();
          out.printf(
              "Rejected records in %s/_rejected/: %d (e.g. \"%s\")%n",
              data, rs.getLong(1), rs.getString(2));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT event_id, user_id, event_type, ts, amount, region FROM read_parquet('"
                  + parquet
                  + "') ORDER BY event_id LIMIT 3")) {
        out.println("First rows:");
        while (rs.next()) {
          out.printf(
              "  %s %s %s %s %s %s%n",
              rs.getObject(1),
              rs.getObject(2),
              rs.getObject(3),
              rs.getObject(4),
              rs.getObject(5),
              rs.getObject(6));
        }
      }
    }
  }

  /** The jar this process runs from, or null (run from classes, as the tests do). */
  private static Path runningJar() {
    try {
      Path p =
          Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return p.toString().endsWith(".jar") ? p : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The {@code kafkaload run} command of the demo's example, with paths that work from {@code cwd}:
   * the jar the demo runs from, and the example beside it in the clone (worker/target/kafkaload.jar
   * next to examples/); relative to {@code cwd} when under it.
   */
  static String runCommand(Path jar, Path cwd) {
    if (jar == null) {
      return "java -jar kafkaload.jar run -f examples/" + EXAMPLE;
    }
    Path example = null;
    Path clone = jar.toAbsolutePath().getParent();
    for (int up = 0; clone != null && up < 3; up++, clone = clone.getParent()) {
      Path candidate = clone.resolve("examples").resolve(EXAMPLE);
      if (Files.isRegularFile(candidate)) {
        example = candidate;
        break;
      }
    }
    return "java -jar "
        + shown(jar, cwd)
        + " run -f "
        + (example == null ? "examples/" + EXAMPLE : shown(example, cwd));
  }

  private static String shown(Path path, Path cwd) {
    Path abs = path.toAbsolutePath().normalize();
    Path base = cwd.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }
}
