package io.kafkaload.worker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.kafkaload.worker.testkit.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way tests describe a load: a worker config document written field by field (by the
 * document's own dotted paths, through {@link ConfigDocument}), then bound to {@link WorkerConfig}
 * by {@link ConfigLoader} as a rendered document would be. A field the builder has no method for is
 * set with {@link #set} or {@link #yaml}, so a new field of {@link LoadSpec} needs no edit here nor
 * in any test that leaves it out.
 *
 * <pre>{@code
 * WorkerConfig config =
 *     TestLoads.files(topic, out)
 *         .sharedKafka()
 *         .format(FileFormat.Json)
 *         .sql("SELECT * FROM message WHERE id > 3")
 *         .rejectedTopic(dlq)
 *         .dir(tempDir)                  // secrets in tempDir/secrets, offsets in tempDir/offsets
 *         .build();                      // bound and checked by SpecValidator
 * }</pre>
 *
 * <p>Defaults: namespace {@code test}, a unique load name, a connection {@code kafka} at {@code
 * kafka:9092} (no broker is started unless {@link #sharedKafka()} asks for it), no runtime folders.
 * {@link #unchecked()} binds without the rules (for tests of the rules), {@link #spec()} gives the
 * spec alone, {@link #yaml()} the KafkaConnection and KafkaLoad a user would apply.
 */
public final class TestLoads {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final ObjectMapper JSON = ConfigLoader.json();
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final ObjectNode root = JSON.createObjectNode();
  private final ConfigDocument doc = new ConfigDocument(root);

  private TestLoads() {
    doc.set("apiVersion", WorkerConfig.API_VERSION);
    doc.set("kind", WorkerConfig.KIND);
    doc.set("load.namespace", "test");
    doc.set("load.name", "load-" + COUNTER.incrementAndGet());
    doc.set("connection.name", "kafka");
    doc.set("connection.spec.bootstrapServers", "kafka:9092");
    doc.set("spec.connectionRef.name", "kafka");
  }

  /** A load of {@code topics} with no sink yet. */
  public static TestLoads load(String... topics) {
    TestLoads load = new TestLoads();
    load.doc.set("spec.source.kafka.topics", Arrays.asList(topics));
    return load;
  }

  /** A load of the files {@code path} names (a file, a folder, a glob), with no sink yet. */
  public static TestLoads sourceFiles(Object path) {
    TestLoads load = new TestLoads();
    load.doc.set("spec.source.files.path", String.valueOf(path));
    return load;
  }

  /** A load of {@code topic} into files under {@code path}. */
  public static TestLoads files(String topic, Object path) {
    return load(topic).set("spec.sink.files.path", String.valueOf(path));
  }

  /** A load of {@code topic} into the PostgreSQL table {@code table}, Secret {@code pg}. */
  public static TestLoads jdbc(String topic, String table) {
    return load(topic)
        .set("spec.sink.jdbc.secretRef.name", "pg")
        .set("spec.sink.jdbc.table", table);
  }

  /** A document with nothing but the worker config's header, load and connection. */
  public static TestLoads empty() {
    return new TestLoads();
  }

  public TestLoads name(String name) {
    return set("load.name", name);
  }

  public TestLoads namespace(String namespace) {
    return set("load.namespace", namespace);
  }

  /** The KafkaConnection's bootstrap servers. */
  public TestLoads bootstrap(String servers) {
    return set("connection.spec.bootstrapServers", servers);
  }

  /** Against the tests' shared broker (started on first use). */
  public TestLoads sharedKafka() {
    return bootstrap(SharedKafka.bootstrapServers());
  }

  /** The format of the files written. */
  public TestLoads format(LoadSpec.FileFormat format) {
    return set("spec.sink.files.format", format);
  }

  /** {@code sink.files.partitionBy}: hive folders by these columns. */
  public TestLoads partitionBy(String... columns) {
    return set("spec.sink.files.partitionBy", List.of(columns));
  }

  /** {@code sink.files.coalesce}: a run merged into this many files. */
  public TestLoads coalesce(int files) {
    return set("spec.sink.files.coalesce", files);
  }

  public TestLoads writeMode(LoadSpec.WriteMode mode) {
    return set("spec.sink.files.writeMode", mode);
  }

  public TestLoads compression(LoadSpec.Compression compression) {
    return set("spec.sink.files.compression", compression);
  }

  /** How message values are decoded. */
  public TestLoads valueFormat(LoadSpec.ValueFormat format) {
    return set("spec.source.kafka.format", format);
  }

  public TestLoads mode(LoadSpec.Mode mode) {
    return set("spec.mode", mode);
  }

  public TestLoads streaming() {
    return mode(LoadSpec.Mode.Streaming);
  }

  /** {@code sink.flush}: the values given, a null one left out. */
  public TestLoads flush(Long maxRecords, Integer intervalSeconds) {
    return set("spec.sink.flush.maxRecords", maxRecords)
        .set("spec.sink.flush.intervalSeconds", intervalSeconds);
  }

  public TestLoads offsets(LoadSpec.OffsetStoreKind store) {
    return set("spec.offsets.store", store);
  }

  /** {@code spec.transform.sql}. */
  public TestLoads sql(String sql) {
    return set("spec.transform.sql", sql);
  }

  /** Rejected records go to {@code topic}. */
  public TestLoads rejectedTopic(String topic) {
    return set("spec.rejected.topic", topic);
  }

  public TestLoads metadataColumns(String... columns) {
    return set("spec.source.kafka.metadataColumns", List.of(columns));
  }

  /** {@code spec.schema} from YAML, e.g. {@code "fields:\n - {name: id, type: long}"}. */
  public TestLoads schema(String yaml) {
    return yaml("spec.schema", yaml);
  }

  /** Secrets in {@code dir/secrets}, offsets in {@code dir/offsets}. */
  public TestLoads dir(Path dir) {
    return runtime(dir.resolve("secrets"), dir.resolve("offsets"));
  }

  public TestLoads runtime(Path secretsDir, Path offsetsDir) {
    return set("runtime.secretsDir", secretsDir == null ? null : secretsDir.toString())
        .set("runtime.offsetsDir", offsetsDir == null ? null : offsetsDir.toString());
  }

  /**
   * Sets the field at the document path {@code path} ({@code spec.sink.files.coalesce}): a text,
   * number, boolean, enum or list of texts; null removes it. Any other value (a record of {@link
   * LoadSpec}, a map) is written as its JSON tree.
   */
  public TestLoads set(String path, Object value) {
    if (value == null) {
      doc.remove(path);
    } else if (value instanceof String || value instanceof Path) {
      doc.set(path, value.toString()); // Jackson would write a Path as a file:// URI
    } else if (value instanceof Enum<?> e) {
      doc.set(path, e);
    } else if (value instanceof Boolean b) {
      doc.set(path, b);
    } else if (value instanceof Integer || value instanceof Long) {
      doc.set(path, ((Number) value).longValue());
    } else {
      node(path, JSON.valueToTree(value));
    }
    return this;
  }

  /** Sets the field at {@code path} to the value the YAML text describes. */
  public TestLoads yaml(String path, String yaml) {
    try {
      return node(path, YAML.readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not YAML: " + yaml, e);
    }
  }

  /** Any other change of the document, by its paths. */
  public TestLoads edit(ConfigEdit edit) {
    edit.apply(doc);
    return this;
  }

  private TestLoads node(String path, JsonNode value) {
    doc.set(path, ""); // creates the objects on the way
    ObjectNode parent = root;
    String[] names = path.split("\\.");
    for (int i = 0; i < names.length - 1; i++) {
      parent = (ObjectNode) parent.get(names[i]);
    }
    parent.set(names[names.length - 1], value);
    return this;
  }

  /** The config, bound and checked by {@link SpecValidator} like a loaded file. */
  public WorkerConfig build() {
    WorkerConfig config = unchecked();
    SpecValidator.validate(config);
    return config;
  }

  /** The config, bound (types checked) but not checked by the rules. */
  public WorkerConfig unchecked() {
    return ConfigLoader.parseRendered(root.toString());
  }

  /** The spec alone, bound but not checked by the rules. */
  public LoadSpec spec() {
    return unchecked().spec();
  }

  /** The KafkaConnection and KafkaLoad documents a user would apply (no runtime). */
  public String yaml() {
    ObjectNode connection = JSON.createObjectNode();
    connection.put("apiVersion", WorkerConfig.API_VERSION);
    connection.put("kind", "KafkaConnection");
    connection.putObject("metadata").put("name", root.path("connection").path("name").asText());
    connection.set("spec", root.path("connection").path("spec"));
    ObjectNode load = JSON.createObjectNode();
    load.put("apiVersion", WorkerConfig.API_VERSION);
    load.put("kind", "KafkaLoad");
    ObjectNode metadata = load.putObject("metadata");
    metadata.put("name", root.path("load").path("name").asText());
    metadata.put("namespace", root.path("load").path("namespace").asText());
    load.set("spec", root.path("spec"));
    try {
      return YAML.writeValueAsString(connection) + "---\n" + YAML.writeValueAsString(load);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #yaml()} to {@code file}; returns it. */
  public Path writeYaml(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
