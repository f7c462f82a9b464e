package io.kafkaload.worker.output;

import io.kafkaload.worker.chunk.RecordSink;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.RunPlan;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.output.files.FilesOutput;
import io.kafkaload.worker.output.iceberg.IcebergCatalogs;
import io.kafkaload.worker.output.iceberg.IcebergTarget;
import io.kafkaload.worker.output.jdbc.PgConnector;
import io.kafkaload.worker.output.jdbc.PgTarget;
import io.kafkaload.worker.output.kafka.KafkaTarget;
import io.kafkaload.worker.output.table.TableOutput;
import io.kafkaload.worker.output.table.TableTarget;
import io.kafkaload.worker.registry.RegistryClients;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.rejects.RejectedTopicPublisher;
import io.kafkaload.worker.security.SecretFiles;
import io.kafkaload.worker.source.kafka.KafkaClients;
import io.kafkaload.worker.transform.RowsPlan;
import io.kafkaload.worker.transform.SqlCheck;
import io.kafkaload.worker.validate.RowValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output a load's rows take, chosen from {@code spec.sink} in this one place: {@code files} ->
 * {@link FilesOutput}; {@code jdbc} -> {@link TableOutput} over a {@link PgTarget}; {@code iceberg}
 * -> {@link TableOutput} over an {@link IcebergTarget}; {@code kafka} -> {@link TableOutput} over a
 * {@link KafkaTarget} (a topic, its records and positions in one Kafka transaction). Each comes as
 * the {@link io.kafkaload.worker.chunk.ChunkEngine} that cuts the rows into chunks for it. The
 * load's SQL is checked first: an error every chunk would meet fails the run before it reads.
 */
public final class Outputs {

  private final WorkerConfig config;
  private final RunPlan runPlan;
  private final SecretFiles secrets;
  private final boolean adoptFolder;
  private final SchemaRegistryClient.Settings registrySettings;
  private TableTarget table; // shared by the table (or topic) sink and its offset store

  /**
   * @param adoptFolder a files sink takes its folder over from the load that wrote it (or from no
   *     one, for files written without an owner marker)
   */
  public Outputs(WorkerConfig config, RunPlan runPlan, boolean adoptFolder) {
    this(config, runPlan, adoptFolder, KafkaTarget.REGISTRY_SETTINGS);
  }

  /**
   * @param registrySettings how the Avro values of a Kafka sink ask the Schema Registry ({@link
   *     KafkaTarget#REGISTRY_SETTINGS} in a run)
   */
  public Outputs(
      WorkerConfig config,
      RunPlan runPlan,
      boolean adoptFolder,
      SchemaRegistryClient.Settings registrySettings) {
    this.config = config;
    this.runPlan = runPlan;
    this.secrets = new SecretFiles(runPlan.secretsDir());
    this.adoptFolder = adoptFolder;
    this.registrySettings = registrySettings;
  }

  /**
   * The sink of the load's rows, written as the schema ({@code validator}, null without one), the
   * metadata columns, the scripts and the SQL say; rejected records to {@code spec.rejected.topic}
   * when set (a table sink needs it), with the load's Kafka client properties.
   */
  public RecordSink sink(RowValidator validator, Map<String, Object> clientProperties)
      throws IOException {
    LoadSpec spec = config.spec();
    RowsPlan plan = plan(spec, validator);
    if (validator == null && spec.source().files() != null) {
      // without a schema, a files source's rows keep the types its files have (DECIMAL digits,
      // timestamps) instead of those their JSON rendering would be inferred as
      plan =
          plan.withColumns(
              io.kafkaload.worker.source.files.SourceFileReader.columns(
                  spec.source().files(), runPlan.scratchDir()));
    }
    SqlCheck.check(plan, scriptFields(spec));
    checkKeyExpression(spec);
    LoadSpec.Rejected rejected = spec.rejected();
    RejectedTopicPublisher publisher =
        rejected == null || rejected.topic() == null || rejected.topic().isBlank()
            ? null
            : new RejectedTopicPublisher(rejected.topic(), clientProperties);
    try {
      if (spec.sink().files() == null) {
        // rows to a table or a topic, chunk by chunk, positions with them
        return TableOutput.sink(
            runPlan.scratchDir(), plan, table(), publisher, spec.limitsOrDefault());
      }
      return FilesOutput.sink(
          spec.sink().files(),
          plan,
          publisher,
          spec.limitsOrDefault(),
          config.load().qualified(),
          adoptFolder);
    } catch (IOException | RuntimeException e) {
      if (publisher != null) {
        publisher.close();
      }
      throw e;
    }
  }

  /**
   * The table of a table sink, or the topic of a Kafka sink (its offset store too); opened once.
   */
  public TableTarget table() throws IOException {
    if (table == null) {
      LoadSpec.JdbcSink jdbc = config.spec().sink().jdbc();
      LoadSpec.IcebergSink iceberg = config.spec().sink().iceberg();
      LoadSpec.KafkaSink kafka = config.spec().sink().kafka();
      if (kafka != null) {
        table = kafkaTarget(kafka);
      } else if (jdbc != null) {
        table =
            new PgTarget(
                PgConnector.fromSecret(secrets, jdbc.secretRef().name()),
                jdbc,
                config.load().qualified());
      } else {
        table =
            new IcebergTarget(
                IcebergCatalogs.open(iceberg.catalog(), secrets),
                iceberg,
                // the summary's property names take [A-Za-z0-9._-]
                config.load().namespace() + "." + config.load().name(),
                // the same across restarts of one run: Overwrite replaces the table once per run
                runPlan.runId(),
                // staged chunks wait at most this long for the writers still producing
                config.spec().sink().flushOrDefault().intervalSecondsOrDefault() * 1000L);
      }
    }
    return table;
  }

  /**
   * The topic of a Kafka sink, on the load's own cluster; its transactions carry the positions when
   * they are kept in the sink ({@code offsets.store: Sink}).
   */
  private KafkaTarget kafkaTarget(LoadSpec.KafkaSink kafka) throws IOException {
    // another KafkaConnection is refused by the spec's rules (KafkaSinkRules) for now
    boolean positionsInSink = config.spec().offsetStoreOrDefault() == LoadSpec.OffsetStoreKind.Sink;
    SchemaRegistryClient registry =
        kafka.formatOrDefault() == LoadSpec.ValueFormat.Avro
            ? RegistryClients.forConnection(
                config, secrets, registrySettings, "spec.sink.kafka.format Avro")
            : null;
    return new KafkaTarget(
        kafka,
        config.load(),
        KafkaClients.common(config),
        positionsInSink ? config.spec().offsetsTopicOrDefault() : null,
        registry);
  }

  /** The table (or topic) as messages name it. */
  public String tableName() {
    LoadSpec.Sink sink = config.spec().sink();
    if (sink.kafka() != null) {
      return "topic " + sink.kafka().topic();
    }
    return sink.jdbc() != null
        ? "table " + sink.jdbc().table()
        : "Iceberg table " + sink.iceberg().namespace() + "." + sink.iceberg().table();
  }

  /** A Kafka sink's {@code keyExpression} parses as one SQL expression (DuckDB's parser). */
  public static void checkKeyExpression(LoadSpec spec) {
    LoadSpec.KafkaSink kafka = spec.sink() == null ? null : spec.sink().kafka();
    if (kafka != null && kafka.keyExpression() != null && !kafka.keyExpression().isBlank()) {
      SqlCheck.checkExpression("spec.sink.kafka.keyExpression", kafka.keyExpression());
    }
  }

  /**
   * What the output does with the rows of {@code spec} ({@code validator}: its schema, or null).
   */
  public static RowsPlan plan(LoadSpec spec, RowValidator validator) {
    LoadSpec.FilesSink files = spec.sink().files();
    LinkedHashMap<String, String> columns =
        validator == null ? new LinkedHashMap<>() : validator.columns();
    List<RowsPlan.Computed> computed = new ArrayList<>();
    if (validator != null) {
      for (RowValidator.Computed c : validator.computed()) {
        computed.add(new RowsPlan.Computed(c.name(), c.sql(), c.duckDbType()));
      }
    }
    String sql = spec.transform() == null ? null : spec.transform().sql();
    // a table: the chunk's rows are read from DuckDB, never written to a file
    return new RowsPlan(
        files == null ? LoadSpec.FileFormat.Parquet : files.formatOrDefault(),
        files == null ? LoadSpec.Compression.Zstd : files.compressionOrDefault(),
        files == null ? List.of() : files.partitionByOrDefault(),
        columns,
        validator == null || validator.keepsUnknown(),
        spec.source().metadataColumnsOrDefault(),
        computed,
        sql == null || sql.isBlank() ? null : sql);
  }

  /** The schema's script fields, named for error messages. */
  private static List<String> scriptFields(LoadSpec spec) {
    List<String> scriptFields = new ArrayList<>();
    List<LoadSpec.Field> fields =
        spec.schema() == null ? List.of() : spec.schema().fieldsOrDefault();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).script() != null) {
        scriptFields.add("spec.schema.fields[" + i + "].script");
      }
    }
    return scriptFields;
  }
}
