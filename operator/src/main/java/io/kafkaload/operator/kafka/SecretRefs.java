package io.kafkaload.operator.kafka;

import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.SecuritySpec;
import java.util.ArrayList;
import java.util.List;

/** The Secret keys a connection refers to, read from its spec alone (pure). */
public final class SecretRefs {

  /** Key of the username in SASL and basic-auth Secrets. */
  public static final String USERNAME = "username";

  /** Key of the password in SASL and basic-auth Secrets. */
  public static final String PASSWORD = "password";

  /** Keys of a kubernetes.io/tls Secret. */
  public static final String TLS_CRT = "tls.crt";

  /** Keys of a kubernetes.io/tls Secret. */
  public static final String TLS_KEY = "tls.key";

  /** Default key of the CA Secret. */
  public static final String CA_CRT = "ca.crt";

  /**
   * One key of one Secret the connection needs.
   *
   * @param secret the Secret's name
   * @param key the key in its data
   * @param field the spec field that refers to it, for messages
   */
  public record Needed(String secret, String key, String field) {}

  private SecretRefs() {}

  /** Every Secret key {@code spec} refers to, in spec order. */
  public static List<Needed> needed(KafkaConnectionSpec spec) {
    List<Needed> needed = new ArrayList<>();
    SecuritySpec security = spec.getSecurity();
    if (security != null
        && security.getSasl() != null
        && security.getSasl().getSecretRef() != null) {
      String name = security.getSasl().getSecretRef().getName();
      needed.add(new Needed(name, USERNAME, "spec.security.sasl.secretRef"));
      needed.add(new Needed(name, PASSWORD, "spec.security.sasl.secretRef"));
    }
    if (security != null && security.getTls() != null) {
      var ca = security.getTls().getCaSecretRef();
      if (ca != null) {
        needed.add(
            new Needed(
                ca.getName(),
                ca.getKey() == null ? CA_CRT : ca.getKey(),
                "spec.security.tls.caSecretRef"));
      }
      var client = security.getTls().getClientCertSecretRef();
      if (client != null) {
        needed.add(new Needed(client.getName(), TLS_CRT, "spec.security.tls.clientCertSecretRef"));
        needed.add(new Needed(client.getName(), TLS_KEY, "spec.security.tls.clientCertSecretRef"));
      }
    }
    var registry = spec.getSchemaRegistry();
    if (registry != null && registry.getBasicAuthSecretRef() != null) {
      String name = registry.getBasicAuthSecretRef().getName();
      needed.add(new Needed(name, USERNAME, "spec.schemaRegistry.basicAuthSecretRef"));
      needed.add(new Needed(name, PASSWORD, "spec.schemaRegistry.basicAuthSecretRef"));
    }
    return needed;
  }

  /** The distinct Secret names, sorted: the worker pod mounts each one. */
  public static List<String> names(KafkaConnectionSpec spec) {
    return needed(spec).stream().map(Needed::secret).distinct().sorted().toList();
  }
}
