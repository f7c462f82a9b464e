package io.kafkaload.operator.render;

import io.kafkaload.contract.SourceFilePaths;
import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.FilesSink;
import io.kafkaload.operator.api.FilesSource;
import io.kafkaload.operator.api.FlushSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.KafkaSink;
import io.kafkaload.operator.api.KafkaSource;
import io.kafkaload.operator.api.LimitsSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.RetentionPolicy;
import io.kafkaload.operator.api.SchemaSpec;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.api.UnknownFields;
import io.kafkaload.operator.api.ValueFormat;
import io.kafkaload.operator.api.WriteMode;
import java.util.Optional;

/**
 * The effective values of spec fields whose defaults the CRD schema cannot express (they depend on
 * other fields), or that a spec read without the API server (examples, tests) may lack.
 */
public final class LoadDefaults {

  /** Size of the offsets PVC the operator creates when the spec names none. */
  public static final String OFFSETS_STORAGE = "1Gi";

  /** How long a finished Job is kept, as in the schema. */
  public static final int DEFAULT_TTL_SECONDS = 86400;

  private LoadDefaults() {}

  /** The mode; Batch when absent, as in the schema. */
  public static LoadMode mode(KafkaLoadSpec spec) {
    return spec.getMode() == null ? LoadMode.Batch : spec.getMode();
  }

  /** Whether the load is suspended; false when absent. */
  public static boolean suspended(KafkaLoadSpec spec) {
    return Boolean.TRUE.equals(spec.getSuspend());
  }

  /**
   * The offset store: as written, else Sink for a table sink (as the worker resolves it), Topic for
   * Batch and Group for Streaming.
   */
  public static OffsetStoreType offsetStore(KafkaLoadSpec spec) {
    if (spec.getOffsets() != null && spec.getOffsets().getStore() != null) {
      return spec.getOffsets().getStore();
    }
    if (tableSink(spec) || kafkaSink(spec)) {
      return OffsetStoreType.Sink;
    }
    return mode(spec) == LoadMode.Streaming ? OffsetStoreType.Group : OffsetStoreType.Topic;
  }

  /** Whether the load writes into a table ({@code sink.jdbc} or {@code sink.iceberg}). */
  public static boolean tableSink(KafkaLoadSpec spec) {
    var sink = spec.getSink();
    return sink != null && (sink.getJdbc() != null || sink.getIceberg() != null);
  }

  /** The value format of a Kafka sink: as written, else Json. */
  public static ValueFormat format(KafkaSink kafka) {
    return kafka.getFormat() == null ? ValueFormat.Json : kafka.getFormat();
  }

  /** The producer's compression of a Kafka sink: as written, else Lz4. */
  public static Compression compression(KafkaSink kafka) {
    return kafka.getCompression() == null ? Compression.Lz4 : kafka.getCompression();
  }

  /** Whether the load sends its rows to a Kafka topic ({@code sink.kafka}). */
  public static boolean kafkaSink(KafkaLoadSpec spec) {
    return spec.getSink() != null && spec.getSink().getKafka() != null;
  }

  /**
   * The topic of a Kafka sink on the load's own cluster (no other {@code connectionRef}), else
   * null: the topic the load must not read.
   */
  public static String sameClusterSinkTopic(KafkaLoadSpec spec) {
    if (!kafkaSink(spec)) {
      return null;
    }
    var ref = spec.getSink().getKafka().getConnectionRef();
    boolean own =
        ref == null
            || ref.getName() == null
            || (spec.getConnectionRef() != null
                && ref.getName().equals(spec.getConnectionRef().getName()));
    return own ? spec.getSink().getKafka().getTopic() : null;
  }

  /** The PVC of the File store: as written, else {@code <load>-offsets}. */
  public static String offsetsClaimName(KafkaLoad load) {
    var offsets = load.getSpec().getOffsets();
    if (offsets != null && offsets.getFile() != null && offsets.getFile().getClaimName() != null) {
      return offsets.getFile().getClaimName();
    }
    return WorkloadNames.offsetsClaim(load);
  }

  /** Whether the operator creates (and keeps) the offsets PVC itself. */
  public static boolean operatorOwnsOffsetsClaim(KafkaLoad load) {
    var offsets = load.getSpec().getOffsets();
    return offsetStore(load.getSpec()) == OffsetStoreType.File
        && (offsets == null
            || offsets.getFile() == null
            || offsets.getFile().getClaimName() == null);
  }

  /** Whether the operator-created offsets PVC goes with the load (retentionPolicy Delete). */
  public static boolean deleteOffsetsWithLoad(KafkaLoadSpec spec) {
    return spec.getOffsets() != null
        && spec.getOffsets().getRetentionPolicy() == RetentionPolicy.Delete;
  }

  /** Streaming workers: as written (1 by default), 0 when suspended, 1 with a File store. */
  public static int replicas(KafkaLoadSpec spec) {
    if (suspended(spec)) {
      return 0;
    }
    if (offsetStore(spec) == OffsetStoreType.File) {
      return 1;
    }
    return spec.getReplicas() == null ? 1 : Math.max(1, spec.getReplicas());
  }

  /** Seconds a finished Job is kept (the schema default when absent). */
  public static int ttlSecondsAfterFinished(KafkaLoadSpec spec) {
    return spec.getTtlSecondsAfterFinished() == null
        ? DEFAULT_TTL_SECONDS
        : spec.getTtlSecondsAfterFinished();
  }

  /** Successful Jobs a CronJob keeps. */
  public static int successfulJobsHistoryLimit(KafkaLoadSpec spec) {
    return spec.getSuccessfulJobsHistoryLimit() == null ? 3 : spec.getSuccessfulJobsHistoryLimit();
  }

  /** Failed Jobs a CronJob keeps. */
  public static int failedJobsHistoryLimit(KafkaLoadSpec spec) {
    return spec.getFailedJobsHistoryLimit() == null ? 1 : spec.getFailedJobsHistoryLimit();
  }

  /** The consumer group of the load: as written, else {@code kafkaload.<namespace>.<name>}. */
  public static String groupId(KafkaLoad load) {
    var source = load.getSpec().getSource();
    if (source != null
        && source.getKafka() != null
        && source.getKafka().getGroupId() != null
        && !source.getKafka().getGroupId().isBlank()) {
      return source.getKafka().getGroupId();
    }
    return "kafkaload." + load.getMetadata().getNamespace() + "." + load.getMetadata().getName();
  }

  /** The compacted topic of the Topic store: as written, else {@code comet_offsets}. */
  public static String offsetsTopic(KafkaLoadSpec spec) {
    var offsets = spec.getOffsets();
    return offsets == null || offsets.getTopic() == null
        ? OffsetsSpec.DEFAULT_TOPIC
        : offsets.getTopic();
  }

  /** The trigger of a Streaming load: as written, else ProcessingTime, as in the schema. */
  public static TriggerType trigger(KafkaLoadSpec spec) {
    var trigger = spec.getTrigger();
    return trigger == null || trigger.getType() == null
        ? TriggerType.ProcessingTime
        : trigger.getType();
  }

  /** Whether a run stops by itself: Batch, or Streaming with trigger Once (a Job). */
  public static boolean bounded(KafkaLoadSpec spec) {
    return WorkloadKind.of(spec) != WorkloadKind.Deployment;
  }

  /** The format of the messages' values: as written, else Json, as in the schema. */
  public static ValueFormat valueFormat(KafkaSource kafka) {
    return kafka.getFormat() == null ? ValueFormat.Json : kafka.getFormat();
  }

  /** The format of the files: as written, else Parquet, as in the schema. */
  public static FileFormat format(FilesSink files) {
    return files.getFormat() == null ? FileFormat.Parquet : files.getFormat();
  }

  /** Whether the load sends files ({@code source.files}). */
  public static boolean filesSource(KafkaLoadSpec spec) {
    return spec.getSource() != null && spec.getSource().getFiles() != null;
  }

  /**
   * The format of a files source's files: as written, else the one the path's extension names
   * ({@link SourceFilePaths#formatOf}); empty when neither says.
   */
  public static Optional<FileFormat> format(FilesSource files) {
    if (files.getFormat() != null) {
      return Optional.of(files.getFormat());
    }
    return files.getPath() == null
        ? Optional.empty()
        : SourceFilePaths.formatOf(files.getPath()).map(FileFormat::valueOf);
  }

  /** Whether folders named key=value become columns: as written, else true, as in the schema. */
  public static boolean hivePartitioning(FilesSource files) {
    return files.getHivePartitioning() == null || files.getHivePartitioning();
  }

  /** The write mode of the files: as written, else Append, as in the schema. */
  public static WriteMode writeMode(FilesSink files) {
    return files.getWriteMode() == null ? WriteMode.Append : files.getWriteMode();
  }

  /**
   * What a schema does with the fields it does not name: as written, else Ignore (the schema's).
   */
  public static UnknownFields unknownFields(SchemaSpec schema) {
    return schema.getUnknownFields() == null ? UnknownFields.Ignore : schema.getUnknownFields();
  }

  /** The flush settings in effect (each as written, else its schema default). */
  public record Flush(long maxRecords, long maxBytes, int intervalSeconds) {}

  /** The flush settings in effect. */
  public static Flush flush(KafkaLoadSpec spec) {
    FlushSpec flush = spec.getSink() == null ? null : spec.getSink().getFlush();
    if (flush == null) {
      flush = new FlushSpec();
    }
    return new Flush(
        flush.getMaxRecords() == null ? FlushSpec.DEFAULT_MAX_RECORDS : flush.getMaxRecords(),
        flush.getMaxBytes() == null ? FlushSpec.DEFAULT_MAX_BYTES : flush.getMaxBytes(),
        flush.getIntervalSeconds() == null
            ? FlushSpec.DEFAULT_INTERVAL_SECONDS
            : flush.getIntervalSeconds());
  }

  /** The limits of the load's own code in effect (each as written, else its schema default). */
  public record Limits(
      int sqlTimeoutSeconds,
      long maxChunkOutputBytes,
      long maxTempBytes,
      int maxRowsPerInputRow,
      long maxValueBytes) {}

  /** The limits in effect. */
  public static Limits limits(KafkaLoadSpec spec) {
    LimitsSpec limits = spec.getLimits() == null ? new LimitsSpec() : spec.getLimits();
    return new Limits(
        limits.getSqlTimeoutSeconds() == null
            ? LimitsSpec.DEFAULT_SQL_TIMEOUT_SECONDS
            : limits.getSqlTimeoutSeconds(),
        limits.getMaxChunkOutputBytes() == null
            ? LimitsSpec.DEFAULT_MAX_CHUNK_OUTPUT_BYTES
            : limits.getMaxChunkOutputBytes(),
        limits.getMaxTempBytes() == null
            ? LimitsSpec.DEFAULT_MAX_TEMP_BYTES
            : limits.getMaxTempBytes(),
        limits.getMaxRowsPerInputRow() == null
            ? LimitsSpec.DEFAULT_MAX_ROWS_PER_INPUT_ROW
            : limits.getMaxRowsPerInputRow(),
        limits.getMaxValueBytes() == null
            ? LimitsSpec.DEFAULT_MAX_VALUE_BYTES
            : limits.getMaxValueBytes());
  }

  /** The size of the operator-created offsets PVC. */
  public static String offsetsStorage(KafkaLoadSpec spec) {
    var offsets = spec.getOffsets();
    if (offsets != null && offsets.getFile() != null && offsets.getFile().getStorage() != null) {
      return offsets.getFile().getStorage();
    }
    return OFFSETS_STORAGE;
  }
}
