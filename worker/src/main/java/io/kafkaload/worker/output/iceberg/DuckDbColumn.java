package io.kafkaload.worker.output.iceberg;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A column of the rows the engine hands to the Iceberg sink: its name and its DuckDB type as DuckDB
 * prints it ({@code BIGINT}, {@code DECIMAL(10,2)}, {@code TIMESTAMP WITH TIME ZONE}, {@code
 * STRUCT(a INTEGER, "b c" VARCHAR[])}, {@code MAP(VARCHAR, BIGINT)}, ...).
 */
public record DuckDbColumn(String name, String type) {

  /** The columns of a DuckDB result, in order ({@code getColumnTypeName} gives the full type). */
  public static List<DuckDbColumn> of(ResultSetMetaData metaData) throws SQLException {
    List<DuckDbColumn> columns = new ArrayList<>(metaData.getColumnCount());
    for (int i = 1; i <= metaData.getColumnCount(); i++) {
      columns.add(new DuckDbColumn(metaData.getColumnName(i), metaData.getColumnTypeName(i)));
    }
    return columns;
  }
}
