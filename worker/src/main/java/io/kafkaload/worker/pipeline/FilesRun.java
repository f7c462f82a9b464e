package io.kafkaload.worker.pipeline;

import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.source.files.FileRows;
import io.kafkaload.worker.source.files.SourceFile;
import io.kafkaload.worker.source.files.SourceFileReader;
import io.kafkaload.worker.source.files.SourceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded run of a files source: each file listed at start is a source partition (its relative
 * path, see {@link SourceFile#partition}) whose position is the number of its rows sent; the run
 * sends each file's rows from its stored position to its row count, one file after the other,
 * through the same {@link Pipeline} a Kafka source's records go through (decoded as JSON,
 * validated, rejected with their reasons), and commits what is durable as it goes, as {@link
 * BatchRun} does. A file already sent whole is counted and skipped; a file that changed (size or
 * modification time) is a new partition, sent whole.
 */
final class FilesRun {
  private static final Logger LOG = LoggerFactory.getLogger(FilesRun.class);
  // rows handed to the pipeline at once, as a poll would
  private static final int BATCH = 500;

  private String ignored;
  private final WorkerConfig config;
  private final OffsetStore store;
  private final ChunkLedger ledger;
  private final Pipeline pipeline;
  private final Path scratch;
  private final List<RunReport.PartitionRange> ranges = new ArrayList<>();

  FilesRun(
      WorkerConfig config, OffsetStore store, ChunkLedger ledger, Pipeline pipeline, Path scratch) {
    this.config = config;
    this.store = store;
    this.ledger = ledger;
    this.pipeline = pipeline;
    this.scratch = scratch;
  }

  /** Sends every file's rows not sent before; throws on any failure. */
  void run() throws IOException {
    LoadSpec.FilesSource source = config.spec().source().files();
    List<SourceFile> files = SourceFiles.list(source);
    List<TopicPartition> partitions = files.stream().map(SourceFile::partition).toList();
    Map<TopicPartition, Long> stored = partitions.isEmpty() ? Map.of() : store.read(partitions);
    Map<TopicPartition, Long> known =
        ledger.withSinkRecord(stored, partitions, config.load().qualified());
    try (SourceFileReader reader =
        new SourceFileReader(source, Path.of(SourceFilePaths.baseFolder(source.path())), scratch)) {
      Map<TopicPartition, Long> start = new LinkedHashMap<>();
      Map<TopicPartition, Long> end = new LinkedHashMap<>();
      Map<TopicPartition, FileRows> rows = new HashMap<>();
      for (SourceFile file : files) {
        TopicPartition tp = file.partition();
        FileRows fileRows = reader.rows(file);
        long count = fileRows.count();
        long from = Math.min(known.getOrDefault(tp, 0L), count);
        start.put(tp, from);
        end.put(tp, count);
        rows.put(tp, fileRows);
      }
      ledger.stats().plannedRecords(RunStats.planned(start, end));
      for (TopicPartition tp : partitions) {
        ledger.start(tp, start.get(tp));
      }
      String ignoredWhy = ledger.beginRun(start);
      if (ignoredWhy != null) {
        this.ignored = ignoredWhy;
        LOG.info("{}: {}", config.load().qualified(), ignoredWhy);
        files.forEach(f -> range(f, start.get(f.partition()), start.get(f.partition())));
        return;
      }
      long pending = partitions.stream().filter(tp -> start.get(tp) < end.get(tp)).count();
      LOG.info(
          "{}: {} file(s) under {}, {} with rows to send",
          config.load().qualified(),
          files.size(),
          SourceFilePaths.baseFolder(source.path()),
          pending);
      Map<TopicPartition, Long> committed = send(files, rows, start, end);
      files.forEach(f -> range(f, start.get(f.partition()), committed.get(f.partition())));
    }
  }

  /** Sends the files in order, committing what is durable; returns the committed positions. */
  private Map<TopicPartition, Long> send(
      List<SourceFile> files,
      Map<TopicPartition, FileRows> rows,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end)
      throws IOException {
    RunCommits commits = new RunCommits(store, ledger, start);
    for (SourceFile file : files) {
      TopicPartition tp = file.partition();
      long from = start.get(tp);
      long to = end.get(tp);
      if (from >= to) {
        continue;
      }
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(BATCH);
      rows.get(tp)
          .read(
              from,
              to,
              (number, json) -> {
                batch.add(record(file, tp, number, json));
                if (batch.size() == BATCH) {
                  pipeline.process(tp, batch, to);
                  batch.clear();
                }
              });
      if (!batch.isEmpty()) {
        pipeline.process(tp, batch, to);
      }
      ledger.seal(tp, to);
      commits.completed();
    }
    return commits.finish();
  }

  /**
   * A row as the record the pipeline takes: the file's relative path as its topic, the file's
   * fingerprint as its partition, the row number as its offset, the file's modification time as its
   * timestamp (what a rejected row is kept with).
   */
  private static ConsumerRecord<byte[], byte[]> record(
      SourceFile file, TopicPartition tp, long number, byte[] json) {
    return new ConsumerRecord<>(
        tp.topic(),
        tp.partition(),
        number,
        file.modified(),
        TimestampType.CREATE_TIME,
        -1,
        json.length,
        null,
        json,
        new RecordHeaders(),
        java.util.Optional.empty());
  }

  private void range(SourceFile file, long from, long to) {
    TopicPartition tp = file.partition();
    ranges.add(new RunReport.PartitionRange(tp.topic(), tp.partition(), from, to));
  }

  /** Why the run read nothing ({@code writeMode: Ignore}), or null. */
  String ignored() {
    return ignored;
  }

  List<RunReport.PartitionRange> ranges() {
    return ranges;
  }
}
