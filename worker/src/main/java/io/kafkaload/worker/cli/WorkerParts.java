package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.AvroDecoder;
import io.kafkaload.worker.decode.BytesDecoder;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.decode.StringDecoder;
import io.kafkaload.worker.engine.LoadRunner;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.offsets.OffsetStores;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.security.SecretFiles;
import io.kafkaload.worker.sink.FilesSink;
import io.kafkaload.worker.sink.RecordSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** The real stages of a run, chosen from the spec. */
public final class WorkerParts implements LoadRunner.Parts {

  /**
   * The decoder of {@code spec.source.kafka.format}. Avro needs the KafkaConnection's {@code
   * schemaRegistry} (its basic auth Secret is read here, from the run's secrets folder), so a
   * missing registry or Secret fails the run before anything is consumed.
   */
  @Override
  public Decoder decoder(WorkerConfig config) {
    LoadSpec.ValueFormat format = config.spec().source().kafka().formatOrDefault();
    return switch (format) {
      case Json -> new JsonDecoder();
      case String -> new StringDecoder();
      case Bytes -> new BytesDecoder();
      case Avro -> new AvroDecoder(registry(config));
    };
  }

  private static SchemaRegistryClient registry(WorkerConfig config) {
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
    String secretsDir = config.runtime() == null ? null : config.runtime().secretsDir();
    return SchemaRegistryClient.create(
        registry,
        new SecretFiles(Path.of(secretsDir == null ? "secrets" : secretsDir)),
        SchemaRegistryClient.Settings.defaults());
  }

  @Override
  public RecordSink sink(WorkerConfig config) throws IOException {
    return FilesSink.open(config.spec().sink().files());
  }

  @Override
  public OffsetStore store(
      WorkerConfig config,
      Map<String, Object> clientProperties,
      Consumer<byte[], byte[]> consumer) {
    String dir = config.runtime() == null ? null : config.runtime().offsetsDir();
    return OffsetStores.create(
        config.spec(),
        config.load(),
        clientProperties,
        consumer,
        dir == null ? null : Path.of(dir));
  }
}
