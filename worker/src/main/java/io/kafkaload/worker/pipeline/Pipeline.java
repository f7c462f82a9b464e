package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.chunk.Chunk;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.decode.MetadataColumns;
import io.kafkaload.worker.output.files.PartitionValues;
import io.kafkaload.worker.output.jdbc.ColumnNames;
import io.kafkaload.worker.validate.InferableRow;
import io.kafkaload.worker.validate.InferableScan;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The order of the stages, and the only place that knows it: each polled record is decoded, then
 * appended to its partition's chunk or kept as rejected with the reason; a chunk that reached
 * {@code maxRecords} is sealed so files stay bounded.
 */
final class Pipeline {
  static final String STAGE_DECODE = "decode";
  static final String STAGE_VALIDATE = "validate";
  static final String STAGE_WRITE = "write";

  private final Decoder decoder;
  // JSON values: the decoder records each value's shape while it checks it, for the sinks that
  // summarise their rows' shapes (they need not walk each row again)
  private final JsonDecoder json;
  private final JsonDecoder.Shape shape = new JsonDecoder.Shape();
  private final ChunkLedger ledger;
  private final RunStats stats;
  private final long maxRecords;
  private final long maxBytes;
  private final RowCheck validator;
  private final boolean validatesJsonItself;
  private final MetadataColumns metadata;
  // rows one record could otherwise use to change other rows' columns or forge metadata
  private final InferableRow inferable;
  // JSON values without a schema: the same check, told by the decoder while it scans each value
  // (one pass over the bytes instead of a second parse); null otherwise
  private final JsonDecoder scanning;
  private final InferableScan inferableScan;
  // the partitionBy values a row's folders get, when they are the row's own members
  private PartitionValues partitionValues;
  // the rows' top-level names, when a PostgreSQL table takes them as its column names
  private ColumnNames columnNames;

  Pipeline(Decoder decoder, ChunkLedger ledger, RunStats stats, long maxRecords) {
    this(decoder, null, new MetadataColumns(List.of()), ledger, stats, maxRecords, Long.MAX_VALUE);
  }

  /**
   * @param validator the schema's checks, or null without a schema
   * @param metadata the Kafka metadata columns added to each row
   * @param maxRecords records of a partition after which its chunk is sealed
   * @param maxBytes bytes of row values of a partition after which its chunk is sealed
   */
  Pipeline(
      Decoder decoder,
      RowCheck validator,
      MetadataColumns metadata,
      ChunkLedger ledger,
      RunStats stats,
      long maxRecords,
      long maxBytes) {
    this.decoder = decoder;
    // shapes recorded while decoding describe the value as sent: only when it is written so
    this.json =
        decoder instanceof JsonDecoder j && validator == null && metadata.isEmpty() ? j : null;
    this.validator = validator;
    this.validatesJsonItself = validator != null && decoder instanceof JsonDecoder;
    this.metadata = metadata;
    this.inferable =
        validator == null || !metadata.isEmpty()
            ? new InferableRow(metadata.columns(), validator == null)
            : null;
    this.scanning = decoder instanceof JsonDecoder j && validator == null ? j : null;
    this.inferableScan = scanning != null ? new InferableScan(inferable) : null;
    this.ledger = ledger;
    this.stats = stats;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Checks that each row's partitionBy values can become folder names (null: none to check). */
  Pipeline checkingPartitionValues(PartitionValues check) {
    this.partitionValues = check;
    return this;
  }

  /** Checks that each row's top-level names can be the table's column names (null: none). */
  Pipeline checkingColumnNames(ColumnNames check) {
    this.columnNames = check;
    return this;
  }

  // One method on purpose (over 80 lines): the per-record hot path, where each stage's result
  // decides the next; its order is the pipeline's contract, read top to bottom.
  /**
   * Handles the records of a poll. {@code endOffsets}, when not null, bounds each partition
   * (records at or after the end are ignored: they belong to the next run).
   */
  void process(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> endOffsets)
      throws IOException {
    for (TopicPartition tp : records.partitions()) {
      long end = endOffsets == null ? Long.MAX_VALUE : endOffsets.getOrDefault(tp, Long.MAX_VALUE);
      process(tp, records.records(tp), end);
    }
  }

  /**
   * Handles records of one partition, in order: those at or after {@code end} are ignored (they
   * belong to the next run). A files source hands each file's rows here as records.
   */
  void process(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> list, long end)
      throws IOException {
    Chunk chunk = ledger.chunk(tp);
    long read = 0; // counted once per partition: an atomic add per record costs
    try {
      for (ConsumerRecord<byte[], byte[]> record : list) {
        long offset = record.offset();
        if (offset >= end) {
          break;
        }
        read++;
        byte[] value = record.value();
        if (value == null) {
          // a tombstone (a delete in a compacted topic) carries no row: not loaded, not a
          // reject; counted as filtered, as documented
          stats.filtered.incrementAndGet();
          continue;
        }
        String reason;
        String stage = STAGE_DECODE;
        boolean shaped = false;
        byte[] row = null; // the accepted row, unless shaped (then the value itself)
        if (validatesJsonItself && value != null && value.length > 0) {
          // the validator reads the whole value and accepts nothing the JSON decoder refuses
          // (ValidatorImpliesDecoderTest): the decoder's pass is only needed to tell a decode
          // reject from a validate one, with the decoder's own reason
          reason = validator.check(value);
          if (reason == null) {
            row = validator.row();
          } else {
            String decodeReason = decoder.check(value);
            if (decodeReason != null) {
              reason = decodeReason;
            } else {
              stage = STAGE_VALIDATE;
            }
          }
        } else {
          shaped = json != null && chunk.wantsShapes();
          if (scanning != null) {
            inferableScan.begin();
            reason = scanning.check(value, shaped ? shape : null, inferableScan);
          } else {
            reason = shaped ? json.check(value, shape) : decoder.check(value);
          }
          if (reason == null && !shaped) {
            row = decoder.row(value);
            if (validator != null) {
              reason = validator.check(row);
              stage = STAGE_VALIDATE;
              row = reason == null ? validator.row() : null;
            }
          }
        }
        if (reason == null && !shaped) {
          reason = metadata.check(record);
          stage = STAGE_VALIDATE;
        }
        if (inferableScan != null) {
          String inferred = inferableScan.end(reason == null);
          if (inferred != null) {
            reason = inferred;
            stage = STAGE_VALIDATE;
          }
        } else if (reason == null && inferable != null) {
          reason = inferable.check(shaped ? value : row);
          stage = STAGE_VALIDATE;
        }
        if (reason == null && columnNames != null) {
          reason = columnNames.check(shaped ? value : row);
          stage = STAGE_VALIDATE;
        }
        byte[] out = reason == null && !shaped ? metadata.add(row, record) : null;
        if (reason == null && partitionValues != null) {
          reason = partitionValues.check(shaped ? value : out);
          stage = STAGE_WRITE;
        }
        if (reason == null) {
          if (shaped) {
            chunk.append(offset, value, shape);
          } else {
            chunk.append(offset, out);
          }
          if (chunk.keepsOriginals()) {
            chunk.original(record);
          }
        } else {
          chunk.reject(record, stage, reason);
          stats.rejected.incrementAndGet();
        }
        if (chunk.records() + chunk.rejected() >= maxRecords || chunk.bytes() >= maxBytes) {
          ledger.seal(tp, offset + 1);
          chunk = ledger.chunk(tp);
        }
      }
    } finally {
      stats.read.addAndGet(read);
    }
  }
}
