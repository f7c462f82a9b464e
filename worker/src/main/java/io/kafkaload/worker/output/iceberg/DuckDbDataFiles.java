package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.transform.DuckDbSql;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A chunk's data files written by DuckDB's own Parquet writer instead of Iceberg's generic one
 * (about ten times faster: columnar, no per-value boxing). Each file carries the table's field ids
 * ({@code FIELD_IDS}), so Iceberg maps its columns by id as it does for its own files; every value
 * is CAST to the table column's exact type first, so the Parquet types are the ones Iceberg writes
 * (int -&gt; long widening done by DuckDB). The file's metrics (counts, nulls, bounds) come from
 * its Parquet footer through Iceberg's {@link ParquetUtil#fileMetrics}, as for files added by
 * Iceberg's own {@code add_files}.
 *
 * <p>Partitioned tables: DuckDB computes a grouping key per partition field (identity, year, month,
 * day, hour, truncate of integers and strings), writes one folder per distinct key, and the
 * partition value of each folder is computed by Iceberg's own transform from the smallest and the
 * largest source value of the folder: both must give the same value (the transforms are monotonic,
 * so every value between them does too), and a folder holds only nulls or no null; otherwise the
 * chunk is written by the generic writer. So a difference between DuckDB's and Iceberg's calendar
 * arithmetic can cost speed, never put a row in a wrong partition.
 *
 * <p>Structs are built field by field by name ({@code struct_pack}), with their fields' ids.
 *
 * <p>Not used ({@link #whyNot} says why; the generic writer is): lists, maps and other types (time,
 * uuid, fixed), required table columns or struct fields, bucket and other transforms, partitions by
 * nested fields, compression codecs DuckDB does not write.
 *
 * <p><i>Over 400 lines, on purpose: the DuckDB write of the data files and the Iceberg metadata
 * that must agree with it (field ids, each folder's partition value checked by Iceberg's own
 * transform, the footer's metrics) stay together, because a difference between the two is a wrong
 * partition or a wrong bound, not an error.</i>
 */
final class DuckDbDataFiles {

  private static final String ROWS = "__kafkaload_rows";
  private static final String GROUP = "__kafkaload_group";

  /** A partition field: DuckDB's grouping key, and the source value in Iceberg's representation. */
  private record Part(String key, String internal, Function<Object, Object> transform) {}

  private final Table table;
  private final PartitionSpec spec;
  private final String select; // the rows' columns, CAST to the table's types
  private final List<String> names; // the rows' columns (quoted)
  private final String options; // COPY options without PARTITION_BY
  private final List<Part> parts;

  private DuckDbDataFiles(
      Table table, String select, List<String> names, String options, List<Part> parts) {
    this.table = table;
    this.spec = table.spec();
    this.select = select;
    this.names = names;
    this.options = options;
    this.parts = parts;
  }

  /**
   * The writer for rows of {@code columns} into {@code table}; only when {@link #whyNot} is null.
   */
  static DuckDbDataFiles of(Table table, List<DuckDbColumn> columns) {
    return build(table, columns);
  }

  /**
   * Null when DuckDB can write the table's data files for rows of {@code columns}, else why not.
   */
  static String whyNot(Table table, List<DuckDbColumn> columns) {
    for (DuckDbColumn column : columns) {
      Types.NestedField field = table.schema().asStruct().field(column.name());
      if (field == null) {
        return "the table has no column " + column.name();
      }
      if (field.isRequired()) {
        return "column " + column.name() + " is required";
      }
      if (DuckDbTypes.writtenAs(field.type()) == null) {
        return "column " + column.name() + " is " + field.type();
      }
    }
    if (compression(table) == null) {
      return "write.parquet.compression-codec "
          + table.properties().get(TableProperties.PARQUET_COMPRESSION);
    }
    for (PartitionField field : table.spec().fields()) {
      if (part(table, field) == null) {
        return "partition field " + field.name() + " (" + field.transform() + ")";
      }
    }
    return null;
  }

  private static DuckDbDataFiles build(Table table, List<DuckDbColumn> columns) {
    List<String> casts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int[] unused = {0};
    for (DuckDbColumn column : columns) {
      Types.NestedField field = table.schema().asStruct().field(column.name());
      String name = quote(column.name());
      names.add(name);
      Type given = DuckDbTypes.toIceberg(column.name(), column.type(), () -> ++unused[0]);
      casts.add(value(name, given, field.type()) + " AS " + name);
      ids.add(literal(column.name()) + ": " + fieldIds(field));
    }
    String[] codec = compression(table);
    String options =
        "FORMAT parquet, COMPRESSION "
            + codec[0]
            + (codec[1] == null ? "" : ", COMPRESSION_LEVEL " + codec[1])
            + ", FIELD_IDS {"
            + String.join(", ", ids)
            + "}";
    List<Part> parts = new ArrayList<>();
    table.spec().fields().forEach(f -> parts.add(part(table, f)));
    return new DuckDbDataFiles(table, String.join(", ", casts), names, options, List.copyOf(parts));
  }

  /**
   * Writes the rows of {@code query} (on DuckDB connection {@code db}) as data files of the table:
   * Parquet under {@code scratch}, then copied to the table's data location through its FileIO,
   * named after {@code commitId}. Returns the files (none for no rows), or null when a partition
   * value could not be settled (the caller writes the chunk with the generic writer).
   */
  List<DataFile> write(Connection db, String query, Path scratch, String commitId)
      throws SQLException, IOException {
    String rows = "SELECT " + select + " FROM (" + query + ") AS kafkaload_rows";
    List<DataFile> files = new ArrayList<>();
    boolean done = false;
    try {
      if (parts.isEmpty()) {
        Path file = scratch.resolve("data.parquet");
        run(db, "COPY (" + rows + ") TO " + literal(file.toString()) + " (" + options + ")");
        add(file, null, commitId, files);
      } else if (!writePartitioned(db, rows, scratch, commitId, files)) {
        deleteAll(files);
        files.clear();
        return null;
      }
      done = true;
      return files;
    } finally {
      if (!done) {
        deleteAll(files);
      }
    }
  }

  private boolean writePartitioned(
      Connection db, String rows, Path scratch, String commitId, List<DataFile> out)
      throws SQLException, IOException {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      keys.add(parts.get(i).key() + " AS " + quote("__kafkaload_k" + i));
    }
    List<String> order = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      order.add(quote("__kafkaload_k" + i));
    }
    run(
        db,
        "CREATE OR REPLACE TEMP TABLE "
            + ROWS
            + " AS SELECT *, dense_rank() OVER (ORDER BY "
            + String.join(", ", order)
            + ") AS "
            + GROUP
            + " FROM (SELECT *, "
            + String.join(", ", keys)
            + " FROM ("
            + rows
            + ") AS kafkaload_cast) AS kafkaload_keyed");
    try {
      TreeMap<Long, StructLike> partitions = settle(db);
      if (partitions == null) {
        return false;
      }
      if (partitions.isEmpty()) {
        return true;
      }
      run(
          db,
          "COPY (SELECT "
              + String.join(", ", names)
              + ", "
              + GROUP
              + " FROM "
              + ROWS
              + ") TO "
              + literal(scratch.toString())
              + " ("
              + options
              + ", PARTITION_BY ("
              + GROUP
              + "), FILENAME_PATTERN 'data_{i}')");
      for (var p : partitions.entrySet()) {
        Path folder = scratch.resolve(GROUP + "=" + p.getKey());
        List<Path> written = new ArrayList<>();
        if (Files.isDirectory(folder)) {
          try (DirectoryStream<Path> ls = Files.newDirectoryStream(folder, "*.parquet")) {
            ls.forEach(written::add);
          }
        }
        if (written.isEmpty()) {
          throw new IOException("DuckDB wrote no file for partition " + p.getValue());
        }
        written.sort(null);
        for (Path file : written) {
          add(file, p.getValue(), commitId, out);
        }
      }
      return true;
    } finally {
      run(db, "DROP TABLE IF EXISTS " + ROWS);
    }
  }

  /**
   * The partition value of each group, computed by Iceberg's transforms from the group's smallest
   * and largest source values; null when a group's values do not all fall in one partition.
   */
  private TreeMap<Long, StructLike> settle(Connection db) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + GROUP + ", count(*)");
    for (Part part : parts) {
      sql.append(", count(")
          .append(part.internal())
          .append("), min(")
          .append(part.internal())
          .append("), max(")
          .append(part.internal())
          .append(")");
    }
    sql.append(" FROM ").append(ROWS).append(" GROUP BY ").append(GROUP);
    TreeMap<Long, StructLike> partitions = new TreeMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        long group = rs.getLong(1);
        long count = rs.getLong(2);
        GenericRecord value = GenericRecord.create(spec.partitionType());
        for (int i = 0; i < parts.size(); i++) {
          int at = 3 + 3 * i;
          long nonNull = rs.getLong(at);
          if (nonNull == 0) {
            value.set(i, null);
            continue;
          }
          if (nonNull != count) {
            return null; // nulls and values in one group
          }
          Function<Object, Object> transform = parts.get(i).transform();
          Object low = transform.apply(rs.getObject(at + 1));
          Object high = transform.apply(rs.getObject(at + 2));
          if (!Objects.equals(low, high)) {
            return null;
          }
          value.set(i, low);
        }
        partitions.put(group, value);
      }
    }
    return partitions;
  }

  /** Copies a DuckDB-written file to the table's data location and describes it. */
  private void add(Path local, StructLike partition, String commitId, List<DataFile> out)
      throws IOException {
    Metrics metrics =
        withoutFloatingBounds(
            ParquetUtil.fileMetrics(
                org.apache.iceberg.Files.localInput(local.toFile()),
                MetricsConfig.forTable(table)));
    if (metrics.recordCount() == null || metrics.recordCount() == 0) {
      return; // no rows (all filtered): no file
    }
    String name = String.format(Locale.ROOT, "kafkaload-%s-%05d.parquet", commitId, out.size());
    String location =
        partition == null
            ? table.locationProvider().newDataLocation(name)
            : table.locationProvider().newDataLocation(spec, partition, name);
    OutputFile target = table.io().newOutputFile(location);
    long size = Files.size(local);
    DataFile file =
        DataFiles.builder(spec)
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(size)
            .withMetrics(metrics)
            .withPartition(partition)
            .build();
    out.add(file); // listed before it exists: deleted again if the copy fails half-way
    try (InputStream in = Files.newInputStream(local);
        PositionOutputStream to = target.createOrOverwrite()) {
      in.transferTo(to);
    }
  }

  /**
   * The metrics without bounds for float and double columns: DuckDB's footer statistics of those
   * are not Iceberg's (NaN and infinities, signed zeros), and a wrong bound would make readers skip
   * a file that holds matching rows; without a bound they read it.
   */
  private Metrics withoutFloatingBounds(Metrics metrics) {
    java.util.Map<Integer, java.nio.ByteBuffer> lower = floatingFree(metrics.lowerBounds());
    java.util.Map<Integer, java.nio.ByteBuffer> upper = floatingFree(metrics.upperBounds());
    return new Metrics(
        metrics.recordCount(),
        metrics.columnSizes(),
        metrics.valueCounts(),
        metrics.nullValueCounts(),
        metrics.nanValueCounts(),
        lower,
        upper);
  }

  private java.util.Map<Integer, java.nio.ByteBuffer> floatingFree(
      java.util.Map<Integer, java.nio.ByteBuffer> bounds) {
    if (bounds == null) {
      return null;
    }
    java.util.Map<Integer, java.nio.ByteBuffer> kept = new java.util.HashMap<>();
    bounds.forEach(
        (id, bound) -> {
          Type type = table.schema().findType(id);
          if (type != null
              && type.typeId() != Type.TypeID.FLOAT
              && type.typeId() != Type.TypeID.DOUBLE) {
            kept.put(id, bound);
          }
        });
    return kept;
  }

  private void deleteAll(List<DataFile> files) {
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        // best effort: an unregistered file is never read
      }
    }
  }

  /** DuckDB's grouping key and Iceberg's transform of a partition field, or null (unsupported). */
  private static Part part(Table table, PartitionField field) {
    Types.NestedField top = null;
    for (Types.NestedField f : table.schema().columns()) {
      if (f.fieldId() == field.sourceId()) {
        top = f; // partitions by nested fields stay with the generic writer
      }
    }
    Type source = top == null ? null : top.type();
    if (source == null || !source.isPrimitiveType() || DuckDbTypes.writtenAs(source) == null) {
      return null;
    }
    String column = quote(top.name());
    String transform = field.transform().toString();
    Type.TypeID id = source.typeId();
    boolean time = id == Type.TypeID.TIMESTAMP;
    boolean date = id == Type.TypeID.DATE;
    // the source value in Iceberg's internal representation (days, microseconds, or as is: JDBC
    // gives Integer, Long, String, BigDecimal, Boolean for the CAST columns)
    String internal =
        time
            ? "epoch_us(" + column + ")"
            : date
                ? "CAST(date_diff('day', DATE '1970-01-01', " + column + ") AS INTEGER)"
                : column;
    String utc = time ? "make_timestamp(epoch_us(" + column + "))" : column;
    String key;
    if (transform.equals("identity")) {
      if (id == Type.TypeID.FLOAT || id == Type.TypeID.DOUBLE || id == Type.TypeID.BINARY) {
        return null;
      }
      key = column;
    } else if (transform.equals("year") && (time || date)) {
      key = "year(" + utc + ")";
    } else if (transform.equals("month") && (time || date)) {
      key = "date_trunc('month', " + utc + ")";
    } else if (transform.equals("day") && (time || date)) {
      key = date ? column : "CAST(" + utc + " AS DATE)";
    } else if (transform.equals("hour") && time) {
      key = "date_trunc('hour', " + utc + ")";
    } else if (transform.startsWith("truncate[")) {
      int width = Integer.parseInt(transform.substring(9, transform.length() - 1));
      if (id == Type.TypeID.INTEGER || id == Type.TypeID.LONG) {
        key = column + " - (((" + column + " % " + width + ") + " + width + ") % " + width + ")";
      } else if (id == Type.TypeID.STRING) {
        key = "substring(" + column + ", 1, " + width + ")";
      } else {
        return null;
      }
    } else {
      return null;
    }
    @SuppressWarnings("unchecked")
    Function<Object, Object> apply =
        (Function<Object, Object>) (Function<?, ?>) bound(field, source);
    return new Part(key, internal, apply);
  }

  @SuppressWarnings({"unchecked", "rawtypes", "deprecation"})
  private static Function<Object, Object> bound(PartitionField field, Type source) {
    org.apache.iceberg.transforms.Transform t = field.transform();
    org.apache.iceberg.util.SerializableFunction f = t.bind(source);
    return value -> f.apply(value);
  }

  /**
   * The SQL of value {@code expr} (of the rows' type {@code given}) in the table's type: a CAST, or
   * for a struct one built field by field BY NAME (never DuckDB's struct cast, whatever order the
   * rows' fields come in), table fields the rows lack null, a null struct staying null.
   */
  private static String value(String expr, Type given, Type wanted) {
    if (!wanted.isStructType()) {
      return "CAST(" + expr + " AS " + DuckDbTypes.writtenAs(wanted).sql() + ")";
    }
    Types.StructType from = given.asStructType();
    List<String> fields = new ArrayList<>();
    for (Types.NestedField f : wanted.asStructType().fields()) {
      Types.NestedField in = from.field(f.name());
      String inner =
          in == null
              ? "CAST(NULL AS " + DuckDbTypes.writtenAs(f.type()).sql() + ")"
              : value(
                  "struct_extract(" + expr + ", " + literal(f.name()) + ")", in.type(), f.type());
      fields.add(quote(f.name()) + " := " + inner);
    }
    return "CASE WHEN "
        + expr
        + " IS NULL THEN NULL ELSE struct_pack("
        + String.join(", ", fields)
        + ") END";
  }

  /** DuckDB's FIELD_IDS entry of a field: its id, or for a struct its id and its fields'. */
  private static String fieldIds(Types.NestedField field) {
    if (!field.type().isStructType()) {
      return Integer.toString(field.fieldId());
    }
    List<String> ids = new ArrayList<>();
    ids.add("'__duckdb_field_id': " + field.fieldId());
    for (Types.NestedField f : field.type().asStructType().fields()) {
      ids.add(literal(f.name()) + ": " + fieldIds(f));
    }
    return "{" + String.join(", ", ids) + "}";
  }

  /** DuckDB's codec and level for the table's Parquet compression; null when DuckDB has none. */
  private static String[] compression(Table table) {
    String codec =
        table
            .properties()
            .getOrDefault(
                TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT)
            .toLowerCase(Locale.ROOT);
    String level = table.properties().get(TableProperties.PARQUET_COMPRESSION_LEVEL);
    if (level != null && !level.matches("-?\\d{1,2}")) {
      return null;
    }
    return switch (codec) {
      case "zstd" -> new String[] {"zstd", level};
      case "snappy", "gzip", "brotli" -> new String[] {codec, null};
      case "uncompressed", "none" -> new String[] {"uncompressed", null};
      default -> null;
    };
  }

  private static void run(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }

  private static String quote(String name) {
    return DuckDbSql.name(name);
  }

  private static String literal(String text) {
    return DuckDbSql.literal(text);
  }
}
