package io.kafkaload.operator.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The allowlist of {@code sink.iceberg.catalog.properties}: storage and cache tuning, REST headers
 * and table defaults. Refused: what kafkaload sets from the spec, class names ({@code *-impl},
 * factories: they load code), credentials (they come from {@code catalog.secretRef}, as files),
 * OAuth endpoints (a load could send the catalog's credential elsewhere) and JDBC driver properties
 * (the Jdbc catalog's URL comes from its Secret).
 */
final class IcebergCatalogProperties {

  private static final Set<String> ALLOWED =
      Set.of(
          "prefix",
          "scope",
          "audience",
          "resource",
          "cache-enabled",
          "cache.expiration-interval-ms",
          "cache.case-sensitive",
          "client.region",
          "jdbc.schema-version",
          "rest.auth.type",
          "rest.sigv4-enabled",
          "rest.signing-region",
          "rest.signing-name");

  private static final List<String> ALLOWED_PREFIXES =
      List.of(
          "s3.",
          "gcs.",
          "adls.",
          "client.assume-role.",
          "header.",
          "io.manifest.cache",
          "lock.",
          "table-default.",
          "table-override.",
          "view-default.",
          "view-override.");

  /** Set by kafkaload from the catalog's fields and Secret. */
  private static final Map<String, String> OWNED =
      Map.of(
          "type", "catalog.type",
          "uri", "catalog.uri",
          "warehouse", "catalog.warehouse",
          "token", "catalog.secretRef (key token)",
          "credential", "catalog.secretRef (key credential)");

  private static final List<String> CREDENTIAL_WORDS =
      List.of(
          "password",
          "passwd",
          "secret",
          "token",
          "credential",
          "access-key",
          "sas-",
          "private-key",
          "connection-string");

  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("header.authorization", "header.proxy-authorization", "header.cookie");

  private IcebergCatalogProperties() {}

  /** One problem line per refused property, sorted by key. */
  static void check(Map<String, String> properties, List<String> problems) {
    if (properties == null) {
      return;
    }
    properties.keySet().stream()
        .sorted()
        .forEach(
            key -> {
              String reason = refusal(key);
              if (reason != null) {
                problems.add(
                    "spec.sink.iceberg.catalog.properties.%s: not allowed: %s; remove it"
                        .formatted(key, reason));
              }
            });
  }

  /** Why {@code raw} is refused, or null when it is allowed. */
  static String refusal(String raw) {
    String name = raw.trim().toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      return "a blank name";
    }
    if (OWNED.containsKey(name)) {
      return "it is set by kafkaload from " + OWNED.get(name);
    }
    if (name.endsWith("-impl")
        || name.endsWith(".impl")
        || name.contains("class")
        || name.contains("factory")) {
      return "it names Java classes to load";
    }
    if (CREDENTIAL_HEADERS.contains(name)
        || name.endsWith(".key")
        || name.endsWith("-key")
        || CREDENTIAL_WORDS.stream().anyMatch(name::contains)) {
      return "credentials come from catalog.secretRef, mounted as files";
    }
    if (name.contains("oauth2-server-uri") || name.endsWith("auth-url")) {
      return "user-set OAuth endpoints are refused (the catalog's credential would be sent there)";
    }
    if (name.startsWith("jdbc.") && !ALLOWED.contains(name)) {
      return "JDBC driver properties are refused; the Jdbc catalog's url comes from its Secret";
    }
    if (ALLOWED.contains(name) || ALLOWED_PREFIXES.stream().anyMatch(name::startsWith)) {
      return null;
    }
    return "not on the allowlist of catalog properties (docs/operator-notes.md)";
  }
}
