package io.kafkaload.worker.output.files.avro;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * A DuckDB result's rows as Avro datums, with the one mapping of DuckDB types to Avro ({@link
 * AvroFiles} lists it): the schema the columns map to, and per row one reused record filled from
 * the current row. The Avro files output appends the records to a container file; the Kafka output
 * encodes each as a record's value.
 */
public final class AvroRows {

  /** A value that cannot be written; the message names the column, the row and the place. */
  public static final class ValueError extends IOException {
    ValueError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final AvroMapping.Plan plan;
  private final AvroMapping.ColumnReader[] readers;
  private final GenericData.Record record;

  private AvroRows(AvroMapping.Plan plan) {
    this.plan = plan;
    List<AvroMapping.Column> columns = plan.columns();
    this.readers = new AvroMapping.ColumnReader[columns.size()];
    for (int c = 0; c < readers.length; c++) {
      readers[c] = columns.get(c).reader();
    }
    this.record = new GenericData.Record(plan.schema());
  }

  /**
   * The rows of the first {@code columns} columns of a result, as records named {@code recordName}
   * (sanitised into an Avro name) in {@code namespace} (null: none).
   *
   * @throws IllegalArgumentException naming the column when a type has no Avro mapping
   */
  public static AvroRows of(ResultSetMetaData md, int columns, String recordName, String namespace)
      throws SQLException {
    return new AvroRows(AvroMapping.plan(md, columns, recordName, namespace));
  }

  static AvroRows of(ResultSetMetaData md, String recordName) throws SQLException {
    return new AvroRows(AvroMapping.plan(md, recordName));
  }

  /** The record schema the columns map to: every field {@code ["null", T]} with default null. */
  public Schema schema() {
    return plan.schema();
  }

  /**
   * The current row of {@code rs} as a record of {@link #schema()}: the same object for every row,
   * refilled.
   *
   * @param row the row's index, as messages name it
   * @throws ValueError naming the column, the row and the place inside a nested value when a value
   *     cannot be written
   * @throws SQLException when the driver cannot read a column, naming it
   */
  public GenericData.Record read(ResultSet rs, long row) throws ValueError, SQLException {
    for (int c = 0; c < readers.length; c++) {
      Object datum;
      try {
        datum = readers[c].read(rs);
      } catch (AvroMapping.ValueException e) {
        throw valueError(plan.columns().get(c), row, e.path(), e.getMessage(), e);
      } catch (RuntimeException e) {
        throw valueError(plan.columns().get(c), row, "", AvroMapping.describe(e), e);
      } catch (SQLException e) {
        throw new SQLException(
            "cannot read column '" + plan.columns().get(c).label() + "': " + e.getMessage(),
            e.getSQLState(),
            e.getErrorCode(),
            e);
      }
      record.put(c, datum);
    }
    return record;
  }

  private static ValueError valueError(
      AvroMapping.Column column, long row, String path, String reason, Throwable cause) {
    String type = column.duckType();
    if (type.length() > 200) {
      type = type.substring(0, 200) + "...";
    }
    return new ValueError(
        "cannot write column '"
            + column.label()
            + "' ("
            + type
            + ") to Avro, row "
            + row
            + (path.isEmpty() ? "" : ", at " + column.label() + path)
            + ": "
            + reason,
        cause);
  }

  /** Why {@code e} happened, as messages say it: its class and its message. */
  public static String describe(Throwable e) {
    return AvroMapping.describe(e);
  }

  /**
   * The writer of datums made as this mapping makes them, for {@code schema}: no logical-type
   * conversions to look up per value (decimals are already bytes, timestamps longs), and a union
   * {@code ["null", T]} resolved by "is it null", without the generic lookup by the datum's class
   * (other unions: the generic lookup).
   */
  public static DatumWriter<GenericRecord> writer(Schema schema) {
    return new NullableUnionWriter(schema);
  }

  private static final class NullableUnionWriter extends GenericDatumWriter<GenericRecord> {
    NullableUnionWriter(Schema schema) {
      super(schema, new GenericData());
    }

    @Override
    protected void write(Schema schema, Object datum, Encoder out) throws IOException {
      writeWithoutConversion(schema, datum, out);
    }

    @Override
    protected int resolveUnion(Schema union, Object datum) {
      List<Schema> types = union.getTypes();
      if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
        return datum == null ? 0 : 1;
      }
      return super.resolveUnion(union, datum);
    }
  }
}
