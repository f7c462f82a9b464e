package io.kafkaload.worker.output.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The data-file half of a batch ({@link IcebergCommitter.Batch}): the rows of its chunks written
 * into open Parquet data files (one per table partition, rolled at {@code
 * write.target-file-size-bytes}, named after the commit id), or data files written already ({@link
 * DuckDbDataFiles}), with the offset ranges, rows and newest timestamp of the chunks. {@link
 * #staged()} closes the files and hands them over as a {@link StagedFiles} value, which the commit
 * protocol ({@link SnapshotCommit}) registers; nothing here touches the table's metadata.
 */
final class BatchWriter {

  private final Table table;
  private final String commitId;
  private final Map<String, Map<Integer, long[]>> ranges = new TreeMap<>();
  private final PartitionSpec spec;
  private final PartitionKey key;
  private final InternalRecordWrapper wrapper;
  private FanoutDataWriter<Record> writer;
  private final List<DataFile> added = new ArrayList<>();
  private Instant maxTimestamp;
  private long records;
  private int chunks;

  BatchWriter(Table table, String commitId) {
    this.table = table;
    this.commitId = commitId;
    this.spec = table.spec();
    this.key = new PartitionKey(spec, table.schema());
    this.wrapper = new InternalRecordWrapper(table.schema().asStruct());
  }

  /**
   * Writes {@code rows} (null: none; else all of them, from the current position) as {@code
   * chunk}'s; the caller checked that the chunk follows ({@link #checkFollows}).
   */
  void add(IcebergChunk chunk, ResultSet rows) throws SQLException {
    if (rows != null) {
      IcebergTables.checkCanTake(table, DuckDbColumn.of(rows.getMetaData()));
      RowConverter converter = new RowConverter(table.schema(), rows.getMetaData());
      FanoutDataWriter<Record> out = writer();
      GenericRecord record = GenericRecord.create(table.schema());
      boolean partitioned = spec.isPartitioned();
      long n = 0;
      while (rows.next()) {
        converter.fill(rows, record);
        if (partitioned) {
          key.partition(wrapper.wrap(record));
          out.write(record, spec, key);
        } else {
          out.write(record, spec, null);
        }
        n++;
      }
      records += n;
    }
    added(chunk);
  }

  /** Takes data files already written for the rows of {@code chunk}. */
  void addFiles(IcebergChunk chunk, List<DataFile> written) {
    checkFollows(chunk);
    added.addAll(written);
    for (DataFile file : written) {
      records += file.recordCount();
    }
    added(chunk);
  }

  /** Takes over everything {@code other} holds, its files closed now. */
  void absorb(BatchWriter other) {
    List<DataFile> written = other.close();
    for (Map.Entry<String, Map<Integer, long[]>> t : other.ranges.entrySet()) {
      for (Map.Entry<Integer, long[]> p : t.getValue().entrySet()) {
        long[] range = p.getValue();
        IcebergChunk chunk = new IcebergChunk(t.getKey(), p.getKey(), range[0], range[1], null);
        checkFollows(chunk);
        ranges
            .computeIfAbsent(chunk.topic(), x -> new TreeMap<>())
            .merge(
                chunk.partition(),
                new long[] {range[0], range[1]},
                (a, b) -> new long[] {a[0], b[1]});
      }
    }
    added.addAll(written);
    records += other.records;
    chunks += other.chunks;
    if (other.maxTimestamp != null
        && (maxTimestamp == null || other.maxTimestamp.isAfter(maxTimestamp))) {
      maxTimestamp = other.maxTimestamp;
    }
  }

  /** Throws when {@code chunk} does not start where the batch's chunk of its partition ended. */
  void checkFollows(IcebergChunk chunk) {
    Map<Integer, long[]> partitions = ranges.get(chunk.topic());
    long[] range = partitions == null ? null : partitions.get(chunk.partition());
    if (range != null && range[1] != chunk.startOffset()) {
      throw new IllegalArgumentException(
          "chunk "
              + chunk
              + " does not follow the batch's previous chunk of that partition (next offset "
              + range[1]
              + ")");
    }
  }

  private void added(IcebergChunk chunk) {
    ranges
        .computeIfAbsent(chunk.topic(), t -> new TreeMap<>())
        .merge(
            chunk.partition(),
            new long[] {chunk.startOffset(), chunk.nextOffset()},
            (a, b) -> new long[] {a[0], b[1]});
    if (chunk.maxTimestamp() != null
        && (maxTimestamp == null || chunk.maxTimestamp().isAfter(maxTimestamp))) {
      maxTimestamp = chunk.maxTimestamp();
    }
    chunks++;
  }

  /** Closes the open data files (their rows are on disk); they are staged or absorbed later. */
  void closeFiles() {
    if (writer != null) {
      List<DataFile> all = close();
      added.clear();
      added.addAll(all);
    }
  }

  long records() {
    return records;
  }

  int chunks() {
    return chunks;
  }

  /** Closes the data files and hands them over with the chunks' ranges. */
  StagedFiles staged() {
    return new StagedFiles(commitId, close(), ranges, records, maxTimestamp);
  }

  private FanoutDataWriter<Record> writer() {
    if (writer == null) {
      OutputFileFactory names =
          OutputFileFactory.builderFor(table, 0, 0)
              .format(FileFormat.PARQUET)
              .operationId("kafkaload-" + commitId)
              .build();
      long target =
          PropertyUtil.propertyAsLong(
              table.properties(),
              TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
              TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
      writer = new FanoutDataWriter<>(new ParquetRecordWriters(table), names, table.io(), target);
    }
    return writer;
  }

  /** Closes the open data files; every data file of the batch so far. */
  List<DataFile> close() {
    if (writer == null) {
      return List.copyOf(added);
    }
    FanoutDataWriter<Record> w = writer;
    writer = null;
    try {
      w.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataWriteResult result = w.result();
    List<DataFile> all = new ArrayList<>(added);
    all.addAll(result.dataFiles());
    return List.copyOf(all);
  }
}
