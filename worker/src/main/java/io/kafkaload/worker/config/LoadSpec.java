package io.kafkaload.worker.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The spec of a KafkaLoad, field for field as in the CRD. Absent fields stay {@code null} so the
 * document round-trips; the {@code ...OrDefault()} methods apply the CRD's defaults, each default
 * and derived default (offset store, group id, compression by format) owned here only.
 *
 * <p>Over 400 lines without logic: what is here is plain record declarations, one per object of the
 * CRD's schema with its documentation and their defaults. Tests build loads from the document
 * (TestLoads), not with these records' constructors, so a new field needs no edit of any test.
 * Changes of a loaded spec (command-line flags, overrides) are edits of its document ({@link
 * ConfigEdit}), not copies of these records; its rules are in {@link SpecValidator}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "connectionRef",
  "mode",
  "suspend",
  "schedule",
  "timeZone",
  "runRequest",
  "replicas",
  "trigger",
  "ttlSecondsAfterFinished",
  "successfulJobsHistoryLimit",
  "failedJobsHistoryLimit",
  "source",
  "schema",
  "transform",
  "limits",
  "sink",
  "rejected",
  "offsets",
  "worker"
})
public record LoadSpec(
    Ref connectionRef,
    Mode mode,
    Boolean suspend,
    String schedule,
    String timeZone,
    String runRequest,
    Integer replicas,
    Trigger trigger,
    Integer ttlSecondsAfterFinished,
    Integer successfulJobsHistoryLimit,
    Integer failedJobsHistoryLimit,
    Source source,
    Schema schema,
    Transform transform,
    Sink sink,
    Rejected rejected,
    Offsets offsets,
    WorkerPod worker,
    Limits limits) {

  /** The limits of the load's own code, defaults applied by {@link Limits}. */
  public Limits limitsOrDefault() {
    return limits == null ? Limits.DEFAULTS : limits;
  }

  /** The trigger in effect for a streaming load: ProcessingTime unless set. */
  public TriggerType triggerOrDefault() {
    return trigger == null || trigger.type() == null ? TriggerType.ProcessingTime : trigger.type();
  }

  /**
   * How a streaming load runs: {@code ProcessingTime} seals and commits every interval, {@code
   * Continuous} as soon as a polled batch is written, {@code Once} reads what is there at start,
   * commits and stops.
   */
  public enum TriggerType {
    ProcessingTime,
    Continuous,
    Once
  }

  /** The streaming trigger; {@code intervalSeconds} is the ProcessingTime interval. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "intervalSeconds"})
  public record Trigger(TriggerType type, Integer intervalSeconds) {}

  /**
   * The worker pod's settings (image, resources, scheduling). The worker does not act on them; it
   * keeps them as given so the document round-trips.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "image",
    "imagePullPolicy",
    "resources",
    "serviceAccountName",
    "nodeSelector",
    "tolerations"
  })
  public record WorkerPod(
      String image,
      String imagePullPolicy,
      JsonNode resources,
      String serviceAccountName,
      Map<String, String> nodeSelector,
      JsonNode tolerations) {}

  public Mode modeOrDefault() {
    return mode == null ? Mode.Batch : mode;
  }

  /** A reference to another resource in the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ref(String name) {}

  /** Batch: load up to the end offsets seen at start, then exit. Streaming: load until stopped. */
  public enum Mode {
    Batch,
    Streaming
  }

  /** Where records come from: exactly one member is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"kafka", "files"})
  public record Source(KafkaSource kafka, FilesSource files) {

    /** The Kafka metadata columns added to every row (a files source has none). */
    public List<String> metadataColumnsOrDefault() {
      return kafka == null ? List.of() : kafka.metadataColumnsOrDefault();
    }

    /** How record values are decoded: a files source's rows come as JSON. */
    public ValueFormat formatOrDefault() {
      return kafka == null ? ValueFormat.Json : kafka.formatOrDefault();
    }
  }

  /**
   * Files to send: a file, a folder (every file under it) or a glob, judged by {@link
   * io.kafkaload.contract.SourceFilePaths}. Each file is one source partition whose position is the
   * number of its rows already sent; a file whose size or modification time changed is a new file.
   * See docs/worker-config.md, "Files source".
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"path", "format", "claimName", "hivePartitioning", "csv"})
  public record FilesSource(
      String path, FileFormat format, String claimName, Boolean hivePartitioning, CsvOptions csv) {

    /** The format given, else the one the path's extension names; null when neither says. */
    public FileFormat formatOrDefault() {
      if (format != null) {
        return format;
      }
      return io.kafkaload.contract.SourceFilePaths.formatOf(path == null ? "" : path)
          .map(FileFormat::valueOf)
          .orElse(null);
    }

    public boolean hivePartitioningOrDefault() {
      return hivePartitioning == null || hivePartitioning;
    }

    public CsvOptions csvOrDefault() {
      return csv == null ? new CsvOptions(null, null) : csv;
    }
  }

  /** How CSV source files are read: a header line (default true), the delimiter (default ,). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"header", "delimiter"})
  public record CsvOptions(Boolean header, String delimiter) {
    public boolean headerOrDefault() {
      return header == null || header;
    }

    public String delimiterOrDefault() {
      return delimiter == null ? "," : delimiter;
    }
  }

  /**
   * Topics to read, how their values are decoded, and where a run starts and ends, with the
   * semantics of Spark's Kafka source (see docs/worker-config.md).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "topics",
    "topicPattern",
    "format",
    "groupId",
    "startingOffsets",
    "endingOffsets",
    "startingTimestamp",
    "startingOffsetsByTimestamp",
    "startingOffsetsByTimestampStrategy",
    "endingTimestamp",
    "endingOffsetsByTimestamp",
    "failOnDataLoss",
    "maxRecordsPerRun",
    "metadataColumns",
    "options"
  })
  public record KafkaSource(
      List<String> topics,
      String topicPattern,
      ValueFormat format,
      String groupId,
      String startingOffsets,
      String endingOffsets,
      Long startingTimestamp,
      String startingOffsetsByTimestamp,
      TimestampStrategy startingOffsetsByTimestampStrategy,
      Long endingTimestamp,
      String endingOffsetsByTimestamp,
      Boolean failOnDataLoss,
      Long maxRecordsPerRun,
      List<String> metadataColumns,
      Map<String, String> options) {

    /** The Kafka metadata columns added to every row, in the order given (none by default). */
    public List<String> metadataColumnsOrDefault() {
      return metadataColumns == null ? List.of() : metadataColumns;
    }

    public ValueFormat formatOrDefault() {
      return format == null ? ValueFormat.Json : format;
    }

    public boolean failOnDataLossOrDefault() {
      return failOnDataLoss == null || failOnDataLoss;
    }
  }

  /** What to do when no offset matches a starting timestamp: fail, or start at the latest. */
  public enum TimestampStrategy {
    Error,
    Latest
  }

  /** How message values are decoded. */
  public enum ValueFormat {
    Json,
    Avro,
    String,
    Bytes
  }

  /** Where rows go: exactly one member of the union (files, jdbc, iceberg, kafka) is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"files", "jdbc", "iceberg", "kafka", "flush"})
  public record Sink(
      FilesSink files, JdbcSink jdbc, IcebergSink iceberg, KafkaSink kafka, Flush flush) {

    public Flush flushOrDefault() {
      return flush == null ? new Flush(null, null, null) : flush;
    }
  }

  /**
   * A PostgreSQL table. {@code secretRef} names a Secret with keys {@code url} ({@code
   * jdbc:postgresql://host:5432/db}), {@code user} and {@code password}. {@code table} may be
   * schema-qualified. {@code createTable} creates it from the load's columns when missing (else a
   * missing table, or one whose columns cannot take the rows, fails the run naming the column).
   * {@code keyColumns}: upsert (INSERT ... ON CONFLICT) by these columns instead of appending.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"secretRef", "table", "createTable", "writeMode", "keyColumns"})
  public record JdbcSink(
      ConnectionSpec.SecretRef secretRef,
      String table,
      Boolean createTable,
      WriteMode writeMode,
      List<String> keyColumns) {

    public boolean createTableOrDefault() {
      return createTable != null && createTable;
    }

    public WriteMode writeModeOrDefault() {
      return writeMode == null ? WriteMode.Append : writeMode;
    }

    public List<String> keyColumnsOrDefault() {
      return keyColumns == null ? List.of() : keyColumns;
    }
  }

  /**
   * An Apache Iceberg table in a catalog. {@code partitionBy}: Iceberg transforms such as {@code
   * day(ts)}, {@code bucket(16, id)}, {@code identity(region)}, {@code truncate(4, name)}, {@code
   * hour(ts)}, {@code month(ts)}, {@code year(ts)}, or a bare column name (identity).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"catalog", "namespace", "table", "createTable", "partitionBy", "writeMode"})
  public record IcebergSink(
      IcebergCatalog catalog,
      String namespace,
      String table,
      Boolean createTable,
      List<String> partitionBy,
      WriteMode writeMode) {

    public boolean createTableOrDefault() {
      return createTable != null && createTable;
    }

    public List<String> partitionByOrDefault() {
      return partitionBy == null ? List.of() : partitionBy;
    }

    public WriteMode writeModeOrDefault() {
      return writeMode == null ? WriteMode.Append : writeMode;
    }
  }

  /**
   * An Iceberg catalog. {@code Rest}: {@code uri}, credentials from {@code secretRef} (key {@code
   * token}, or {@code credential} as {@code client-id:client-secret}); {@code Jdbc}: {@code
   * secretRef} with keys {@code url}, {@code user}, {@code password}; {@code Hadoop}: tables under
   * {@code warehouse}. {@code properties}: further catalog properties (no credentials, no class
   * names).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "uri", "warehouse", "secretRef", "properties"})
  public record IcebergCatalog(
      IcebergCatalogType type,
      String uri,
      String warehouse,
      ConnectionSpec.SecretRef secretRef,
      Map<String, String> properties) {}

  /** The kinds of Iceberg catalog. */
  public enum IcebergCatalogType {
    Rest,
    Jdbc,
    Hadoop
  }

  /**
   * A Kafka topic (offloading): each row becomes one record, its value the row as a JSON object
   * ({@code format} Json, the default) or as Avro in the Confluent wire format ({@code format}
   * Avro: the schema derived from the rows' columns, under the subject {@code <topic>-value} of the
   * connection's Schema Registry, registered or the subject's latest as {@code schemaStrategy}
   * says), its key the text of the column {@code key} (none: a null key, spread by Kafka's default
   * partitioner), sent with a transactional producer whose transactions also carry the positions
   * (exactly-once for read_committed consumers with {@code offsets.store: Sink}, the default).
   * {@code connectionRef}: the cluster of the topic, by default the load's own. {@code
   * compression}: the producer's, Lz4 by default (None, Gzip, Snappy, Lz4, Zstd). {@code
   * keyExpression}: instead of {@code key}, a DuckDB SQL expression over the row's columns whose
   * text is the key. {@code headers}: a column whose value becomes the record's headers (a MAP, or
   * a list of STRUCT(key, value) as the {@code _headers} metadata column), not part of the value.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "topic",
    "connectionRef",
    "format",
    "schemaStrategy",
    "key",
    "keyExpression",
    "headers",
    "compression"
  })
  public record KafkaSink(
      String topic,
      Ref connectionRef,
      ValueFormat format,
      SchemaStrategy schemaStrategy,
      String key,
      String keyExpression,
      String headers,
      Compression compression) {

    public ValueFormat formatOrDefault() {
      return format == null ? ValueFormat.Json : format;
    }

    /** Register, for Avro values; null for other formats (it has no meaning there). */
    public SchemaStrategy schemaStrategyOrDefault() {
      if (formatOrDefault() != ValueFormat.Avro) {
        return null;
      }
      return schemaStrategy == null ? SchemaStrategy.Register : schemaStrategy;
    }

    /** The registry subject of Avro values: {@code <topic>-value} (TopicNameStrategy). */
    public String subject() {
      return topic + "-value";
    }

    public Compression compressionOrDefault() {
      return compression == null ? Compression.Lz4 : compression;
    }
  }

  /**
   * Which schema the Avro values of a Kafka sink are written with: {@code Register} the one derived
   * from the rows' columns, registered under the subject (the registry's compatibility rules
   * apply); {@code Latest} the subject's latest version, which the columns must fit.
   */
  public enum SchemaStrategy {
    Register,
    Latest
  }

  /** Files in a folder, named from topic, partition and offset range. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "path",
    "format",
    "compression",
    "partitionBy",
    "coalesce",
    "writeMode",
    "claimName"
  })
  public record FilesSink(
      String path,
      FileFormat format,
      Compression compression,
      List<String> partitionBy,
      Integer coalesce,
      WriteMode writeMode,
      String claimName) {

    public FileFormat formatOrDefault() {
      return format == null ? FileFormat.Parquet : format;
    }

    /** Parquet: Zstd; Json and Csv: None; Avro: Snappy. */
    public Compression compressionOrDefault() {
      if (compression != null) {
        return compression;
      }
      return switch (formatOrDefault()) {
        case Parquet -> Compression.Zstd;
        case Avro -> Compression.Snappy;
        case Json, Csv -> Compression.None;
      };
    }

    public List<String> partitionByOrDefault() {
      return partitionBy == null ? List.of() : partitionBy;
    }

    public WriteMode writeModeOrDefault() {
      return writeMode == null ? WriteMode.Append : writeMode;
    }
  }

  /** The format of the files written. */
  public enum FileFormat {
    Parquet,
    Json,
    Csv,
    Avro
  }

  /**
   * File compression. Parquet: Zstd, Snappy, Gzip, Lz4, None; Json and Csv: Gzip, Zstd, None; Avro:
   * Snappy, Deflate, Zstd, None.
   */
  public enum Compression {
    Zstd,
    Snappy,
    Gzip,
    Lz4,
    Deflate,
    None
  }

  /**
   * Starlake's write modes: Append adds files; Overwrite replaces what the folder held once the
   * run's files are complete; Ignore writes nothing (and commits nothing) when the folder already
   * holds data files; ErrorIfExists fails the run then.
   */
  public enum WriteMode {
    Append,
    Overwrite,
    Ignore,
    ErrorIfExists
  }

  /** When files are closed and positions committed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"maxRecords", "maxBytes", "intervalSeconds"})
  public record Flush(Long maxRecords, Long maxBytes, Integer intervalSeconds) {
    public static final long DEFAULT_MAX_RECORDS = 1_000_000L;
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    public long maxRecordsOrDefault() {
      return maxRecords == null ? DEFAULT_MAX_RECORDS : maxRecords;
    }

    /** Bytes of row values of one partition after which its file is closed. */
    public long maxBytesOrDefault() {
      return maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes;
    }

    public int intervalSecondsOrDefault() {
      return intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    }
  }

  /**
   * Validation of each row ({@code spec.schema}): typed fields by (dotted) name, required fields,
   * patterns, privacy rules and computed columns; what to do with fields the schema does not name.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"unknownFields", "salt", "fields"})
  public record Schema(
      UnknownFields unknownFields, ConnectionSpec.SecretKeyRef salt, List<Field> fields) {

    public UnknownFields unknownFieldsOrDefault() {
      return unknownFields == null ? UnknownFields.Ignore : unknownFields;
    }

    public List<Field> fieldsOrDefault() {
      return fields == null ? List.of() : fields;
    }
  }

  /**
   * Fields the schema does not name: Ignore drops them from the row, Keep writes them as they come
   * (types inferred), Reject rejects the record (stage validate).
   */
  public enum UnknownFields {
    Ignore,
    Keep,
    Reject
  }

  /**
   * One field of the schema. {@code name} is a top-level name or a dotted path into nested objects
   * ({@code user.address.city}). {@code type}: string, long, int, double, decimal(p,s), boolean,
   * date, timestamp, json (any JSON value, kept as its text). {@code format}: for date and
   * timestamp, a java.time pattern ({@code dd/MM/yyyy HH:mm}) or {@code epochMillis} / {@code
   * epochSeconds}; ISO-8601 by default. {@code timeZone}: the zone of timestamps written without an
   * offset (UTC by default). {@code pattern}: a regular expression the whole text of the value must
   * match. {@code privacy} rewrites the value after it was validated ({@code maskKeepLast}:
   * characters Mask keeps, 4 by default). {@code script}: a computed column, a SQL expression over
   * the validated row (its value, cast to {@code type} when given, replaces any field of that
   * name).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "name",
    "type",
    "required",
    "pattern",
    "format",
    "timeZone",
    "privacy",
    "maskKeepLast",
    "script"
  })
  public record Field(
      String name,
      String type,
      Boolean required,
      String pattern,
      String format,
      String timeZone,
      Privacy privacy,
      Integer maskKeepLast,
      String script) {

    public static final int DEFAULT_MASK_KEEP_LAST = 4;

    public boolean requiredOrDefault() {
      return required != null && required;
    }

    public Privacy privacyOrDefault() {
      return privacy == null ? Privacy.None : privacy;
    }

    public int maskKeepLastOrDefault() {
      return maskKeepLast == null ? DEFAULT_MASK_KEEP_LAST : maskKeepLast;
    }
  }

  /**
   * Privacy rules: Hide writes null, Md5 and Sha256 the hex digest of the value's text (salted with
   * the schema's salt when given), Initials the first letter of each word, Mask replaces every
   * character but the last {@code maskKeepLast} with {@code *}.
   */
  public enum Privacy {
    None,
    Hide,
    Md5,
    Sha256,
    Initials,
    Mask
  }

  /** A SQL query over the table {@code message} (the validated rows), run in DuckDB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Transform(String sql) {}

  /**
   * Where rejected records go and how many a run tolerates: {@code topic} sends them to a Kafka
   * topic (of the load's connection) instead of {@code _rejected/} beside the files; past {@code
   * maxRejected} records or a share {@code maxRejectedRatio} of the records read, the run fails.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"topic", "maxRejected", "maxRejectedRatio"})
  public record Rejected(String topic, Long maxRejected, Double maxRejectedRatio) {}

  /** Where the load's positions live. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"store", "topic", "file", "retentionPolicy"})
  public record Offsets(
      OffsetStoreKind store, String topic, OffsetsFile file, RetentionPolicy retentionPolicy) {

    public static final String DEFAULT_TOPIC = "comet_offsets";

    public String topicOrDefault() {
      return topic == null ? DEFAULT_TOPIC : topic;
    }
  }

  /** The kinds of offset store. */
  public enum OffsetStoreKind {
    Topic,
    File,
    Group,
    /**
     * In the sink itself, committed with the data (JDBC, Iceberg and Kafka sinks): exactly-once.
     */
    Sink
  }

  /** Whether the offsets volume outlives the KafkaLoad (Retain, default) or goes with it. */
  public enum RetentionPolicy {
    Retain,
    Delete
  }

  /** The volume of the {@code File} store (used by the operator; the worker gets a path). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"claimName", "storage"})
  public record OffsetsFile(String claimName, String storage) {}

  /**
   * The offset store in effect: the spec's, else Sink for table and Kafka sinks, Topic for Batch
   * and Group for Streaming.
   */
  public OffsetStoreKind offsetStoreOrDefault() {
    if (offsets != null && offsets.store() != null) {
      return offsets.store();
    }
    if (sink != null && (sink.jdbc() != null || sink.iceberg() != null || sink.kafka() != null)) {
      // a table keeps the positions with its rows; a topic in the same transaction as its records
      return OffsetStoreKind.Sink;
    }
    return modeOrDefault() == Mode.Batch ? OffsetStoreKind.Topic : OffsetStoreKind.Group;
  }

  /** The compacted topic of the Topic store: {@code offsets.topic}, else {@code comet_offsets}. */
  public String offsetsTopicOrDefault() {
    return offsets == null ? Offsets.DEFAULT_TOPIC : offsets.topicOrDefault();
  }

  /** The consumer group the load commits or mirrors its positions to. */
  public String groupIdOrDefault(WorkerConfig.LoadRef load) {
    KafkaSource kafka = source == null ? null : source.kafka();
    if (kafka != null && kafka.groupId() != null && !kafka.groupId().isBlank()) {
      return kafka.groupId();
    }
    return "kafkaload." + load.namespace() + "." + load.name();
  }
}
