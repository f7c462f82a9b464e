package io.kafkaload.worker.transform;

import io.kafkaload.worker.config.LoadSpec.Compression;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.decode.MetadataColumns;
import io.kafkaload.worker.output.files.FileNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the files sink does with a chunk's rows besides storing them: the file format and its
 * compression, hive-style folders, the columns the schema fixes (the rest are inferred), the Kafka
 * metadata columns the rows carry, the computed ({@code script}) columns and the user's SQL.
 *
 * @param columns top-level columns with fixed DuckDB types (the schema's, in order); empty when
 *     every column is inferred
 * @param inferOthers whether names beyond {@code columns} are kept (their types inferred): true
 *     without a schema and for {@code unknownFields: Keep}
 * @param metadataColumns the Kafka metadata columns the rows carry (see {@link MetadataColumns})
 * @param computed script columns, applied in order, each seeing the ones before
 * @param transformSql the user's query over {@code message}, or null
 */
public record RowsPlan(
    FileFormat format,
    Compression compression,
    List<String> partitionBy,
    LinkedHashMap<String, String> columns,
    boolean inferOthers,
    List<String> metadataColumns,
    List<Computed> computed,
    String transformSql) {

  /** A computed column: a SQL expression, cast to {@code type} when not null. */
  public record Computed(String name, String sql, String type) {}

  public RowsPlan {
    partitionBy = List.copyOf(partitionBy);
    columns = new LinkedHashMap<>(columns);
    metadataColumns = List.copyOf(metadataColumns);
    computed = List.copyOf(computed);
  }

  /**
   * This plan with the types of {@code known} columns fixed as well (a files source's own column
   * types), those the plan fixes already kept.
   */
  public RowsPlan withColumns(java.util.Map<String, String> known) {
    LinkedHashMap<String, String> all = new LinkedHashMap<>(known);
    all.putAll(columns);
    return new RowsPlan(
        format,
        compression,
        partitionBy,
        all,
        inferOthers,
        metadataColumns,
        computed,
        transformSql);
  }

  /** Rows stored as they come: every column inferred, no SQL. */
  public static RowsPlan plain(FileFormat format, Compression compression) {
    return new RowsPlan(
        format, compression, List.of(), new LinkedHashMap<>(), true, List.of(), List.of(), null);
  }

  /**
   * Rows stored as they come; Parquet compressed with {@code parquetCompression} as the chunk
   * engine's tuning names it ({@code zstd}, {@code snappy}, {@code lz4_raw}, {@code gzip}, {@code
   * uncompressed}), other formats with their default.
   */
  public static RowsPlan plain(FileFormat format, String parquetCompression) {
    if (format != FileFormat.Parquet) {
      return plain(format);
    }
    return plain(
        format,
        switch (parquetCompression) {
          case "zstd" -> Compression.Zstd;
          case "snappy" -> Compression.Snappy;
          case "lz4_raw" -> Compression.Lz4;
          case "gzip" -> Compression.Gzip;
          default -> Compression.None;
        });
  }

  /** The default compression of each format (Parquet zstd, Avro snappy, others none). */
  public static RowsPlan plain(FileFormat format) {
    return plain(
        format,
        switch (format) {
          case Parquet -> Compression.Zstd;
          case Avro -> Compression.Snappy;
          case Json, Csv -> Compression.None;
        });
  }

  /**
   * The plan of the chunks of a run whose files are merged at its end ({@code coalesce}): the same
   * rows in Parquet, which keeps their types, without folders (the merge makes them).
   */
  public RowsPlan staging() {
    return new RowsPlan(
        FileFormat.Parquet,
        Compression.Zstd,
        List.of(),
        columns,
        inferOthers,
        metadataColumns,
        computed,
        transformSql);
  }

  /** True when user SQL (scripts or a query) runs over the rows: it can fail at runtime. */
  public boolean runsSql() {
    return transformSql != null || !computed.isEmpty();
  }

  /**
   * {@code rows} with the computed columns, each in its own SELECT so it sees the ones before: a
   * script's value replaces any column of its name, cast to its type when it has one.
   */
  String withComputed(String rows) {
    String message = rows;
    for (Computed c : computed) {
      String name = ColumnType.quoteName(c.name());
      String expression =
          c.type() == null ? c.sql() : "CAST((" + c.sql() + ") AS " + c.type() + ")";
      // the NULL column lets EXCLUDE work whether or not the rows have one of that name
      message =
          "SELECT * EXCLUDE ("
              + name
              + "), "
              + expression
              + " AS "
              + name
              + " FROM (SELECT *, NULL AS "
              + name
              + " FROM ("
              + message
              + "))";
    }
    return message;
  }

  /** True when the spooled JSON lines already are the file: nothing to convert. */
  public boolean spoolIsFile() {
    return format == FileFormat.Json
        && compression == Compression.None
        && partitionBy.isEmpty()
        && columns.isEmpty()
        && metadataColumns.isEmpty()
        && !runsSql();
  }

  /** True when every column's type is known up front, so nothing is inferred from the rows. */
  public boolean typesKnown() {
    return !inferOthers;
  }

  /** The fixed column types: the schema's, then the metadata columns' as spooled. */
  Map<String, String> fixedTypes() {
    Map<String, String> types = new LinkedHashMap<>(columns);
    for (String name : metadataColumns) {
      types.put(name, MetadataColumns.spooledType(name));
    }
    return types;
  }

  /** The file extension of a data file, compression included ({@code csv.gz}). */
  public String extension() {
    String base =
        switch (format) {
          case Parquet -> FileNames.PARQUET;
          case Json -> FileNames.JSONL;
          case Csv -> FileNames.CSV;
          case Avro -> FileNames.AVRO;
        };
    if (format == FileFormat.Json || format == FileFormat.Csv) {
      return switch (compression) {
        case Gzip -> base + ".gz";
        case Zstd -> base + ".zst";
        default -> base;
      };
    }
    return base;
  }

  /** DuckDB's COPY options for the format (not Avro, which Java writes). */
  public String copyOptions() {
    List<String> options = new ArrayList<>();
    switch (format) {
      case Parquet -> {
        options.add("FORMAT parquet");
        String codec =
            switch (compression) {
              case Zstd -> "zstd";
              case Snappy -> "snappy";
              case Gzip -> "gzip";
              case Lz4 -> "lz4_raw";
              case None -> "uncompressed";
              case Deflate -> throw new IllegalArgumentException("Parquet has no Deflate codec");
            };
        options.add("COMPRESSION " + codec);
        if (compression == Compression.Zstd) {
          options.add("COMPRESSION_LEVEL " + RowsConverter.ZSTD_LEVEL);
        }
      }
      case Json, Csv -> {
        options.add(format == FileFormat.Json ? "FORMAT json" : "FORMAT csv, HEADER true");
        options.add(
            "COMPRESSION "
                + switch (compression) {
                  case Gzip -> "gzip";
                  case Zstd -> "zstd";
                  case None -> "uncompressed";
                  default ->
                      throw new IllegalArgumentException(
                          format + " files take Gzip, Zstd or None, not " + compression);
                });
      }
      case Avro -> throw new IllegalStateException("Avro files are written by AvroFiles");
    }
    return String.join(", ", options);
  }
}
