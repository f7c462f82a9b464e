package io.kafkaload.worker.transform;

import io.kafkaload.worker.chunk.RowShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns a load's chunks are written with, shared by the conversions of one converter: the
 * schema's and the metadata columns' types are fixed ({@link #fixed}); the others are inferred per
 * chunk and widened by the load's columns so far (started from the footers of the load's existing
 * Parquet files), so a load's files share one schema; and per topic the columns of its last
 * inferred chunk with the shapes of its rows, used again for a chunk whose rows hold nothing new.
 * Thread-safe.
 */
final class ChunkColumns {

  /** The columns a chunk of a topic was written with, and what the rows they came from held. */
  record Known(RowShapes shapes, ColumnType columns) {}

  private final RowsPlan plan;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  // the load's inferred columns (metadata and schema columns aside): every chunk is written with
  // them widened by its own, so a load's files share one schema (see widened())
  private ColumnType loadColumns;

  ChunkColumns(RowsPlan plan) {
    this.plan = plan;
  }

  /** The columns the last inferred chunk of {@code topic} was written with, or null. */
  Known earlier(String topic) {
    return known.get(topic);
  }

  /** The columns of an earlier chunk, widened by the load's since and with the fixed types. */
  ColumnType continued(Known earlier) {
    return fixed(widened(inferredPart(earlier.columns())));
  }

  /**
   * Remembers the columns a chunk of {@code topic} whose rows held {@code shapes} was written with.
   */
  void remember(String topic, RowShapes shapes, ColumnType columns) {
    known.put(topic, new Known(shapes, columns));
  }

  /**
   * Starts the load's columns from those of its existing files (read from their footers when the
   * sink starts), so a run's files continue the schema of the earlier runs' files.
   */
  synchronized void seed(ColumnType columns) {
    loadColumns = ColumnType.merge(loadColumns, inferredPart(columns));
  }

  /** The load's columns so far, widened by a chunk's inferred ones (new names come last). */
  synchronized ColumnType widened(ColumnType inferred) {
    return ColumnType.merge(loadColumns, inferred);
  }

  /** Makes the columns a chunk was written with part of the load's. */
  synchronized void learn(ColumnType written) {
    loadColumns = ColumnType.merge(loadColumns, inferredPart(written));
  }

  /** The load's columns known to this conversion (for tests and the files sink); may be null. */
  synchronized ColumnType loadColumns() {
    return loadColumns;
  }

  /** {@code columns} without those the schema and the metadata fix. */
  private ColumnType inferredPart(ColumnType columns) {
    Map<String, String> types = plan.fixedTypes();
    List<String> names = new ArrayList<>();
    List<ColumnType> children = new ArrayList<>();
    for (int i = 0; i < columns.fields.size(); i++) {
      if (!types.containsKey(columns.fields.get(i))) {
        names.add(columns.fields.get(i));
        children.add(columns.children.get(i));
      }
    }
    return ColumnType.struct(names, children);
  }

  /** The inferred columns with the schema's and the metadata columns' types put in. */
  ColumnType fixed(ColumnType inferred) {
    Map<String, String> types = plan.fixedTypes();
    if (types.isEmpty() && plan.partitionBy().isEmpty()) {
      return inferred;
    }
    List<String> names = new ArrayList<>();
    List<ColumnType> children = new ArrayList<>();
    for (Map.Entry<String, String> e : types.entrySet()) {
      if (!plan.metadataColumns().contains(e.getKey())) {
        names.add(e.getKey());
        ColumnType type = ColumnType.parse(e.getValue());
        int at = inferred.fields.indexOf(e.getKey());
        if (at >= 0 && e.getValue().startsWith("STRUCT(")) {
          // unknownFields Keep: the members the schema does not name inside its objects too
          try {
            type = withExtraMembers(ColumnType.parse(e.getValue()), inferred.children.get(at));
          } catch (IllegalArgumentException unparsed) {
            // keep the schema's type as given
          }
        }
        children.add(type);
      }
    }
    for (int i = 0; i < inferred.fields.size(); i++) {
      String name = inferred.fields.get(i);
      if (!types.containsKey(name)) {
        names.add(name);
        children.add(inferred.children.get(i));
      }
    }
    // a partition column no row of the chunk has: null for every row (the Hive default folder),
    // rather than a COPY that cannot find it and fails on every run
    if (!plan.runsSql()) {
      for (String column : plan.partitionBy()) {
        boolean present =
            plan.metadataColumns().contains(column)
                || names.stream().anyMatch(n -> n.equalsIgnoreCase(column));
        if (!present) {
          names.add(column);
          children.add(ColumnType.VARCHAR);
        }
      }
    }
    // the metadata columns come last, as they are spooled
    for (String name : plan.metadataColumns()) {
      names.add(name);
      children.add(ColumnType.parse(types.get(name)));
    }
    return ColumnType.struct(names, children);
  }

  /** The schema's struct with the members only the rows have added, as inferred, at any depth. */
  static ColumnType withExtraMembers(ColumnType fixed, ColumnType inferred) {
    if (fixed.kind != ColumnType.Kind.STRUCT || inferred.kind != ColumnType.Kind.STRUCT) {
      return fixed;
    }
    List<String> names = new ArrayList<>(fixed.fields);
    List<ColumnType> children = new ArrayList<>();
    for (int i = 0; i < fixed.fields.size(); i++) {
      int at = inferred.fields.indexOf(fixed.fields.get(i));
      children.add(
          at < 0
              ? fixed.children.get(i)
              : withExtraMembers(fixed.children.get(i), inferred.children.get(at)));
    }
    for (int i = 0; i < inferred.fields.size(); i++) {
      if (!fixed.fields.contains(inferred.fields.get(i))) {
        names.add(inferred.fields.get(i));
        children.add(inferred.children.get(i));
      }
    }
    return ColumnType.struct(names, children);
  }
}
