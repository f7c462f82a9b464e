package io.kafkaload.worker.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The spec of a KafkaConnection. Credentials are never here: only references to Secrets, whose keys
 * the worker reads from files ({@code <secretsDir>/<secret>/<key>}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"bootstrapServers", "security", "schemaRegistry", "options"})
public record ConnectionSpec(
    String bootstrapServers,
    Security security,
    SchemaRegistry schemaRegistry,
    Map<String, String> options) {

  public ConnectionSpec(String bootstrapServers) {
    this(bootstrapServers, null, null, null);
  }

  /** How clients authenticate and encrypt. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"protocol", "sasl", "tls"})
  public record Security(Protocol protocol, Sasl sasl, Tls tls) {}

  /** Kafka's security protocols, in CamelCase. */
  public enum Protocol {
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl
  }

  /**
   * SASL with a username and password from the Secret's keys {@code username}, {@code password}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"mechanism", "secretRef"})
  public record Sasl(SaslMechanism mechanism, SecretRef secretRef) {}

  /** The SASL mechanisms offered. */
  public enum SaslMechanism {
    Plain,
    ScramSha256,
    ScramSha512
  }

  /**
   * TLS: the CA that signs the brokers' certificates ({@code caSecretRef}, key {@code ca.crt}
   * unless given) and a client certificate for mutual TLS ({@code clientCertSecretRef}, a
   * kubernetes.io/tls Secret: keys {@code tls.crt}, {@code tls.key}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"caSecretRef", "clientCertSecretRef"})
  public record Tls(SecretKeyRef caSecretRef, SecretRef clientCertSecretRef) {}

  /**
   * A Confluent-compatible Schema Registry; basic auth from keys {@code username}, {@code
   * password}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"url", "basicAuthSecretRef"})
  public record SchemaRegistry(String url, SecretRef basicAuthSecretRef) {}

  /** A Secret in the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecretRef(String name) {}

  /** One key of a Secret in the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "key"})
  public record SecretKeyRef(String name, String key) {}
}
