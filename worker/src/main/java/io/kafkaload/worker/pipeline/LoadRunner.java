package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.chunk.RecordSink;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.decode.MetadataColumns;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.source.kafka.BrokerProbe;
import io.kafkaload.worker.source.kafka.KafkaClients;
import io.kafkaload.worker.source.kafka.TopicResolver;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load, batch or streaming, from its worker config: builds the clients, the offset store,
 * the decoder and the sink, runs, and always returns a report (a failed run's report says why).
 */
public final class LoadRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRunner.class);

  /** Builds the parts of a run that depend on the spec; the CLI wires the real ones. */
  public interface Parts {
    Decoder decoder(WorkerConfig config);

    /**
     * The sink. {@code clientProperties} are the load's Kafka client properties, for sinks that
     * write to the cluster (rejected records sent to a topic).
     */
    RecordSink sink(WorkerConfig config, Map<String, Object> clientProperties) throws Exception;

    /** The validation stage of {@code spec.schema}, or null when the load has none. */
    default RowCheck validator(WorkerConfig config) {
      return null;
    }

    /** The check of the rows' partitionBy values, or null when there is none. */
    default io.kafkaload.worker.output.files.PartitionValues partitionValues(WorkerConfig config) {
      return null;
    }

    /**
     * The check of the rows' top-level names as the table's column names, or null when the table's
     * columns do not come from the rows' names.
     */
    default io.kafkaload.worker.output.jdbc.ColumnNames columnNames(WorkerConfig config) {
      return null;
    }

    /** The folder a run's own scratch folders go under (a files source's reader). */
    default Path scratchDir(WorkerConfig config) {
      return Path.of(System.getProperty("java.io.tmpdir"), "kafkaload-scratch");
    }

    OffsetStore store(
        WorkerConfig config,
        Map<String, Object> clientProperties,
        Consumer<byte[], byte[]> consumer);
  }

  private final WorkerConfig config;
  private final Parts parts;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final RunStats stats = new RunStats();
  private volatile RecordSink sink;
  private volatile String userCodeStopped;
  private volatile boolean cannotRun;

  public LoadRunner(WorkerConfig config, Parts parts) {
    this.config = config;
    this.parts = parts;
  }

  /** The live counters, for progress output. */
  public RunStats stats() {
    return stats;
  }

  /**
   * Asks a streaming run to finish its batch, commit and return (from a SIGTERM hook). No {@code
   * wakeup()}: it could interrupt a commit; the poll timeout (at most a second) bounds the wait.
   */
  public void stop() {
    stopping.set(true);
  }

  /**
   * Stops the load's own code (its SQL) where it is, failing the run with {@code reason}: for a
   * SIGTERM the run did not answer in time (a query that never ends, or one that writes without
   * bound), so the process ends within the pod's grace period. What was running is not committed.
   */
  public void stopUserCode(String reason) {
    userCodeStopped = reason;
    RecordSink current = sink;
    if (current != null) {
      current.stopUserCode(reason);
    }
  }

  /**
   * True when the run failed because its configuration cannot run (a {@link
   * io.kafkaload.worker.config.ConfigException}: a missing Secret, SQL that does not parse, a
   * folder another load owns...), as opposed to a run that failed on its way.
   */
  public boolean cannotRun() {
    return cannotRun;
  }

  /** Runs the load; never throws for a failed run, the report says why. */
  public RunReport run() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String groupId = config.spec().groupIdOrDefault(config.load());
    List<RunReport.PartitionRange> ranges = new ArrayList<>();
    List<RunReport.Gap> gaps = new ArrayList<>();
    ChunkLedger ledger = null;
    String failure = null;
    String ignored = null;
    Map<String, Object> common;
    try {
      common = KafkaClients.common(config);
      BrokerProbe.check(config.connection().spec().bootstrapServers());
    } catch (RuntimeException e) {
      cannotRun = causedBy(e, io.kafkaload.worker.config.ConfigException.class);
      return report(start, ranges, gaps, null, Reasons.oneLine(e), null);
    }
    // the gaps a run skipped are reported even when it fails afterwards: its positions may have
    // moved past them already
    Supplier<List<RunReport.Gap>> runGaps = List::of;
    try (KafkaConsumer<byte[], byte[]> kafka = KafkaClients.consumer(config, groupId);
        OffsetStore store = parts.store(config, common, kafka);
        RecordSink sink = parts.sink(config, common)) {
      this.sink = sink;
      if (userCodeStopped != null) {
        sink.stopUserCode(userCodeStopped);
      }
      ledger = new ChunkLedger(sink, stats, ErrorBudget.of(config.spec()));
      Pipeline pipeline = pipeline(ledger);
      if (config.spec().source().files() != null) {
        FilesRun files = new FilesRun(config, store, ledger, pipeline, parts.scratchDir(config));
        files.run();
        ranges.addAll(files.ranges());
        ignored = files.ignored();
      } else if (bounded(config.spec())) {
        BatchRun batch = new BatchRun(config, kafka, store, ledger, pipeline);
        runGaps = batch::gaps;
        try (Admin admin = Admin.create(common)) {
          batch.run(
              TopicResolver.partitions(
                  admin,
                  config.spec().source().kafka(),
                  config.connection().spec().bootstrapServers()));
        }
        ranges.addAll(batch.ranges());
        ignored = batch.ignored();
      } else {
        try (Admin admin = Admin.create(common)) {
          TopicResolver.requireListed(
              admin, config.spec().source().kafka(), config.connection().spec().bootstrapServers());
        }
        StreamingRun streaming = new StreamingRun(config, kafka, store, ledger, pipeline, stopping);
        runGaps = streaming::gaps;
        ranges.addAll(runStreaming(streaming, kafka));
      }
    } catch (Exception e) {
      cannotRun = causedBy(e, io.kafkaload.worker.config.ConfigException.class);
      failure = Reasons.oneLine(e);
      if (ledger != null && causedBy(e, ErrorBudget.Exceeded.class)) {
        discardUncommitted(ledger);
      }
      LOG.debug("run failed", e);
    }
    gaps.addAll(runGaps.get());
    return report(start, ranges, gaps, ledger, failure, ignored);
  }

  /** The stages of this load, in the order {@link Pipeline} knows. */
  private Pipeline pipeline(ChunkLedger ledger) {
    LoadSpec.Flush flush = config.spec().sink().flushOrDefault();
    return new Pipeline(
            parts.decoder(config),
            parts.validator(config),
            new MetadataColumns(config.spec().source().metadataColumnsOrDefault()),
            ledger,
            stats,
            flush.maxRecordsOrDefault(),
            flush.maxBytesOrDefault())
        .checkingPartitionValues(parts.partitionValues(config))
        .checkingColumnNames(parts.columnNames(config));
  }

  /** Runs until stopped, in the load's consumer group; returns the ranges it committed. */
  private static List<RunReport.PartitionRange> runStreaming(
      StreamingRun streaming, KafkaConsumer<byte[], byte[]> kafka) throws Exception {
    streaming.run();
    // gives the partitions up while the sink is still open (close() would do it after)
    kafka.unsubscribe();
    List<RunReport.PartitionRange> ranges = new ArrayList<>();
    streaming
        .committed()
        .forEach(
            (tp, end) ->
                ranges.add(
                    new RunReport.PartitionRange(
                        tp.topic(), tp.partition(), streaming.started().get(tp), end)));
    return ranges;
  }

  /**
   * The chunks that crossed the error budget are durable but not committed: not the run's files.
   */
  private void discardUncommitted(ChunkLedger ledger) {
    List<Path> removed = ledger.discardUncommitted();
    if (!removed.isEmpty()) {
      LOG.info(
          "{}: removed {} uncommitted file(s) of the failed run",
          config.load().qualified(),
          removed.size());
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Batch runs, and streaming runs with trigger Once, stop at the end offsets seen at start. */
  static boolean bounded(LoadSpec spec) {
    return io.kafkaload.worker.source.kafka.plan.RunMode.of(spec).bounded();
  }

  private RunReport report(
      Instant start,
      List<RunReport.PartitionRange> ranges,
      List<RunReport.Gap> gaps,
      ChunkLedger ledger,
      String failure,
      String ignored) {
    String message =
        failure != null
            ? failure
            : ignored != null
                ? ignored
                : "read "
                    + stats.read()
                    + ", written "
                    + stats.written()
                    + ", rejected "
                    + stats.rejected()
                    + (stats.filtered() > 0 ? ", filtered " + stats.filtered() : "")
                    + (gaps.isEmpty() ? "" : ", " + gaps.size() + " gap(s) lost to retention");
    return new RunReport(
        config.load().qualified(),
        failure == null ? RunReport.SUCCEEDED : RunReport.FAILED,
        message,
        start.toString(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        stats.read(),
        stats.written(),
        stats.rejected(),
        stats.filtered(),
        ranges,
        gaps.isEmpty() ? null : gaps,
        ledger == null ? List.of() : ledger.files().stream().map(Path::toString).toList(),
        ledger == null ? List.of() : ledger.rejectedFiles().stream().map(Path::toString).toList(),
        null);
  }
}
