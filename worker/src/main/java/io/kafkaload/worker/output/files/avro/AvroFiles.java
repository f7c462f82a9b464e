package io.kafkaload.worker.output.files.avro;

import io.kafkaload.worker.config.LoadSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes a DuckDB query result to an Avro object container file. DuckDB's COPY has no Avro writer,
 * so the rows go through JDBC: one row at a time, into one reused {@link GenericRecord}, appended
 * to a {@link DataFileWriter} that compresses and flushes a block every {@value #SYNC_INTERVAL}
 * bytes. Memory stays bounded by the widest row plus one block, whatever the row count.
 *
 * <p>Types (every field is {@code ["null", T]} with default null; LIST items and MAP values are
 * nullable the same way):
 *
 * <table>
 *   <caption>DuckDB to Avro</caption>
 *   <tr><td>BOOLEAN</td><td>boolean</td></tr>
 *   <tr><td>TINYINT, SMALLINT, INTEGER, UTINYINT, USMALLINT</td><td>int</td></tr>
 *   <tr><td>BIGINT, UINTEGER</td><td>long</td></tr>
 *   <tr><td>UBIGINT, HUGEINT, UHUGEINT</td><td>bytes decimal(38,0); a value of 39 digits is
 *       refused</td></tr>
 *   <tr><td>FLOAT / DOUBLE</td><td>float / double</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>bytes decimal(p,s)</td></tr>
 *   <tr><td>VARCHAR, JSON, ENUM</td><td>string</td></tr>
 *   <tr><td>UUID</td><td>string uuid</td></tr>
 *   <tr><td>BLOB</td><td>bytes</td></tr>
 *   <tr><td>DATE</td><td>int date</td></tr>
 *   <tr><td>TIME</td><td>long time-micros</td></tr>
 *   <tr><td>TIMESTAMP, TIMESTAMP_S, TIMESTAMP_MS</td><td>long local-timestamp-micros</td></tr>
 *   <tr><td>TIMESTAMP_NS</td><td>long local-timestamp-micros; a value with non-zero digits below
 *       the microsecond is refused (cast to TIMESTAMP to truncate)</td></tr>
 *   <tr><td>TIMESTAMP WITH TIME ZONE</td><td>long timestamp-micros (UTC)</td></tr>
 *   <tr><td>INTERVAL</td><td>string, ISO 8601 as java.time prints it ({@code P1Y2M3DT4H5M6.789S})
 *       </td></tr>
 *   <tr><td>STRUCT(...)</td><td>record named after its path ({@code <record>_<column>_<field>})
 *       </td></tr>
 *   <tr><td>T[], T[n]</td><td>array</td></tr>
 *   <tr><td>MAP(VARCHAR, T)</td><td>map</td></tr>
 *   <tr><td>MAP(K, T), K not VARCHAR</td><td>array of record {@code <path>_entry {key: K, value:
 *       ["null", T]}}</td></tr>
 *   <tr><td>NULL (an untyped NULL column)</td><td>null</td></tr>
 * </table>
 *
 * Other types (TIME WITH TIME ZONE, BIT, BIGNUM, UNION, ...) are refused, naming the column: cast
 * them in the query. Names that are not valid Avro names ({@code [A-Za-z_][A-Za-z0-9_]*}) are
 * sanitised (other chars to '_', a leading digit prefixed with '_', clashes suffixed {@code _2},
 * ...) and keep their original spelling in the field property {@value AvroMapping#ORIGINAL_NAME}.
 *
 * <p>Timestamps: DuckDB's infinities keep their encoding (+-(2^63 - 1) micros, dates +-(2^31 - 1)
 * days). A TIMESTAMP column is read as LocalDateTime, exactly; a TIMESTAMP nested in a STRUCT, LIST
 * or MAP comes from the driver as a java.sql.Timestamp built in the JVM's default zone, exact
 * unless its wall-clock time falls in a DST gap of that zone: run the worker in UTC.
 */
public final class AvroFiles {

  /** Uncompressed bytes per block: bigger blocks compress better, and cost this much memory. */
  static final int SYNC_INTERVAL = 1 << 20;

  private AvroFiles() {}

  /**
   * Writes every remaining row of {@code rs} (it is not closed) to an Avro object container file at
   * {@code target} (created or truncated; deleted again when the write fails), compressed with
   * {@code codec}; returns the number of rows.
   *
   * @param recordName the top-level record's name, sanitised into an Avro name
   * @throws IllegalArgumentException for a codec Avro files do not support here (Gzip, Lz4)
   * @throws IOException when a column's type or a value cannot be written, naming the column (and
   *     the row and the place inside a nested value), or when the file cannot be written
   * @throws SQLException when the driver cannot read the result
   */
  public static long write(ResultSet rs, Path target, LoadSpec.Compression codec, String recordName)
      throws IOException, SQLException {
    CodecFactory codecFactory = codec(codec);
    AvroRows rows;
    try {
      rows = AvroRows.of(rs.getMetaData(), recordName);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot write Avro: " + e.getMessage(), e);
    }
    boolean done = false;
    try (OutputStream out = Files.newOutputStream(target);
        DataFileWriter<GenericRecord> writer =
            new DataFileWriter<>(AvroRows.writer(rows.schema()))) {
      writer.setCodec(codecFactory);
      writer.setSyncInterval(SYNC_INTERVAL);
      writer.create(rows.schema(), out);
      long written = writeRows(rs, rows, writer);
      done = true;
      return written;
    } finally {
      if (!done) {
        Files.deleteIfExists(target);
      }
    }
  }

  /**
   * The Avro schema the columns of this result map to.
   *
   * @throws IllegalArgumentException naming the column when a type has no Avro mapping
   */
  public static Schema schema(ResultSetMetaData md, String recordName) throws SQLException {
    return AvroMapping.plan(md, recordName).schema();
  }

  private static long writeRows(ResultSet rs, AvroRows rows, DataFileWriter<GenericRecord> writer)
      throws IOException, SQLException {
    long written = 0;
    while (rs.next()) {
      GenericRecord record = rows.read(rs, written);
      try {
        writer.append(record);
      } catch (DataFileWriter.AppendWriteException e) {
        throw new IOException(
            "cannot write row " + written + " to Avro: " + AvroMapping.describe(e.getCause()), e);
      }
      written++;
    }
    return written;
  }

  /** Snappy, Deflate, Zstd or None. */
  static CodecFactory codec(LoadSpec.Compression codec) {
    Objects.requireNonNull(codec, "codec");
    return switch (codec) {
      case Snappy -> CodecFactory.snappyCodec();
      case Deflate -> CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
      case Zstd -> CodecFactory.zstandardCodec(CodecFactory.DEFAULT_ZSTANDARD_LEVEL);
      case None -> CodecFactory.nullCodec();
      case Gzip, Lz4 ->
          throw new IllegalArgumentException(
              "Avro files do not support compression "
                  + codec
                  + ": use Snappy, Deflate, Zstd or None");
    };
  }
}
