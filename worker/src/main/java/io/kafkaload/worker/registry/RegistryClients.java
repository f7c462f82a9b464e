package io.kafkaload.worker.registry;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.security.SecretFiles;

/**
 * The registry client of a load's KafkaConnection ({@code spec.schemaRegistry}), for the Avro
 * source and the Avro Kafka output alike: its basic auth Secret read from the run's secrets folder,
 * and an https registry checked against the connection's CA when it has one (as the operator's
 * probe does), else against the JVM's CAs.
 */
public final class RegistryClients {

  private RegistryClients() {}

  /**
   * The client of the connection's registry.
   *
   * @param neededBy what needs it, as the message of a missing registry starts ({@code
   *     spec.source.kafka.format Avro})
   * @throws ConfigException when the connection has no registry URL, or a Secret cannot be read
   */
  public static SchemaRegistryClient forConnection(
      WorkerConfig config,
      SecretFiles secrets,
      SchemaRegistryClient.Settings settings,
      String neededBy) {
    ConnectionSpec.SchemaRegistry registry =
        config.connection() == null || config.connection().spec() == null
            ? null
            : config.connection().spec().schemaRegistry();
    if (registry == null || registry.url() == null || registry.url().isBlank()) {
      throw new ConfigException(
          neededBy
              + " needs a Schema Registry: set KafkaConnection"
              + " spec.schemaRegistry.url (e.g. http://schema-registry:8081), with"
              + " spec.schemaRegistry.basicAuthSecretRef if it asks for credentials");
    }
    ConnectionSpec.Security security = config.connection().spec().security();
    ConnectionSpec.SecretKeyRef ca =
        security == null || security.tls() == null ? null : security.tls().caSecretRef();
    SchemaRegistryClient.TrustedCa trusted = null;
    if (ca != null) {
      String key = ca.key() == null ? "ca.crt" : ca.key();
      trusted = new SchemaRegistryClient.TrustedCa(ca.name(), key, secrets.read(ca.name(), key));
    }
    return SchemaRegistryClient.create(registry, secrets, settings, trusted);
  }
}
