package io.kafkaload.worker.transform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a load's earlier runs wrote, read from the footers of its Parquet files when a run
 * starts. They are the one record of the load's inferred columns: the files hold them and are
 * committed with the positions (the files of a run that did not commit are removed before), so
 * nothing else has to be kept in step with the positions, and a crash cannot leave them apart.
 */
public final class LoadColumns {

  private LoadColumns() {}

  /**
   * The union of the columns of {@code files} (Parquet, under {@code root}), as DuckDB reads them
   * by name; null when there are none. Only the footers are read. {@code scratch} is a folder under
   * {@code root} for DuckDB's temporary files.
   */
  public static ColumnType of(Path root, Path scratch, List<Path> files) throws SQLException {
    if (files.isEmpty()) {
      return null;
    }
    try (Connection db = LockedDownDuckDb.open(root, scratch, 1, MemoryBudget.duckdbMemoryLimit());
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "DESCRIBE SELECT * FROM read_parquet("
                    + ColumnInference.list(files)
                    + ", union_by_name = true, hive_partitioning = false)")) {
      List<String> names = new ArrayList<>();
      List<ColumnType> types = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("column_name"));
        types.add(ColumnType.parse(rs.getString("column_type")));
      }
      return ColumnType.struct(names, types);
    }
  }
}
