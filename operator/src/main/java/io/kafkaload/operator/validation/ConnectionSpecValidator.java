package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.SecurityProtocol;
import io.kafkaload.operator.api.SecuritySpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Checks a KafkaConnection spec before it is probed. */
public final class ConnectionSpecValidator {

  private ConnectionSpecValidator() {}

  /** The problems of {@code connection}'s spec; empty when it can be probed. */
  public static List<String> validate(KafkaConnection connection) {
    List<String> problems = new ArrayList<>();
    String servers =
        connection.getSpec() == null ? null : connection.getSpec().getBootstrapServers();
    if (servers == null || servers.isBlank()) {
      problems.add("spec.bootstrapServers: missing; set host:port[,host:port...]");
      return problems;
    }
    for (String server : servers.split(",")) {
      String entry = server.trim();
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || !validPort(entry.substring(colon + 1))) {
        problems.add(
            "spec.bootstrapServers: '%s' is not host:port with a port from 1 to 65535; fix the entry"
                .formatted(entry));
      }
    }
    KafkaConnectionSpec spec = connection.getSpec();
    checkSecurity(spec.getSecurity(), problems);
    if (spec.getSchemaRegistry() != null) {
      checkRegistryUrl(spec.getSchemaRegistry().getUrl(), problems);
      if (spec.getSchemaRegistry().getBasicAuthSecretRef() != null
          && blank(spec.getSchemaRegistry().getBasicAuthSecretRef().getName())) {
        problems.add("spec.schemaRegistry.basicAuthSecretRef.name: missing; name a Secret");
      }
    }
    ClientOptions.check(spec.getOptions(), "spec.options", problems);
    return problems;
  }

  /** The protocol in effect: Plaintext unless set. */
  public static SecurityProtocol protocol(KafkaConnectionSpec spec) {
    if (spec.getSecurity() == null || spec.getSecurity().getProtocol() == null) {
      return SecurityProtocol.Plaintext;
    }
    return spec.getSecurity().getProtocol();
  }

  private static void checkSecurity(SecuritySpec security, List<String> problems) {
    if (security == null) {
      return;
    }
    SecurityProtocol protocol =
        security.getProtocol() == null ? SecurityProtocol.Plaintext : security.getProtocol();
    boolean sasl =
        protocol == SecurityProtocol.SaslPlaintext || protocol == SecurityProtocol.SaslSsl;
    boolean tls = protocol == SecurityProtocol.Ssl || protocol == SecurityProtocol.SaslSsl;
    if (sasl && security.getSasl() == null) {
      problems.add(
          "spec.security.sasl: missing for protocol %s; set sasl.secretRef to a Secret with keys"
                  .formatted(protocol)
              + " username and password");
    }
    if (!sasl && security.getSasl() != null) {
      problems.add(
          "spec.security.sasl: set but protocol is %s; use SaslPlaintext or SaslSsl, or remove sasl"
              .formatted(protocol));
    }
    if (security.getSasl() != null
        && (security.getSasl().getSecretRef() == null
            || blank(security.getSasl().getSecretRef().getName()))) {
      problems.add(
          "spec.security.sasl.secretRef.name: missing; name a Secret with keys username and"
              + " password");
    }
    if (!tls && security.getTls() != null) {
      problems.add(
          "spec.security.tls: set but protocol is %s; use Ssl or SaslSsl, or remove tls"
              .formatted(protocol));
    }
    if (security.getTls() != null) {
      var ca = security.getTls().getCaSecretRef();
      if (ca != null && blank(ca.getName())) {
        problems.add("spec.security.tls.caSecretRef.name: missing; name a Secret");
      }
      var client = security.getTls().getClientCertSecretRef();
      if (client != null && blank(client.getName())) {
        problems.add("spec.security.tls.clientCertSecretRef.name: missing; name a Secret");
      }
    }
  }

  private static void checkRegistryUrl(String url, List<String> problems) {
    if (blank(url)) {
      problems.add("spec.schemaRegistry.url: missing; set e.g. http://schema-registry:8081");
      return;
    }
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(url, "not http(s)://host");
      }
      if (uri.getUserInfo() != null) {
        problems.add(
            "spec.schemaRegistry.url: carries user information; put credentials in a Secret named"
                + " by basicAuthSecretRef");
      }
    } catch (URISyntaxException e) {
      problems.add(
          "spec.schemaRegistry.url: not an http:// or https:// URL with a host; use e.g."
              + " http://schema-registry:8081");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static boolean validPort(String port) {
    try {
      int value = Integer.parseInt(port);
      return value >= 1 && value <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
