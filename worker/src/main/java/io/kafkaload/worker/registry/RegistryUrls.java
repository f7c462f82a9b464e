package io.kafkaload.worker.registry;

import io.kafkaload.worker.config.ConfigException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The registry URL of a KafkaConnection, checked, and the pieces of request paths. */
final class RegistryUrls {

  private RegistryUrls() {}

  /** A subject as one path segment ({@code URLEncoder} is for forms: a space must be %20). */
  static String segment(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * {@code url} without trailing slashes, or a {@link ConfigException} naming the field and the
   * fix: it must be http(s) with a host, and carry no credentials (they belong in a Secret).
   */
  static String checked(String url) {
    String field = "KafkaConnection spec.schemaRegistry.url";
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          field
              + " is required for spec.source.kafka.format Avro: set it to the Schema Registry's"
              + " address, e.g. http://schema-registry:8081");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field + " '" + url + "' is not a URL: " + e.getMessage(), e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null) {
      throw new ConfigException(
          field + " '" + url + "' must be an http:// or https:// URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      // never echo it: it holds a credential
      throw new ConfigException(
          field
              + " must not hold credentials; put them in a Secret (keys username, password)"
              + " named by KafkaConnection spec.schemaRegistry.basicAuthSecretRef");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException(field + " '" + url + "' must not have a query or a fragment");
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
