package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.IcebergCatalog;
import io.kafkaload.operator.api.IcebergCatalogType;
import io.kafkaload.operator.api.IcebergSink;
import io.kafkaload.operator.api.JdbcSink;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.SecretRef;
import io.kafkaload.operator.api.WriteMode;
import io.kafkaload.operator.render.LoadDefaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table sinks ({@code sink.jdbc}, {@code sink.iceberg}) and the offset store that lives in them
 * ({@code offsets.store: Sink}): names, keys, partition transforms, catalogs.
 */
final class TableSinkRules {

  private static final Pattern TABLE = Pattern.compile(JdbcSink.TABLE_PATTERN);

  /** A URI with a scheme, as Hadoop FileSystem locations are written (s3a://, hdfs://...). */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.+");

  private TableSinkRules() {}

  static void check(KafkaLoadSpec spec, List<String> problems) {
    var sink = spec.getSink();
    if (sink != null && sink.getJdbc() != null) {
      checkJdbc(spec, sink.getJdbc(), problems);
    }
    if (sink != null && sink.getIceberg() != null) {
      checkIceberg(spec, sink.getIceberg(), problems);
    }
    if (LoadDefaults.tableSink(spec)) {
      checkTableNeeds(spec, problems);
    }
    if (LoadDefaults.offsetStore(spec) == OffsetStoreType.Sink
        && (sink == null
            || (sink.getJdbc() == null && sink.getIceberg() == null && sink.getKafka() == null))) {
      problems.add(
          "spec.offsets.store: Sink needs a table sink (sink.jdbc or sink.iceberg) or sink.kafka;"
              + " files keep their offsets in Topic, File or Group: set one of those, or remove"
              + " store");
    }
  }

  /**
   * What the worker refuses with any table sink: a store other than the table itself (the rows and
   * their positions commit together, or a crash could lose or repeat rows), and no rejected topic
   * (a table has no {@code _rejected/} folder beside it).
   */
  private static void checkTableNeeds(KafkaLoadSpec spec, List<String> problems) {
    OffsetStoreType store = spec.getOffsets() == null ? null : spec.getOffsets().getStore();
    if (store != null && store != OffsetStoreType.Sink) {
      problems.add(
          ("spec.offsets.store: %s with a table sink; the table keeps the positions with its rows"
                  + " (exactly-once): set store Sink, or remove it (Sink is the default for"
                  + " sink.jdbc and sink.iceberg)")
              .formatted(store));
    }
    var rejected = spec.getRejected();
    // A blank topic is not a topic name: ProcessingRules says so.
    if (rejected == null || rejected.getTopic() == null) {
      problems.add(
          "spec.rejected.topic: missing; a table sink has no _rejected/ folder: name a topic of"
              + " the load's connection for its rejected records, e.g. rejected.topic:"
              + " events-rejected");
    }
  }

  private static void checkJdbc(KafkaLoadSpec spec, JdbcSink jdbc, List<String> problems) {
    checkSecretRef(
        "spec.sink.jdbc.secretRef", jdbc.getSecretRef(), "url, user and password", problems);
    String table = jdbc.getTable();
    if (table == null || table.isBlank()) {
      problems.add("spec.sink.jdbc.table: missing; name the table, e.g. events or public.events");
    } else if (!TABLE.matcher(table).matches()) {
      problems.add(
          ("spec.sink.jdbc.table: '%s' is not table or schema.table; use unquoted identifiers"
                  + " (letters, digits and _, not starting with a digit, at most 63 characters"
                  + " each), e.g. public.events")
              .formatted(table));
    }
    streamingAppendsOnly(spec, "spec.sink.jdbc.writeMode", jdbc.getWriteMode(), problems);
    List<String> keys = jdbc.getKeyColumns();
    if (keys == null) {
      return;
    }
    if (keys.isEmpty()) {
      problems.add(
          "spec.sink.jdbc.keyColumns: empty; list the columns to upsert by, or remove keyColumns"
              + " to append");
      return;
    }
    Optional<RowColumns.Known> known = RowColumns.of(spec);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      String at = "spec.sink.jdbc.keyColumns[%d]".formatted(i);
      if (key == null || key.isBlank()) {
        problems.add(at + ": blank; name a column of the rows written");
        continue;
      }
      Integer first = seen.putIfAbsent(key.toLowerCase(Locale.ROOT), i);
      if (first != null) {
        problems.add(
            "%s: '%s' repeats keyColumns[%d]; list each column once".formatted(at, key, first));
      } else if (known.isPresent() && !known.get().hasTopLevel(key)) {
        problems.add(
            ("%s: '%s' is not a column of the rows written (%s); name one of them, or add it to"
                    + " spec.schema.fields")
                .formatted(at, key, String.join(", ", known.get().topLevel())));
      }
    }
  }

  private static void checkIceberg(KafkaLoadSpec spec, IcebergSink iceberg, List<String> problems) {
    checkCatalog(iceberg.getCatalog(), problems);
    String namespace = iceberg.getNamespace();
    if (namespace == null || namespace.isBlank()) {
      problems.add("spec.sink.iceberg.namespace: missing; name the table's namespace, e.g. raw");
    } else if (namespace.strip().length() != namespace.length()
        || List.of(namespace.split("\\.", -1)).stream().anyMatch(String::isBlank)) {
      problems.add(
          ("spec.sink.iceberg.namespace: '%s' has an empty level or surrounding spaces; write"
                  + " levels separated by single dots, e.g. analytics.raw")
              .formatted(namespace));
    }
    String table = iceberg.getTable();
    if (table == null || table.isBlank()) {
      problems.add("spec.sink.iceberg.table: missing; name the table, e.g. events");
    } else if (table.contains(".") || table.strip().length() != table.length()) {
      problems.add(
          ("spec.sink.iceberg.table: '%s' holds a dot or surrounding spaces; put namespace"
                  + " levels in spec.sink.iceberg.namespace and the bare name here")
              .formatted(table));
    }
    WriteMode writeMode = iceberg.getWriteMode();
    if (writeMode != null && writeMode != WriteMode.Append && writeMode != WriteMode.Overwrite) {
      problems.add(
          "spec.sink.iceberg.writeMode: %s; an Iceberg sink writes Append or Overwrite only"
              .formatted(writeMode));
    } else {
      streamingAppendsOnly(spec, "spec.sink.iceberg.writeMode", writeMode, problems);
    }
    checkPartitionBy(spec, iceberg.getPartitionBy(), problems);
  }

  private static void checkCatalog(IcebergCatalog catalog, List<String> problems) {
    if (catalog == null || catalog.getType() == null) {
      problems.add(
          "spec.sink.iceberg.catalog.type: missing; set Rest (with uri), Jdbc (with secretRef"
              + " and warehouse) or Hadoop (with warehouse)");
      return;
    }
    IcebergCatalogType type = catalog.getType();
    String uri = catalog.getUri();
    if (type == IcebergCatalogType.Rest) {
      if (uri == null || uri.isBlank()) {
        problems.add(
            "spec.sink.iceberg.catalog.uri: a Rest catalog needs uri; set the catalog's URL,"
                + " e.g. https://catalog.example.com");
      } else if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
        problems.add(
            "spec.sink.iceberg.catalog.uri: '%s' is not an http(s) URL; use e.g. https://catalog.example.com"
                .formatted(uri));
      }
    } else if (uri != null) {
      problems.add(
          ("spec.sink.iceberg.catalog.uri: only for a Rest catalog; remove it (a Jdbc catalog's"
              + " url is the key url of its Secret)"));
    }
    String warehouse = catalog.getWarehouse();
    if (type != IcebergCatalogType.Rest) {
      if (warehouse == null || warehouse.isBlank()) {
        problems.add(
            "spec.sink.iceberg.catalog.warehouse: a %s catalog needs warehouse; set the tables'"
                    .formatted(type)
                + " location, e.g. s3a://bucket/warehouse");
      } else {
        var scheme = SCHEME.matcher(warehouse);
        if (!scheme.matches() || scheme.group(1).equalsIgnoreCase("file")) {
          problems.add(
              ("spec.sink.iceberg.catalog.warehouse: '%s' is a local path, and the worker pod"
                      + " has no volume there (its root filesystem is read-only, /tmp is"
                      + " discarded); use object storage or HDFS, e.g. s3a://bucket/warehouse")
                  .formatted(warehouse));
        }
      }
    }
    if (type == IcebergCatalogType.Jdbc) {
      if (catalog.getSecretRef() == null) {
        problems.add(
            "spec.sink.iceberg.catalog.secretRef: a Jdbc catalog needs a Secret with keys url,"
                + " user and password; set secretRef.name");
      } else {
        checkSecretRef(
            "spec.sink.iceberg.catalog.secretRef",
            catalog.getSecretRef(),
            "url, user and password",
            problems);
      }
    } else if (catalog.getSecretRef() != null) {
      checkSecretRef(
          "spec.sink.iceberg.catalog.secretRef",
          catalog.getSecretRef(),
          "token or credential",
          problems);
    }
    IcebergCatalogProperties.check(catalog.getProperties(), problems);
  }

  private static void checkPartitionBy(
      KafkaLoadSpec spec, List<String> partitionBy, List<String> problems) {
    if (partitionBy == null) {
      return;
    }
    Optional<RowColumns.Known> known = RowColumns.of(spec);
    List<IcebergPartitions.Field> fields = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < partitionBy.size(); i++) {
      String at = "spec.sink.iceberg.partitionBy[%d]".formatted(i);
      var parsed = IcebergPartitions.parse(partitionBy.get(i));
      if (parsed.problem() != null) {
        problems.add(at + ": " + parsed.problem());
        continue;
      }
      String column = parsed.field().column();
      if (known.isPresent() && !known.get().hasPath(column)) {
        problems.add(
            ("%s: '%s' is not a column of the rows written (%s); name one of them, or add it to"
                    + " spec.schema.fields")
                .formatted(at, column, String.join(", ", known.get().paths())));
        continue;
      }
      fields.add(parsed.field());
      indexes.add(i);
    }
    IcebergPartitions.checkTogether(
        fields,
        indexes,
        (index, problem) ->
            problems.add("spec.sink.iceberg.partitionBy[%d]: %s".formatted(index, problem)));
  }

  private static void streamingAppendsOnly(
      KafkaLoadSpec spec, String field, WriteMode writeMode, List<String> problems) {
    if (LoadDefaults.mode(spec) == LoadMode.Streaming
        && writeMode != null
        && writeMode != WriteMode.Append) {
      problems.add(
          "%s: %s with mode Streaming; Streaming allows Append only: remove writeMode or set"
                  .formatted(field, writeMode)
              + " Append");
    }
  }

  private static void checkSecretRef(
      String field, SecretRef ref, String keys, List<String> problems) {
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      problems.add("%s.name: missing; name the Secret holding %s".formatted(field, keys));
    }
  }
}
