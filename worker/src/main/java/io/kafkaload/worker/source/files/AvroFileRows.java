package io.kafkaload.worker.source.files;

import io.kafkaload.worker.decode.AvroDatums;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;

/**
 * An Avro object container file: its blocks are read raw (decompressed, not decoded by Avro) and
 * each record converted to a JSON object as a Kafka Avro value is ({@link AvroDatums}, the writer
 * schema from the file's header); counted from the blocks' record counts. Folder columns are added
 * unless the record has them, as for JSON lines.
 */
final class AvroFileRows implements FileRows {

  private final SourceFile file;

  AvroFileRows(SourceFile file) {
    this.file = file;
  }

  @Override
  public long count() throws IOException {
    long count = 0;
    try (DataFileStream<Object> in = open()) {
      while (in.hasNext()) {
        count += in.getBlockCount();
        in.nextBlock();
      }
    }
    return count;
  }

  @Override
  public void read(long from, long to, RowHandler handler) throws IOException {
    long number = 0;
    try (DataFileStream<Object> in = open()) {
      AvroDatums datums;
      try {
        datums = new AvroDatums(in.getSchema());
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "source file " + file.relative() + ": its Avro schema " + e.getMessage(), e);
      }
      FolderColumns folders = new FolderColumns(file);
      while (number < to && in.hasNext()) {
        long records = in.getBlockCount();
        ByteBuffer block = in.nextBlock();
        if (number + records <= from) {
          number += records;
          continue;
        }
        byte[] v = block.array();
        int at = block.arrayOffset() + block.position();
        int end = block.arrayOffset() + block.limit();
        for (long r = 0; r < records && number < to; r++, number++) {
          try {
            at = datums.next(v, at, end);
          } catch (IllegalArgumentException e) {
            throw new IOException(
                "source file "
                    + file.relative()
                    + " row "
                    + number
                    + " is not a record of the file's schema: "
                    + e.getMessage(),
                e);
          }
          if (number >= from) {
            byte[] row = datums.row();
            handler.row(number, folders.add(row, row.length));
          }
        }
      }
    }
  }

  private DataFileStream<Object> open() throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16);
    try {
      return new DataFileStream<>(in, new GenericDatumReader<>());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw new IOException(
          "source file " + file.relative() + " is not an Avro container file: " + e.getMessage(),
          e);
    }
  }
}
