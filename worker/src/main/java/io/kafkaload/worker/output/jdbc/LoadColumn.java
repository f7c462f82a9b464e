package io.kafkaload.worker.output.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A column of the load's rows: its name and its DuckDB type as DuckDB prints it ({@code BIGINT},
 * {@code DECIMAL(10,2)}, {@code TIMESTAMP WITH TIME ZONE}, {@code STRUCT(a INTEGER)}, {@code
 * INTEGER[]}, ...).
 */
public record LoadColumn(String name, String duckDbType) {

  /** The columns of a DuckDB result, in order. */
  public static List<LoadColumn> of(ResultSetMetaData md) throws SQLException {
    List<LoadColumn> out = new ArrayList<>(md.getColumnCount());
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.add(new LoadColumn(md.getColumnName(i), md.getColumnTypeName(i)));
    }
    return out;
  }
}
