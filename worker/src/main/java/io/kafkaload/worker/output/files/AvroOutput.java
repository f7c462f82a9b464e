package io.kafkaload.worker.output.files;

import io.kafkaload.worker.output.files.avro.AvroFiles;
import io.kafkaload.worker.transform.ColumnType;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a query's rows as Avro container files: DuckDB runs the query, {@link AvroFiles} writes
 * the result. With {@code partitionBy}, the result is kept in a temporary table and written once
 * per distinct value of the partition columns, into hive folders named as DuckDB names them, the
 * partition columns left out of the files (their values are in the folder names).
 */
public final class AvroOutput {

  private AvroOutput() {}

  public static long write(Connection db, String query, Path dir, String base, RowsPlan plan)
      throws SQLException, IOException {
    String recordName = "row";
    List<String> partitionBy = plan.partitionBy();
    if (partitionBy.isEmpty()) {
      try (Statement st = db.createStatement();
          ResultSet rs = LockedDownDuckDb.query(db, st, query)) {
        return AvroFiles.write(
            rs, dir.resolve(base + "." + plan.extension()), plan.compression(), recordName);
      }
    }
    String cols = partitionBy.stream().map(ColumnType::quoteName).collect(Collectors.joining(", "));
    String table = "kafkaload_avro_out";
    LockedDownDuckDb.run(db, "CREATE OR REPLACE TEMP TABLE " + table + " AS " + query);
    try {
      List<List<String>> values = new ArrayList<>();
      try (Statement st = db.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT DISTINCT "
                      + partitionBy.stream()
                          .map(c -> "CAST(" + ColumnType.quoteName(c) + " AS VARCHAR)")
                          .collect(Collectors.joining(", "))
                      + " FROM "
                      + table)) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= partitionBy.size(); i++) {
            row.add(rs.getString(i));
          }
          values.add(row);
        }
      }
      long written = 0;
      StringBuilder where = new StringBuilder();
      for (String c : partitionBy) {
        where.append(where.isEmpty() ? " WHERE " : " AND ");
        where
            .append("CAST(")
            .append(ColumnType.quoteName(c))
            .append(" AS VARCHAR) IS NOT DISTINCT FROM ?");
      }
      String select = "SELECT * EXCLUDE (" + cols + ") FROM " + table + where;
      for (List<String> value : values) {
        Path folder = dir;
        for (int i = 0; i < partitionBy.size(); i++) {
          folder = folder.resolve(HiveFolders.folder(partitionBy.get(i), value.get(i)));
        }
        Files.createDirectories(folder);
        try (PreparedStatement ps = db.prepareStatement(select)) {
          for (int i = 0; i < value.size(); i++) {
            ps.setString(i + 1, value.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            written +=
                AvroFiles.write(
                    rs,
                    folder.resolve(base + "." + plan.extension()),
                    plan.compression(),
                    recordName);
          }
        }
      }
      return written;
    } finally {
      LockedDownDuckDb.run(db, "DROP TABLE IF EXISTS " + table);
    }
  }
}
