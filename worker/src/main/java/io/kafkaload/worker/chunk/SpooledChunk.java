package io.kafkaload.worker.chunk;

import io.kafkaload.worker.decode.JsonDecoder.Shape;
import io.kafkaload.worker.rejects.OriginalsSpool;
import io.kafkaload.worker.rejects.RejectedRecordWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A chunk of the {@link ChunkEngine}, filled on the consumer thread: rows stream to scratch files
 * (nothing is kept in memory), rejected records to their own scratch file; both are created on
 * first use, so a chunk without rows or without rejects leaves no file of that kind. {@link #seal}
 * closes them and queues the chunk for the writer threads.
 */
final class SpooledChunk implements Chunk {

  /** Witness rows beyond this size are not kept: the converter then infers from every row. */
  static final int MAX_WITNESS_BYTES = 4 << 20;

  private final ChunkEngine engine;
  private final TopicPartition partition;
  private final long startPosition;
  private final String stem;
  private RowSpool rows;
  private RowShapes shapes; // Parquet only
  // Parquet: copies of the rows that brought a new path or kind (JSON lines); null once too big
  private byte[] witnesses = new byte[0];
  private int witnessBytes;
  private RejectedRecordWriter rejects;
  private OriginalsSpool originals; // loads that run SQL
  private long records;
  private long rejected;
  private long bytes;
  private long lastOffset = -1;
  private boolean sealed;

  SpooledChunk(ChunkEngine engine, TopicPartition partition, long startPosition, String stem) {
    this.engine = engine;
    this.partition = partition;
    this.startPosition = startPosition;
    this.stem = stem;
  }

  @Override
  public TopicPartition partition() {
    return partition;
  }

  @Override
  public long startPosition() {
    return startPosition;
  }

  @Override
  public void append(long offset, byte[] value) throws IOException {
    append(offset, value, null);
  }

  @Override
  public boolean wantsShapes() {
    return engine.spooling().summarisesShapes();
  }

  @Override
  public void append(long offset, byte[] value, Shape shape) throws IOException {
    advance(offset);
    if (rows == null) {
      rows = engine.newSpool(stem);
    }
    rows.write(value);
    if (engine.spooling().summarisesShapes()) {
      if (shapes == null) {
        shapes = new RowShapes();
      }
      boolean isNew =
          shape == null
              ? shapes.add(value, 0, value.length)
              : shapes.add(shape, value, 0, value.length);
      if (isNew && witnesses != null) {
        witness(value);
      }
    }
    records++;
    bytes += value.length;
  }

  /** Keeps a copy of a row with something new, as a line; gives up beyond MAX_WITNESS_BYTES. */
  private void witness(byte[] value) {
    int needed = witnessBytes + value.length + 1;
    if (needed > MAX_WITNESS_BYTES) {
      witnesses = null; // the whole chunk is inferred instead
      return;
    }
    if (needed > witnesses.length) {
      witnesses =
          Arrays.copyOf(
              witnesses, Math.min(MAX_WITNESS_BYTES, Math.max(needed, 2 * witnesses.length)));
    }
    for (byte b : value) {
      // one line, as in the spool: CR and LF are only whitespace between tokens in a valid value
      witnesses[witnessBytes++] = b == '\n' || b == '\r' ? (byte) ' ' : b;
    }
    witnesses[witnessBytes++] = '\n';
  }

  @Override
  public boolean keepsOriginals() {
    return engine.spooling().keepsOriginals();
  }

  @Override
  public void original(ConsumerRecord<byte[], byte[]> record) throws IOException {
    if (originals == null) {
      originals = new OriginalsSpool(engine.scratch().resolve(stem + ".originals"));
    }
    originals.write(record);
  }

  @Override
  public void reject(ConsumerRecord<byte[], byte[]> record, String stage, String reason)
      throws IOException {
    advance(record.offset());
    if (rejects == null) {
      rejects = new RejectedRecordWriter(engine.scratch().resolve(stem + ".rejected.jsonl"));
    }
    rejects.write(record, stage, reason);
    rejected++;
  }

  /** Offsets must grow inside the range: the file names promise it. */
  private void advance(long offset) {
    if (sealed) {
      throw new IllegalStateException("chunk " + stem + " is sealed");
    }
    if (offset < startPosition || offset <= lastOffset) {
      throw new IllegalArgumentException(
          "offset "
              + offset
              + " out of order in "
              + partition
              + " (chunk starts at "
              + startPosition
              + ", last offset "
              + lastOffset
              + ")");
    }
    lastOffset = offset;
  }

  @Override
  public long records() {
    return records;
  }

  @Override
  public long rejected() {
    return rejected;
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public CompletableFuture<ChunkResult> seal(long nextPosition) {
    if (sealed) {
      throw new IllegalStateException("chunk " + stem + " is already sealed");
    }
    sealed = true;
    engine.forget(this);
    if (nextPosition < startPosition || nextPosition <= lastOffset) {
      discard();
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "cannot end the chunk of "
                  + partition
                  + " at "
                  + nextPosition
                  + ": it starts at "
                  + startPosition
                  + " and holds offset "
                  + lastOffset));
    }
    List<Path> rowFiles = List.of();
    try {
      if (rows != null) {
        rowFiles = rows.finish();
      }
      if (rejects != null) {
        rejects.close();
      }
      if (originals != null) {
        originals.close();
      }
    } catch (IOException e) {
      discard();
      return CompletableFuture.failedFuture(e);
    }
    return engine.submit(
        new SealedChunk(
            partition,
            startPosition,
            nextPosition,
            records,
            rejected,
            rowFiles,
            rows == null ? 0 : rows.longestRow(),
            shapes,
            witnesses == null || shapes == null ? null : Arrays.copyOf(witnesses, witnessBytes),
            rejects == null ? null : rejects.file(),
            originals == null ? null : originals.file()));
  }

  /** Closes and deletes the scratch files (the chunk is abandoned). */
  void discard() {
    List<Path> files = new ArrayList<>();
    if (rows != null) {
      try {
        rows.close();
      } catch (IOException e) {
        // deleting it anyway
      }
      files.addAll(rows.segments());
    }
    if (rejects != null) {
      try {
        rejects.close();
      } catch (IOException e) {
        // deleting it anyway
      }
      files.add(rejects.file());
    }
    if (originals != null) {
      try {
        originals.close();
      } catch (IOException e) {
        // deleting it anyway
      }
      files.add(originals.file());
    }
    DurableFiles.deleteQuietly(files);
  }
}
