package io.kafkaload.worker.security;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The client properties for a connection's {@code security}: protocol, SASL credentials and TLS
 * material, all read from Secret files and passed to the clients as values (PEM), so nothing is
 * written to disk and nothing secret reaches a log.
 */
public final class ClientSecurity {
  private ClientSecurity() {}

  public static Map<String, Object> properties(ConnectionSpec spec, SecretFiles secrets) {
    Map<String, Object> props = new HashMap<>();
    ConnectionSpec.Security security = spec.security();
    if (security == null) {
      return props;
    }
    ConnectionSpec.Protocol protocol =
        security.protocol() == null ? inferred(security) : security.protocol();
    props.put("security.protocol", kafkaName(protocol));
    boolean sasl =
        protocol == ConnectionSpec.Protocol.SaslPlaintext
            || protocol == ConnectionSpec.Protocol.SaslSsl;
    if (sasl) {
      saslProperties(security.sasl(), secrets, props);
    } else if (security.sasl() != null) {
      throw new ConfigException(
          "KafkaConnection spec.security.sasl is set but protocol is "
              + protocol
              + "; use SaslSsl (or SaslPlaintext)");
    }
    if (security.tls() != null) {
      tlsProperties(security.tls(), secrets, props);
    }
    return props;
  }

  private static ConnectionSpec.Protocol inferred(ConnectionSpec.Security s) {
    if (s.sasl() != null) {
      return s.tls() != null
          ? ConnectionSpec.Protocol.SaslSsl
          : ConnectionSpec.Protocol.SaslPlaintext;
    }
    return s.tls() != null ? ConnectionSpec.Protocol.Ssl : ConnectionSpec.Protocol.Plaintext;
  }

  static String kafkaName(ConnectionSpec.Protocol p) {
    return switch (p) {
      case Plaintext -> "PLAINTEXT";
      case Ssl -> "SSL";
      case SaslPlaintext -> "SASL_PLAINTEXT";
      case SaslSsl -> "SASL_SSL";
    };
  }

  private static void saslProperties(
      ConnectionSpec.Sasl sasl, SecretFiles secrets, Map<String, Object> props) {
    if (sasl == null || sasl.secretRef() == null || sasl.secretRef().name() == null) {
      throw new ConfigException(
          "KafkaConnection spec.security.sasl.secretRef.name is missing; name a Secret with keys"
              + " username and password");
    }
    ConnectionSpec.SaslMechanism mechanism =
        sasl.mechanism() == null ? ConnectionSpec.SaslMechanism.ScramSha512 : sasl.mechanism();
    String user = secrets.read(sasl.secretRef().name(), "username");
    String password = secrets.read(sasl.secretRef().name(), "password");
    String module =
        mechanism == ConnectionSpec.SaslMechanism.Plain
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    props.put(
        "sasl.mechanism",
        switch (mechanism) {
          case Plain -> "PLAIN";
          case ScramSha256 -> "SCRAM-SHA-256";
          case ScramSha512 -> "SCRAM-SHA-512";
        });
    props.put(
        "sasl.jaas.config",
        module
            + " required username=\""
            + jaasEscape(user)
            + "\" password=\""
            + jaasEscape(password)
            + "\";");
  }

  private static String jaasEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void tlsProperties(
      ConnectionSpec.Tls tls, SecretFiles secrets, Map<String, Object> props) {
    if (tls.caSecretRef() != null) {
      String key = tls.caSecretRef().key() == null ? "ca.crt" : tls.caSecretRef().key();
      props.put("ssl.truststore.type", "PEM");
      props.put("ssl.truststore.certificates", secrets.read(tls.caSecretRef().name(), key));
    }
    if (tls.clientCertSecretRef() != null) {
      String name = tls.clientCertSecretRef().name();
      props.put("ssl.keystore.type", "PEM");
      props.put("ssl.keystore.certificate.chain", secrets.read(name, "tls.crt"));
      props.put("ssl.keystore.key", secrets.read(name, "tls.key"));
    }
  }
}
