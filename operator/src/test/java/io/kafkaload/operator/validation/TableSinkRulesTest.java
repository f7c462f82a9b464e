package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.IcebergCatalog;
import io.kafkaload.operator.api.IcebergCatalogType;
import io.kafkaload.operator.api.IcebergSink;
import io.kafkaload.operator.api.JdbcSink;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.MetadataColumn;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.TransformSpec;
import io.kafkaload.operator.api.UnknownFields;
import io.kafkaload.operator.api.WriteMode;
import io.kafkaload.operator.testing.Examples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table sinks and the Sink offset store: each broken spec (from the postgres and iceberg
 * examples) gives exactly one problem, naming the field and the fix.
 */
class TableSinkRulesTest {

  private static final String POSTGRES = "kafkaload-postgres.yaml";
  private static final String ICEBERG = "kafkaload-iceberg.yaml";

  static Stream<Arguments> brokenSpecs() {
    return Stream.of(
        broken(
            POSTGRES,
            "two sinks",
            l -> {
              FilesSink files = new FilesSink();
              files.setPath("/data/x");
              l.getSpec().getSink().setFiles(files);
            },
            "spec.sink: files and jdbc are set; set exactly one of files, jdbc, iceberg or kafka"),
        broken(
            POSTGRES,
            "no sink",
            l -> {
              l.getSpec().getSink().setJdbc(null);
              l.getSpec().getOffsets().setStore(OffsetStoreType.Topic);
            },
            "spec.sink: missing; set exactly one sink: sink.files with a path, sink.jdbc,"
                + " sink.iceberg or sink.kafka"),
        broken(
            POSTGRES,
            "jdbc without secretRef",
            l -> jdbc(l).setSecretRef(null),
            "spec.sink.jdbc.secretRef.name: missing; name the Secret holding url, user and"
                + " password"),
        broken(
            POSTGRES,
            "three-part table name",
            l -> jdbc(l).setTable("db.crm.customers"),
            "spec.sink.jdbc.table: 'db.crm.customers' is not table or schema.table; use unquoted"
                + " identifiers"),
        broken(
            POSTGRES,
            "quoted table name",
            l -> jdbc(l).setTable("\"Customers\""),
            "spec.sink.jdbc.table: '\"Customers\"' is not table or schema.table"),
        broken(
            POSTGRES,
            "table name starting with a digit",
            l -> jdbc(l).setTable("crm.1customers"),
            "spec.sink.jdbc.table: 'crm.1customers' is not table or schema.table"),
        broken(
            POSTGRES,
            "table name of 64 characters",
            l -> jdbc(l).setTable("t".repeat(64)),
            "spec.sink.jdbc.table: '" + "t".repeat(64) + "' is not table or schema.table"),
        broken(
            POSTGRES,
            "empty keyColumns",
            l -> jdbc(l).setKeyColumns(List.of()),
            "spec.sink.jdbc.keyColumns: empty; list the columns to upsert by, or remove keyColumns"
                + " to append"),
        broken(
            POSTGRES,
            "blank key column",
            l -> jdbc(l).setKeyColumns(List.of("customer_id", " ")),
            "spec.sink.jdbc.keyColumns[1]: blank; name a column of the rows written"),
        broken(
            POSTGRES,
            "key column twice",
            l -> jdbc(l).setKeyColumns(List.of("customer_id", "Customer_Id")),
            "spec.sink.jdbc.keyColumns[1]: 'Customer_Id' repeats keyColumns[0]; list each column"
                + " once"),
        broken(
            POSTGRES,
            "key column not in the schema",
            l -> jdbc(l).setKeyColumns(List.of("customer")),
            "spec.sink.jdbc.keyColumns[0]: 'customer' is not a column of the rows written"
                + " (customer_id, email, country, updated_at); name one of them, or add it to"
                + " spec.schema.fields"),
        broken(
            POSTGRES,
            "Overwrite in Streaming",
            l -> {
              streaming(l);
              jdbc(l).setWriteMode(WriteMode.Overwrite);
            },
            "spec.sink.jdbc.writeMode: Overwrite with mode Streaming; Streaming allows Append"
                + " only: remove writeMode or set Append"),
        broken(
            POSTGRES,
            "Topic store with a table",
            l -> l.getSpec().getOffsets().setStore(OffsetStoreType.Topic),
            "spec.offsets.store: Topic with a table sink; the table keeps the positions with its"
                + " rows (exactly-once): set store Sink, or remove it (Sink is the default for"
                + " sink.jdbc and sink.iceberg)"),
        broken(
            POSTGRES,
            "File store with a table",
            l -> l.getSpec().getOffsets().setStore(OffsetStoreType.File),
            "spec.offsets.store: File with a table sink;"),
        broken(
            ICEBERG,
            "Group store with a table",
            l -> l.getSpec().getOffsets().setStore(OffsetStoreType.Group),
            "spec.offsets.store: Group with a table sink;"),
        broken(
            POSTGRES,
            "jdbc without rejected",
            l -> l.getSpec().setRejected(null),
            "spec.rejected.topic: missing; a table sink has no _rejected/ folder: name a topic of"
                + " the load's connection for its rejected records, e.g. rejected.topic:"
                + " events-rejected"),
        broken(
            POSTGRES,
            "jdbc with rejected limits but no topic",
            l -> l.getSpec().getRejected().setTopic(null),
            "spec.rejected.topic: missing; a table sink has no _rejected/ folder"),
        broken(
            ICEBERG,
            "iceberg without rejected",
            l -> l.getSpec().setRejected(null),
            "spec.rejected.topic: missing; a table sink has no _rejected/ folder"),
        broken(
            POSTGRES,
            "Sink store with a files sink",
            l -> {
              l.getSpec().getSink().setJdbc(null);
              FilesSink files = new FilesSink();
              files.setPath("/data/x");
              l.getSpec().getSink().setFiles(files);
            },
            "spec.offsets.store: Sink needs a table sink (sink.jdbc or sink.iceberg) or"
                + " sink.kafka; files keep their offsets in Topic, File or Group"),
        broken(
            ICEBERG,
            "Ignore write mode",
            l -> iceberg(l).setWriteMode(WriteMode.Ignore),
            "spec.sink.iceberg.writeMode: Ignore; an Iceberg sink writes Append or Overwrite"
                + " only"),
        broken(
            ICEBERG,
            "Overwrite in Streaming",
            l -> iceberg(l).setWriteMode(WriteMode.Overwrite),
            "spec.sink.iceberg.writeMode: Overwrite with mode Streaming; Streaming allows Append"
                + " only"),
        broken(
            ICEBERG,
            "Rest catalog without uri",
            l -> catalog(l).setUri(null),
            "spec.sink.iceberg.catalog.uri: a Rest catalog needs uri; set the catalog's URL"),
        broken(
            ICEBERG,
            "Rest catalog with a thrift uri",
            l -> catalog(l).setUri("thrift://metastore:9083"),
            "spec.sink.iceberg.catalog.uri: 'thrift://metastore:9083' is not an http(s) URL"),
        broken(
            ICEBERG,
            "no catalog type",
            l -> catalog(l).setType(null),
            "spec.sink.iceberg.catalog.type: missing; set Rest (with uri), Jdbc (with secretRef"
                + " and warehouse) or Hadoop (with warehouse)"),
        broken(
            ICEBERG,
            "Hadoop catalog without warehouse",
            l -> hadoop(l, null),
            "spec.sink.iceberg.catalog.warehouse: a Hadoop catalog needs warehouse"),
        broken(
            ICEBERG,
            "Hadoop catalog on a local path",
            l -> hadoop(l, "/data/warehouse"),
            "spec.sink.iceberg.catalog.warehouse: '/data/warehouse' is a local path, and the"
                + " worker pod has no volume there"),
        broken(
            ICEBERG,
            "Hadoop catalog on a file URI",
            l -> hadoop(l, "file:///data/warehouse"),
            "spec.sink.iceberg.catalog.warehouse: 'file:///data/warehouse' is a local path"),
        broken(
            ICEBERG,
            "Jdbc catalog without secretRef",
            l -> {
              hadoop(l, "s3a://lake/warehouse");
              catalog(l).setType(IcebergCatalogType.Jdbc);
              catalog(l).setSecretRef(null);
            },
            "spec.sink.iceberg.catalog.secretRef: a Jdbc catalog needs a Secret with keys url,"
                + " user and password; set secretRef.name"),
        broken(
            ICEBERG,
            "Jdbc catalog without warehouse",
            l -> {
              hadoop(l, null);
              catalog(l).setType(IcebergCatalogType.Jdbc);
            },
            "spec.sink.iceberg.catalog.warehouse: a Jdbc catalog needs warehouse"),
        broken(
            ICEBERG,
            "uri on a Hadoop catalog",
            l -> {
              String uri = catalog(l).getUri();
              hadoop(l, "s3a://lake/warehouse");
              catalog(l).setUri(uri);
            },
            "spec.sink.iceberg.catalog.uri: only for a Rest catalog; remove it"),
        broken(
            ICEBERG,
            "blank catalog secret name",
            l -> catalog(l).getSecretRef().setName(""),
            "spec.sink.iceberg.catalog.secretRef.name: missing; name the Secret holding token or"
                + " credential"),
        broken(
            ICEBERG,
            "a credential in properties",
            l -> property(l, "s3.secret-access-key", "x"),
            "spec.sink.iceberg.catalog.properties.s3.secret-access-key: not allowed: credentials"
                + " come from catalog.secretRef, mounted as files; remove it"),
        broken(
            ICEBERG,
            "an Authorization header",
            l -> property(l, "header.Authorization", "Bearer x"),
            "spec.sink.iceberg.catalog.properties.header.Authorization: not allowed: credentials"),
        broken(
            ICEBERG,
            "a FileIO class",
            l -> property(l, "io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
            "spec.sink.iceberg.catalog.properties.io-impl: not allowed: it names Java classes to"
                + " load"),
        broken(
            ICEBERG,
            "a client factory",
            l -> property(l, "client.factory", "com.example.Factory"),
            "spec.sink.iceberg.catalog.properties.client.factory: not allowed: it names Java"
                + " classes"),
        broken(
            ICEBERG,
            "the token as a property",
            l -> property(l, "token", "x"),
            "spec.sink.iceberg.catalog.properties.token: not allowed: it is set by kafkaload from"
                + " catalog.secretRef (key token)"),
        broken(
            ICEBERG,
            "an OAuth endpoint",
            l -> property(l, "oauth2-server-uri", "https://evil.example.com/token"),
            "spec.sink.iceberg.catalog.properties.oauth2-server-uri: not allowed: user-set OAuth"
                + " endpoints are refused"),
        broken(
            ICEBERG,
            "a JDBC driver property",
            l -> property(l, "jdbc.socketFactoryArg", "x"),
            "spec.sink.iceberg.catalog.properties.jdbc.socketFactoryArg: not allowed: it names"
                + " Java classes"),
        broken(
            ICEBERG,
            "a JDBC driver option",
            l -> property(l, "jdbc.sslmode", "disable"),
            "spec.sink.iceberg.catalog.properties.jdbc.sslmode: not allowed: JDBC driver"
                + " properties are refused"),
        broken(
            ICEBERG,
            "an unknown property",
            l -> property(l, "hive.metastore.uris", "thrift://x:9083"),
            "spec.sink.iceberg.catalog.properties.hive.metastore.uris: not allowed: not on the"
                + " allowlist of catalog properties"),
        broken(
            ICEBERG,
            "blank namespace level",
            l -> iceberg(l).setNamespace("web..raw"),
            "spec.sink.iceberg.namespace: 'web..raw' has an empty level or surrounding spaces"),
        broken(
            ICEBERG,
            "dotted table",
            l -> iceberg(l).setTable("web.pageviews"),
            "spec.sink.iceberg.table: 'web.pageviews' holds a dot or surrounding spaces; put"
                + " namespace levels in spec.sink.iceberg.namespace"),
        broken(
            ICEBERG,
            "unknown transform",
            l -> partitionBy(l, "week(ts)"),
            "spec.sink.iceberg.partitionBy[0]: 'week(ts)' is not an Iceberg transform; use"
                + " day(ts), hour(ts), month(ts), year(ts), bucket(16, id), truncate(4, name),"
                + " identity(region) or a column name"),
        broken(
            ICEBERG,
            "Spark's plural",
            l -> partitionBy(l, "days(ts)"),
            "spec.sink.iceberg.partitionBy[0]: 'days(ts)' is Spark's spelling; write day(ts)"),
        broken(
            ICEBERG,
            "bucket without a number",
            l -> partitionBy(l, "bucket(user_id)"),
            "spec.sink.iceberg.partitionBy[0]: 'bucket(user_id)' needs a number; write"
                + " bucket(N, user_id) with N at least 1"),
        broken(
            ICEBERG,
            "bucket with the number last",
            l -> partitionBy(l, "bucket(user_id, 16)"),
            "spec.sink.iceberg.partitionBy[0]: 'bucket(user_id, 16)' puts the number last; write"
                + " bucket(16, user_id)"),
        broken(
            ICEBERG,
            "bucket 0",
            l -> partitionBy(l, "bucket(0, user_id)"),
            "spec.sink.iceberg.partitionBy[0]: 'bucket(0, user_id)': bucket needs a number from 1"),
        broken(
            ICEBERG,
            "truncate wider than an int",
            l -> partitionBy(l, "truncate(99999999999, url)"),
            "spec.sink.iceberg.partitionBy[0]: 'truncate(99999999999, url)': truncate needs a"
                + " number from 1"),
        broken(
            ICEBERG,
            "day with a number",
            l -> partitionBy(l, "day(1, ts)"),
            "spec.sink.iceberg.partitionBy[0]: 'day(1, ts)': only bucket and truncate take a"
                + " number"),
        broken(
            ICEBERG,
            "a YAML flow list split at the comma",
            l -> partitionBy(l, "day(ts)", "bucket(16"),
            "spec.sink.iceberg.partitionBy[1]: 'bucket(16' has unbalanced parentheses; in a YAML"
                + " list written [a, b] the comma inside bucket(16, id) splits the item"),
        broken(
            ICEBERG,
            "two time transforms of one column",
            l -> partitionBy(l, "day(ts)", "hour(ts)"),
            "spec.sink.iceberg.partitionBy[1]: partitionBy[0] already partitions ts by time, and"
                + " Iceberg allows one of year, month, day and hour per column; keep one"),
        broken(
            ICEBERG,
            "identity twice",
            l -> partitionBy(l, "url", "identity(url)"),
            "spec.sink.iceberg.partitionBy[1]: repeats partitionBy[0]; list each once"),
        broken(
            ICEBERG,
            "partition column not in the schema",
            l -> partitionBy(l, "day(timestamp)"),
            "spec.sink.iceberg.partitionBy[0]: 'timestamp' is not a column of the rows written"
                + " (ts, user_id, url, referrer); name one of them"),
        broken(
            ICEBERG,
            "blank partition",
            l -> partitionBy(l, ""),
            "spec.sink.iceberg.partitionBy[0]: blank; use day(ts)"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("brokenSpecs")
  void eachMistakeIsOneProblemWithItsFix(
      String example, String name, Consumer<KafkaLoad> breakIt, String problem) {
    KafkaLoad load = load(example);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    breakIt.accept(load);
    assertThat(LoadSpecValidator.validate(load)).singleElement().asString().startsWith(problem);
  }

  static Stream<Arguments> validVariants() {
    return Stream.of(
        valid(POSTGRES, "Overwrite in Batch", l -> jdbc(l).setWriteMode(WriteMode.Overwrite)),
        valid(
            POSTGRES, "ErrorIfExists in Batch", l -> jdbc(l).setWriteMode(WriteMode.ErrorIfExists)),
        valid(POSTGRES, "unqualified table", l -> jdbc(l).setTable("_customers_2026")),
        valid(POSTGRES, "no keys: append", l -> jdbc(l).setKeyColumns(null)),
        valid(
            POSTGRES,
            "key on a metadata column",
            l -> {
              l.getSpec().getSource().getKafka().setMetadataColumns(List.of(MetadataColumn.OFFSET));
              jdbc(l).setKeyColumns(List.of("_offset"));
            }),
        valid(
            POSTGRES,
            "keys unchecked with a transform",
            l -> {
              TransformSpec transform = new TransformSpec();
              transform.setSql("SELECT customer_id AS id, email FROM message");
              l.getSpec().setTransform(transform);
              jdbc(l).setKeyColumns(List.of("id"));
            }),
        valid(
            POSTGRES,
            "keys unchecked when unknown fields are kept",
            l -> {
              l.getSpec().getSchema().setUnknownFields(UnknownFields.Keep);
              jdbc(l).setKeyColumns(List.of("tenant", "customer_id"));
            }),
        valid(POSTGRES, "no store: Sink by default", l -> l.getSpec().setOffsets(null)),
        valid(
            ICEBERG,
            "no store, only the offsets topic",
            l -> {
              l.getSpec().getOffsets().setStore(null);
              l.getSpec().getOffsets().setTopic("other_offsets");
            }),
        valid(
            POSTGRES,
            "Streaming Append with Sink store",
            l -> {
              streaming(l);
              jdbc(l).setWriteMode(WriteMode.Append);
            }),
        valid(
            ICEBERG,
            "every transform",
            l ->
                partitionBy(
                    l,
                    "month(ts)",
                    "identity(url)",
                    "bucket(16,user_id)",
                    "truncate( 4 , referrer )",
                    "user_id")),
        valid(
            ICEBERG,
            "Overwrite in Batch",
            l -> {
              l.getSpec().setMode(LoadMode.Batch);
              iceberg(l).setWriteMode(WriteMode.Overwrite);
            }),
        valid(
            ICEBERG,
            "Hadoop catalog on object storage",
            l -> {
              hadoop(l, "s3a://lake/warehouse");
              catalog(l).setSecretRef(null);
            }),
        valid(
            ICEBERG,
            "Jdbc catalog",
            l -> {
              hadoop(l, "hdfs://namenode:8020/warehouse");
              catalog(l).setType(IcebergCatalogType.Jdbc);
            }),
        valid(ICEBERG, "Rest catalog without credentials", l -> catalog(l).setSecretRef(null)),
        valid(ICEBERG, "multi-level namespace", l -> iceberg(l).setNamespace("analytics.web")),
        valid(
            ICEBERG,
            "tuning properties",
            l -> {
              property(l, "s3.endpoint", "http://minio:9000");
              property(l, "s3.path-style-access", "true");
              property(l, "client.region", "eu-west-3");
              property(l, "prefix", "prod");
              property(l, "table-default.write.format.default", "parquet");
              property(l, "jdbc.schema-version", "V1");
            }));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("validVariants")
  void acceptsValidVariants(String example, String name, Consumer<KafkaLoad> change) {
    KafkaLoad load = load(example);
    change.accept(load);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3.access-key-id",
        "s3.session-token",
        "s3.sse.key",
        "gcs.oauth2.token",
        "adls.sas-token.account",
        "adls.connection-string.account",
        "header.cookie",
        "rest.client.password",
        "metrics-reporter-impl",
        "lock-impl",
        "uri",
        "warehouse",
        "credential"
      })
  void catalogPropertiesRefuseCredentialsClassesAndOwnedKeys(String key) {
    assertThat(IcebergCatalogProperties.refusal(key)).isNotNull();
  }

  private static Arguments broken(
      String example, String name, Consumer<KafkaLoad> breakIt, String problem) {
    return Arguments.of(example, name, breakIt, problem);
  }

  private static Arguments valid(String example, String name, Consumer<KafkaLoad> change) {
    return Arguments.of(example, name, change);
  }

  private static KafkaLoad load(String example) {
    return Examples.load(Examples.repoRoot().resolve("examples").resolve(example));
  }

  private static JdbcSink jdbc(KafkaLoad load) {
    return load.getSpec().getSink().getJdbc();
  }

  private static IcebergSink iceberg(KafkaLoad load) {
    return load.getSpec().getSink().getIceberg();
  }

  private static IcebergCatalog catalog(KafkaLoad load) {
    return iceberg(load).getCatalog();
  }

  /** Turns the example's catalog into a Hadoop one at {@code warehouse}. */
  private static void hadoop(KafkaLoad load, String warehouse) {
    catalog(load).setType(IcebergCatalogType.Hadoop);
    catalog(load).setUri(null);
    catalog(load).setWarehouse(warehouse);
  }

  private static void property(KafkaLoad load, String key, String value) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (catalog(load).getProperties() != null) {
      properties.putAll(catalog(load).getProperties());
    }
    properties.put(key, value);
    catalog(load).setProperties(properties);
  }

  private static void partitionBy(KafkaLoad load, String... fields) {
    iceberg(load).setPartitionBy(new ArrayList<>(List.of(fields)));
  }

  private static void streaming(KafkaLoad load) {
    load.getSpec().setMode(LoadMode.Streaming);
    load.getSpec().setSchedule(null);
    load.getSpec().setTimeZone(null);
  }
}
