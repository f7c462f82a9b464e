package io.kafkaload.operator.kafka;

import io.kafkaload.contract.ClientOptionRules;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.SaslMechanism;
import io.kafkaload.operator.api.SecurityProtocol;
import io.kafkaload.operator.api.SecuritySpec;
import io.kafkaload.operator.validation.ConnectionSpecValidator;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka client properties for the operator's own clients (probe, lag), from a connection spec and
 * the decoded Secret values. Certificates and keys are passed in memory as PEM (no files); SASL
 * uses only the PLAIN and SCRAM login modules. The result holds credentials: it is handed to the
 * Kafka client and nowhere else (Kafka prints PASSWORD-typed properties as [hidden]).
 */
public final class KafkaClientConfig {

  private KafkaClientConfig() {}

  /** Properties for an Admin client of {@code spec}. */
  public static Map<String, Object> properties(KafkaConnectionSpec spec, SecretValues secrets) {
    Map<String, Object> props = new HashMap<>();
    if (spec.getOptions() != null) {
      // Allowlisted tuning only; security settings below always win.
      spec.getOptions().entrySet().stream()
          .filter(e -> ClientOptionRules.allowed(e.getKey()))
          .forEach(e -> props.put(e.getKey(), e.getValue()));
    }
    props.put("bootstrap.servers", spec.getBootstrapServers());
    SecurityProtocol protocol = ConnectionSpecValidator.protocol(spec);
    props.put("security.protocol", kafkaProtocol(protocol));
    SecuritySpec security = spec.getSecurity();
    if (security != null && security.getSasl() != null) {
      String secret = security.getSasl().getSecretRef().getName();
      SaslMechanism mechanism =
          security.getSasl().getMechanism() == null
              ? SaslMechanism.ScramSha512
              : security.getSasl().getMechanism();
      props.put("sasl.mechanism", kafkaMechanism(mechanism));
      props.put(
          "sasl.jaas.config",
          "%s required username=\"%s\" password=\"%s\";"
              .formatted(
                  mechanism == SaslMechanism.Plain
                      ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                      : "org.apache.kafka.common.security.scram.ScramLoginModule",
                  jaasEscape(secrets.get(secret, SecretRefs.USERNAME)),
                  jaasEscape(secrets.get(secret, SecretRefs.PASSWORD))));
    }
    if (security != null && security.getTls() != null) {
      String ca = trustedCertificates(spec, secrets);
      if (ca != null) {
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.certificates", ca);
      }
      var client = security.getTls().getClientCertSecretRef();
      if (client != null) {
        props.put("ssl.keystore.type", "PEM");
        props.put(
            "ssl.keystore.certificate.chain", secrets.get(client.getName(), SecretRefs.TLS_CRT));
        props.put("ssl.keystore.key", secrets.get(client.getName(), SecretRefs.TLS_KEY));
      }
    }
    return props;
  }

  /**
   * The PEM CA certificate(s) of {@code tls.caSecretRef}, or null without one: the brokers' and
   * (for the operator's probe) an https schema registry's certificates are checked against them.
   */
  public static String trustedCertificates(KafkaConnectionSpec spec, SecretValues secrets) {
    SecuritySpec security = spec.getSecurity();
    if (security == null
        || security.getTls() == null
        || security.getTls().getCaSecretRef() == null) {
      return null;
    }
    var ca = security.getTls().getCaSecretRef();
    return secrets.get(ca.getName(), ca.getKey() == null ? SecretRefs.CA_CRT : ca.getKey());
  }

  /** Kafka's name of a protocol. */
  public static String kafkaProtocol(SecurityProtocol protocol) {
    return switch (protocol) {
      case Plaintext -> "PLAINTEXT";
      case Ssl -> "SSL";
      case SaslPlaintext -> "SASL_PLAINTEXT";
      case SaslSsl -> "SASL_SSL";
    };
  }

  /** Kafka's name of a SASL mechanism. */
  public static String kafkaMechanism(SaslMechanism mechanism) {
    return switch (mechanism) {
      case Plain -> "PLAIN";
      case ScramSha256 -> "SCRAM-SHA-256";
      case ScramSha512 -> "SCRAM-SHA-512";
    };
  }

  /** A JAAS quoted-string value: backslashes and quotes escaped, so a value cannot add options. */
  static String jaasEscape(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
