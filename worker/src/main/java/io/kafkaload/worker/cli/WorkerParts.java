package io.kafkaload.worker.cli;

import io.kafkaload.worker.chunk.RecordSink;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.RunPlan;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.AvroDecoder;
import io.kafkaload.worker.decode.BytesDecoder;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.decode.StringDecoder;
import io.kafkaload.worker.offsets.MirroringOffsetStore;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.offsets.OffsetStores;
import io.kafkaload.worker.offsets.SinkOffsetStore;
import io.kafkaload.worker.output.Outputs;
import io.kafkaload.worker.output.files.PartitionValues;
import io.kafkaload.worker.output.jdbc.ColumnNames;
import io.kafkaload.worker.pipeline.LoadRunner;
import io.kafkaload.worker.pipeline.RowCheck;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.security.SecretFiles;
import io.kafkaload.worker.validate.RowValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** The real stages of a run, chosen from the spec. */
public final class WorkerParts implements LoadRunner.Parts {

  private final boolean adoptFolder;

  /** The run's plan (folders, run id); null: each config's own, from its runtime block alone. */
  private RunPlan runPlan;

  /** For tests: the plan from the config's runtime block alone, no environment. */
  public WorkerParts() {
    this(false);
  }

  /**
   * With {@code adoptFolder}, a files sink takes its folder over from the load that wrote it (or
   * from no one, for files written without an owner marker).
   */
  public WorkerParts(boolean adoptFolder) {
    this(null, adoptFolder);
  }

  /** The parts of the run {@code runPlan} was resolved for ({@link RunPlan#forLoad}). */
  public WorkerParts(RunPlan runPlan, boolean adoptFolder) {
    this.runPlan = runPlan;
    this.adoptFolder = adoptFolder;
  }

  private RunPlan runPlan(WorkerConfig config) {
    if (runPlan == null) {
      runPlan = RunPlan.fromEnvironment(Map.of(), null).forLoad(config, Instant.now());
    }
    return runPlan;
  }

  /**
   * The decoder of {@code spec.source.kafka.format}. Avro needs the KafkaConnection's {@code
   * schemaRegistry} (its basic auth Secret is read here, from the run's secrets folder), so a
   * missing registry or Secret fails the run before anything is consumed.
   */
  @Override
  public java.nio.file.Path scratchDir(WorkerConfig config) {
    return runPlan(config).scratchDir();
  }

  @Override
  public Decoder decoder(WorkerConfig config) {
    LoadSpec.ValueFormat format = config.spec().source().formatOrDefault();
    return switch (format) {
      case Json -> new JsonDecoder();
      case String -> new StringDecoder();
      case Bytes -> new BytesDecoder();
      case Avro -> new AvroDecoder(registry(config), nonFinite(config.spec()));
    };
  }

  /**
   * Why the load cannot hold an Avro {@code float}/{@code double} NaN or infinity (the record is
   * rejected at stage decode with {@code NaN <reason>}), or null when it writes them as they are
   * (Parquet, Avro and CSV files, Iceberg, PostgreSQL; docs/worker-config.md).
   */
  static String nonFinite(LoadSpec spec) {
    // with spec.schema too: its double fields take them, its other types reject them by name
    LoadSpec.Sink sink = spec.sink();
    if (sink != null
        && sink.files() != null
        && sink.files().formatOrDefault() == LoadSpec.FileFormat.Json) {
      return "is not a number JSON lines output can hold (strict JSON has no NaN or Infinity;"
          + " Parquet, Avro and CSV files, Iceberg and PostgreSQL keep it)";
    }
    if (sink != null && sink.kafka() != null) {
      return "is not a number a JSON value of sink.kafka can hold (strict JSON has no NaN or"
          + " Infinity; Parquet, Avro and CSV files, Iceberg and PostgreSQL keep it)";
    }
    return null;
  }

  private SchemaRegistryClient registry(WorkerConfig config) {
    ConnectionSpec.SchemaRegistry registry =
        config.connection() == null || config.connection().spec() == null
            ? null
            : config.connection().spec().schemaRegistry();
    if (registry == null || registry.url() == null || registry.url().isBlank()) {
      throw new ConfigException(
          "spec.source.kafka.format Avro needs a Schema Registry: set KafkaConnection"
              + " spec.schemaRegistry.url (e.g. http://schema-registry:8081), with"
              + " spec.schemaRegistry.basicAuthSecretRef if it asks for credentials");
    }
    // an https registry is checked against the connection's CA when it has one (as the
    // operator's probe does), else against the JVM's CAs
    ConnectionSpec.Security security = config.connection().spec().security();
    ConnectionSpec.SecretKeyRef ca =
        security == null || security.tls() == null ? null : security.tls().caSecretRef();
    SecretFiles secrets = secrets(config);
    SchemaRegistryClient.TrustedCa trusted = null;
    if (ca != null) {
      String key = ca.key() == null ? "ca.crt" : ca.key();
      trusted = new SchemaRegistryClient.TrustedCa(ca.name(), key, secrets.read(ca.name(), key));
    }
    return SchemaRegistryClient.create(
        registry, secrets, SchemaRegistryClient.Settings.defaults(), trusted);
  }

  private SecretFiles secrets(WorkerConfig config) {
    return new SecretFiles(runPlan(config).secretsDir());
  }

  /** The checks of {@code spec.schema}, salted from its Secret; null without a schema. */
  private RowValidator schema(WorkerConfig config) {
    LoadSpec.Schema schema = config.spec().schema();
    if (schema == null) {
      return null;
    }
    return RowValidator.of(schema, salt(config));
  }

  /** The bytes of {@code spec.schema.salt}'s Secret key; null without a salt. */
  private byte[] salt(WorkerConfig config) {
    LoadSpec.Schema schema = config.spec().schema();
    if (schema.salt() == null) {
      return null;
    }
    String key = schema.salt().key() == null ? "salt" : schema.salt().key();
    return secrets(config).read(schema.salt().name(), key).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public RowCheck validator(WorkerConfig config) {
    if (config.spec().schema() == null) {
      return null;
    }
    // rows decoded from Avro carry a float/double NaN or infinity as a bare token (AvroRows)
    RowValidator validator =
        RowValidator.of(
                config.spec().schema(),
                salt(config),
                config.spec().source().formatOrDefault() == LoadSpec.ValueFormat.Avro)
            // kept unknown members are columns inferred as without a schema: the same rules
            .checkingKeptMembers(config.spec().source().metadataColumnsOrDefault());
    return new RowCheck() {
      @Override
      public String check(byte[] row) {
        return validator.check(row);
      }

      @Override
      public byte[] row() {
        return validator.row();
      }
    };
  }

  /**
   * The files sink's partitionBy values are checked per record when they are the rows' own members:
   * not with the load's SQL, and not for a column a script computes (their values exist only after
   * the SQL ran; see docs/worker-config.md).
   */
  @Override
  public PartitionValues partitionValues(WorkerConfig config) {
    LoadSpec.FilesSink files = config.spec().sink().files();
    LoadSpec.Transform transform = config.spec().transform();
    if (files == null
        || (transform != null && transform.sql() != null && !transform.sql().isBlank())) {
      return null;
    }
    List<String> columns = new ArrayList<>(files.partitionByOrDefault());
    RowValidator validator = schema(config);
    if (validator != null) {
      for (RowValidator.Computed c : validator.computed()) {
        columns.removeIf(name -> name.equalsIgnoreCase(c.name()));
      }
    }
    return PartitionValues.of(columns);
  }

  /**
   * A PostgreSQL table whose columns come from the rows' own top-level names (no SQL; no schema, or
   * a schema that keeps unknown members) gets each row's names checked against PostgreSQL's limit:
   * a longer name rejects its record instead of failing the run.
   */
  @Override
  public ColumnNames columnNames(WorkerConfig config) {
    LoadSpec.Transform transform = config.spec().transform();
    if (config.spec().sink().jdbc() == null
        || (transform != null && transform.sql() != null && !transform.sql().isBlank())) {
      return null;
    }
    LoadSpec.Schema schema = config.spec().schema();
    if (schema != null && schema.unknownFieldsOrDefault() != LoadSpec.UnknownFields.Keep) {
      return null;
    }
    return new ColumnNames();
  }

  /** The output of the load's rows ({@link Outputs}: files, PostgreSQL, Iceberg or a topic). */
  @Override
  public RecordSink sink(WorkerConfig config, Map<String, Object> clientProperties)
      throws IOException {
    return outputs(config).sink(schema(config), clientProperties);
  }

  private Outputs outputs;

  private Outputs outputs(WorkerConfig config) {
    if (outputs == null) {
      outputs = new Outputs(config, runPlan(config), adoptFolder);
    }
    return outputs;
  }

  @Override
  public OffsetStore store(
      WorkerConfig config,
      Map<String, Object> clientProperties,
      Consumer<byte[], byte[]> consumer) {
    if (config.spec().offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Sink) {
      Outputs outputs = outputs(config);
      io.kafkaload.worker.output.table.TableTarget table;
      try {
        table = outputs.table();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new MirroringOffsetStore(
          new SinkOffsetStore(table, outputs.tableName()),
          consumer,
          config.spec().groupIdOrDefault(config.load()));
    }
    return OffsetStores.create(
        config.spec(), config.load(), clientProperties, consumer, runPlan(config).offsetsDir());
  }
}
