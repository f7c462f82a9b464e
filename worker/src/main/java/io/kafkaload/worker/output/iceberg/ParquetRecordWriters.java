package io.kafkaload.worker.output.iceberg;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileWriterFactory;

/**
 * Parquet data files of generic records with the table's schema, properties and metrics, through
 * Iceberg's {@link GenericAppenderFactory} (which writes with {@code GenericParquetWriter::create};
 * calling that directly needs {@code parquet-column} on the compile classpath, a runtime-only
 * dependency of {@code iceberg-parquet}).
 */
final class ParquetRecordWriters implements FileWriterFactory<Record> {
  private final Table table;
  private final Map<Integer, GenericAppenderFactory> factories = new HashMap<>();

  ParquetRecordWriters(Table table) {
    this.table = table;
  }

  @Override
  public DataWriter<Record> newDataWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    GenericAppenderFactory factory =
        factories.computeIfAbsent(
            spec.specId(),
            id ->
                new GenericAppenderFactory(
                    table, table.schema(), spec, table.properties(), null, null, null));
    return factory.newDataWriter(file, FileFormat.PARQUET, partition);
  }

  @Override
  public EqualityDeleteWriter<Record> newEqualityDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    throw new UnsupportedOperationException("the Iceberg sink writes no delete files");
  }

  @Override
  public PositionDeleteWriter<Record> newPositionDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    throw new UnsupportedOperationException("the Iceberg sink writes no delete files");
  }
}
