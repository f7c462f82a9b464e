package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Creates the sink's table from the load's DuckDB columns, or checks that an existing table can
 * take them.
 *
 * <p>Types: BIGINT, UINTEGER -&gt; long; INTEGER, SMALLINT, TINYINT -&gt; int; DOUBLE -&gt; double;
 * FLOAT -&gt; float; DECIMAL(p,s) -&gt; decimal(p,s); VARCHAR, JSON -&gt; string; BOOLEAN -&gt;
 * boolean; DATE -&gt; date; TIME -&gt; time; TIMESTAMP -&gt; timestamp; TIMESTAMP WITH TIME ZONE
 * -&gt; timestamptz; BLOB -&gt; binary; UUID -&gt; uuid; STRUCT -&gt; struct; T[] -&gt; list; MAP
 * -&gt; map. All columns are optional. An existing table takes a column when it has a column of
 * that name whose type is the same or a lossless widening (int -&gt; long, float -&gt; double,
 * decimal(p,s) -&gt; decimal(P,s) with P &gt;= p), recursively for nested types; its columns the
 * rows lack must be optional.
 *
 * <p>{@code partitionBy} entries: {@code identity(c)} or a bare {@code c}, {@code year(c)}, {@code
 * month(c)}, {@code day(c)}, {@code hour(c)}, {@code bucket(N, c)}, {@code truncate(W, c)}.
 */
public final class IcebergTables {

  private static final Pattern CALL =
      Pattern.compile("\\s*([A-Za-z_]+)\\s*\\(\\s*(?:(\\d+)\\s*,\\s*)?([^(),\\s]+)\\s*\\)\\s*");
  private static final Pattern BARE = Pattern.compile("\\s*([^(),\\s]+)\\s*");

  private IcebergTables() {}

  /** The table's identifier: {@code namespace} (dots separate levels) and {@code table}. */
  public static TableIdentifier identifier(LoadSpec.IcebergSink sink) {
    if (sink.namespace() == null || sink.namespace().isBlank()) {
      throw new ConfigException("sink.iceberg.namespace is required");
    }
    if (sink.table() == null || sink.table().isBlank()) {
      throw new ConfigException("sink.iceberg.table is required");
    }
    return TableIdentifier.of(Namespace.of(sink.namespace().split("\\.")), sink.table());
  }

  /**
   * Loads the sink's table and checks it can take {@code columns}, or creates it (with its
   * namespace) when it is missing and {@code createTable} is set. Two workers creating it at once
   * is fine: the loser loads the winner's table and checks it.
   *
   * @throws ConfigException naming the column, partition entry or table that does not fit
   */
  public static Table prepare(
      Catalog catalog, LoadSpec.IcebergSink sink, List<DuckDbColumn> columns) {
    TableIdentifier id = identifier(sink);
    Schema rows = schemaOf(columns);
    Table table;
    try {
      table = catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      if (!sink.createTableOrDefault()) {
        throw new ConfigException(
            "Iceberg table "
                + id
                + " does not exist; create it or set sink.iceberg.createTable: true",
            e);
      }
      PartitionSpec spec = partitionSpec(rows, sink.partitionByOrDefault());
      if (catalog instanceof SupportsNamespaces namespaces
          && !namespaces.namespaceExists(id.namespace())) {
        try {
          namespaces.createNamespace(id.namespace());
        } catch (AlreadyExistsException raced) {
          // another worker created it
        }
      }
      try {
        return catalog.createTable(id, rows, spec);
      } catch (AlreadyExistsException raced) {
        table = catalog.loadTable(id);
      }
    }
    checkCanTake(table, columns);
    if (!sink.partitionByOrDefault().isEmpty()) {
      PartitionSpec wanted = partitionSpec(table.schema(), sink.partitionByOrDefault());
      if (!wanted.compatibleWith(table.spec())) {
        throw new ConfigException(
            "Iceberg table "
                + id
                + " is partitioned as "
                + describe(table.spec())
                + " but sink.iceberg.partitionBy asks for "
                + describe(wanted)
                + "; change partitionBy, or evolve the table's partitioning first");
      }
    }
    return table;
  }

  /** The Iceberg schema of DuckDB columns (fresh field ids from 1). */
  public static Schema schemaOf(List<DuckDbColumn> columns) {
    AtomicInteger ids = new AtomicInteger(columns.size());
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 0;
    for (DuckDbColumn column : columns) {
      Type type = DuckDbTypes.toIceberg(column.name(), column.type(), ids::incrementAndGet);
      fields.add(Types.NestedField.optional(++id, column.name(), type));
    }
    return new Schema(fields);
  }

  /**
   * The partition spec of {@code partitionBy} over {@code schema}.
   *
   * @throws ConfigException naming the entry that is not a transform of an existing column
   */
  public static PartitionSpec partitionSpec(Schema schema, List<String> partitionBy) {
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (String entry : partitionBy) {
      String transform;
      Integer argument = null;
      String column;
      Matcher call = CALL.matcher(entry == null ? "" : entry);
      Matcher bare = BARE.matcher(entry == null ? "" : entry);
      if (call.matches()) {
        transform = call.group(1).toLowerCase(Locale.ROOT);
        argument = call.group(2) == null ? null : Integer.valueOf(call.group(2));
        column = call.group(3);
      } else if (bare.matches()) {
        transform = "identity";
        column = bare.group(1);
      } else {
        throw partitionError(
            entry,
            "not a transform; use identity(c), year(c), month(c), day(c), hour(c), bucket(N, c),"
                + " truncate(W, c) or a column name");
      }
      if (schema.findField(column) == null) {
        throw partitionError(entry, "no column " + column + " among " + names(schema));
      }
      boolean takesNumber = transform.equals("bucket") || transform.equals("truncate");
      if (takesNumber && (argument == null || argument <= 0)) {
        throw partitionError(
            entry,
            transform
                + " takes a positive number and a column, e.g. "
                + transform
                + "(16, "
                + column
                + ")");
      }
      if (!takesNumber && argument != null) {
        throw partitionError(
            entry, transform + " takes only a column, e.g. " + transform + "(" + column + ")");
      }
      try {
        add(PartitionSpec.builderFor(schema), transform, column, argument, entry).build();
      } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
        throw partitionError(
            entry,
            transform
                + " does not apply to column "
                + column
                + " of type "
                + schema.findType(column)
                + " ("
                + e.getMessage()
                + ")");
      }
      try {
        add(builder, transform, column, argument, entry);
      } catch (IllegalArgumentException e) {
        throw partitionError(entry, e.getMessage());
      }
    }
    return builder.build();
  }

  private static PartitionSpec.Builder add(
      PartitionSpec.Builder builder,
      String transform,
      String column,
      Integer argument,
      String entry) {
    return switch (transform) {
      case "identity" -> builder.identity(column);
      case "year", "years" -> builder.year(column);
      case "month", "months" -> builder.month(column);
      case "day", "days" -> builder.day(column);
      case "hour", "hours" -> builder.hour(column);
      case "bucket" -> builder.bucket(column, argument);
      case "truncate" -> builder.truncate(column, argument);
      default ->
          throw partitionError(
              entry,
              "unknown transform "
                  + transform
                  + "; use identity, year, month, day, hour, bucket or truncate");
    };
  }

  /**
   * Checks that {@code table} can take rows of {@code columns}.
   *
   * @throws ConfigException naming the first column that does not fit and why
   */
  public static void checkCanTake(Table table, List<DuckDbColumn> columns) {
    Schema rows = schemaOf(columns);
    Schema target = table.schema();
    for (Types.NestedField column : rows.columns()) {
      Types.NestedField field = target.findField(column.name());
      if (field == null) {
        Types.NestedField other = target.caseInsensitiveFindField(column.name());
        throw new ConfigException(
            "Iceberg table "
                + table.name()
                + " has no column "
                + column.name()
                + (other != null ? " (it has " + other.name() + "; names are case-sensitive)" : "")
                + "; add the column to the table or drop it in the transform");
      }
      String why = fits(column.type(), field.type(), column.name());
      if (why != null) {
        throw new ConfigException("Iceberg table " + table.name() + ": " + why);
      }
    }
    for (Types.NestedField field : target.columns()) {
      if (field.isRequired() && rows.findField(field.name()) == null) {
        throw new ConfigException(
            "Iceberg table "
                + table.name()
                + " requires column "
                + field.name()
                + " which the rows do not have");
      }
    }
  }

  /** Null when a value of {@code from} fits {@code to}, else why not. */
  static String fits(Type from, Type to, String path) {
    if (from.equals(to)) {
      return null;
    }
    String mismatch = "column " + path + " is " + to + " in the table but the rows give " + from;
    if (from.isPrimitiveType() != to.isPrimitiveType() || from.typeId() != to.typeId()) {
      boolean widening =
          (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG)
              || (from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE);
      return widening ? null : mismatch;
    }
    switch (from.typeId()) {
      case DECIMAL -> {
        Types.DecimalType a = (Types.DecimalType) from;
        Types.DecimalType b = (Types.DecimalType) to;
        return a.scale() == b.scale() && a.precision() <= b.precision() ? null : mismatch;
      }
      case TIMESTAMP -> {
        return mismatch; // zone differs (equal types returned above)
      }
      case STRUCT -> {
        Types.StructType a = from.asStructType();
        Types.StructType b = to.asStructType();
        for (Types.NestedField f : a.fields()) {
          Types.NestedField g = b.field(f.name());
          if (g == null) {
            return "column " + path + " has no field " + f.name() + " in the table";
          }
          String why = fits(f.type(), g.type(), path + "." + f.name());
          if (why != null) {
            return why;
          }
        }
        for (Types.NestedField g : b.fields()) {
          if (g.isRequired() && a.field(g.name()) == null) {
            return "column " + path + "." + g.name() + " is required in the table but missing";
          }
        }
        return null;
      }
      case LIST -> {
        return fits(
            from.asListType().elementType(), to.asListType().elementType(), path + ".element");
      }
      case MAP -> {
        String why = fits(from.asMapType().keyType(), to.asMapType().keyType(), path + ".key");
        return why != null
            ? why
            : fits(from.asMapType().valueType(), to.asMapType().valueType(), path + ".value");
      }
      default -> {
        return mismatch;
      }
    }
  }

  private static ConfigException partitionError(String entry, String why) {
    return new ConfigException("sink.iceberg.partitionBy entry '" + entry + "': " + why);
  }

  private static List<String> names(Schema schema) {
    return schema.columns().stream().map(Types.NestedField::name).toList();
  }

  private static String describe(PartitionSpec spec) {
    if (spec.isUnpartitioned()) {
      return "unpartitioned";
    }
    List<String> parts = new ArrayList<>();
    for (PartitionField field : spec.fields()) {
      parts.add(field.transform() + "(" + spec.schema().findColumnName(field.sourceId()) + ")");
    }
    return parts.toString();
  }
}
