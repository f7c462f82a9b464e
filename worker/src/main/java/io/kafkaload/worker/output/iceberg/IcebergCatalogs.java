package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.security.SecretFiles;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Opens the catalog of {@code sink.iceberg.catalog}.
 *
 * <ul>
 *   <li>{@code Rest}: {@code uri}; from the Secret key {@code token} (a bearer token) or {@code
 *       credential} ({@code client-id:client-secret}, exchanged at the catalog's own token
 *       endpoint); {@code warehouse} when given.
 *   <li>{@code Jdbc}: from the Secret keys {@code url}, {@code user}, {@code password}; {@code
 *       warehouse} is required. Only {@code jdbc:postgresql:}, {@code jdbc:mysql:} and {@code
 *       jdbc:sqlite:} URLs, and none of the URL parameters that load code or files (socketFactory,
 *       sslfactory, authenticationPluginClassName, loggerFile, enable_load_extension, ...). On
 *       SQLite {@code jdbc.schema-version} defaults to {@code V1}.
 *   <li>{@code Hadoop}: tables under {@code warehouse} (a path or {@code file:} URI).
 * </ul>
 *
 * {@code properties} pass only through an allowlist ({@link #ALLOWED}, {@link #ALLOWED_PREFIXES}):
 * credentials, URIs of other services, class names ({@code *-impl}, {@code *.impl}, factories) and
 * anything else are refused naming the property.
 */
public final class IcebergCatalogs {

  /** The catalog name Iceberg sees (it appears in table names such as {@code kafkaload.ns.t}). */
  public static final String CATALOG_NAME = "kafkaload";

  /** Catalog properties users may set. */
  public static final Set<String> ALLOWED =
      Set.of(
          "cache-enabled",
          "cache.case-sensitive",
          "cache.expiration-interval-ms",
          "clients",
          "client.pool.cache.eviction-interval-ms",
          "lock.acquire-interval-ms",
          "lock.acquire-timeout-ms",
          "lock.heartbeat-interval-ms",
          "lock.heartbeat-timeout-ms",
          "jdbc.schema-version",
          "jdbc.init-catalog-tables",
          "jdbc.strict-mode",
          "jdbc.ssl",
          "jdbc.sslmode",
          "jdbc.connectTimeout",
          "jdbc.socketTimeout",
          "jdbc.ApplicationName",
          "scope",
          "prefix",
          "rest.client.connection-timeout-ms",
          "rest.client.socket-timeout-ms",
          "rest.client.max-connections",
          "rest.client.max-connections-per-route",
          "rest-page-size",
          "token-refresh-enabled",
          "token-exchange-enabled",
          "header.X-Iceberg-Access-Delegation",
          "io.manifest.cache-enabled",
          "io.manifest.cache.expiration-interval-ms",
          "io.manifest.cache.max-total-bytes",
          "io.manifest.cache.max-content-length");

  /** Prefixes of allowed properties (table defaults and overrides of created tables). */
  public static final List<String> ALLOWED_PREFIXES =
      List.of(
          "table-default.write.",
          "table-override.write.",
          "table-default.commit.",
          "table-override.commit.");

  private static final List<String> CODE_MARKERS =
      List.of("impl", "class", "factory", "provider", "plugin", "loader", "extension", "callback");
  private static final List<String> CREDENTIAL_MARKERS =
      List.of(
          "password",
          "secret",
          "credential",
          "token",
          "key",
          "auth",
          "sas",
          "jaas",
          "keytab",
          "user");
  private static final Set<String> SPEC_FIELDS =
      Set.of("uri", "warehouse", "type", "catalog-impl", "io-impl");

  private IcebergCatalogs() {}

  /**
   * Opens the catalog. The caller closes it when it is {@link AutoCloseable}.
   *
   * @throws ConfigException naming the field, Secret key or property that is missing or refused
   */
  public static Catalog open(LoadSpec.IcebergCatalog spec, SecretFiles secrets) {
    if (spec == null || spec.type() == null) {
      throw new ConfigException("sink.iceberg.catalog.type is required (Rest, Jdbc or Hadoop)");
    }
    Map<String, String> props = new HashMap<>(checkProperties(spec.properties()));
    if (spec.warehouse() != null && !spec.warehouse().isBlank()) {
      props.put(CatalogProperties.WAREHOUSE_LOCATION, spec.warehouse());
    }
    Configuration conf = new Configuration();
    switch (spec.type()) {
      case Rest -> {
        URI uri = httpUri(spec.uri());
        props.put(CatalogProperties.URI, uri.toString());
        if (spec.secretRef() != null) {
          String name = spec.secretRef().name();
          String token = readOptional(secrets, name, "token");
          String credential = token == null ? readOptional(secrets, name, "credential") : null;
          props.put("rest.auth.type", "oauth2");
          if (token != null) {
            props.put("token", token);
          } else if (credential != null) {
            props.put("credential", credential);
          } else {
            throw new ConfigException(
                "Secret "
                    + name
                    + " has neither key token nor key credential for the REST catalog");
          }
        }
        RESTCatalog catalog = new RESTCatalog();
        catalog.setConf(conf);
        catalog.initialize(CATALOG_NAME, props);
        return catalog;
      }
      case Jdbc -> {
        if (spec.secretRef() == null) {
          throw new ConfigException(
              "sink.iceberg.catalog.secretRef is required for a Jdbc catalog (keys url, user,"
                  + " password)");
        }
        requireWarehouse(spec);
        String name = spec.secretRef().name();
        String url = secrets.read(name, "url");
        checkJdbcUrl(url, name);
        props.put(CatalogProperties.URI, url.startsWith("jdbc:sqlite:") ? sqliteUrl(url) : url);
        String user = readOptional(secrets, name, "user");
        String password = readOptional(secrets, name, "password");
        if (user != null) {
          props.put("jdbc.user", user);
        }
        if (password != null) {
          props.put("jdbc.password", password);
        }
        if (url.startsWith("jdbc:sqlite:")) {
          props.putIfAbsent("jdbc.schema-version", "V1");
        }
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(conf);
        catalog.initialize(CATALOG_NAME, props);
        return catalog;
      }
      case Hadoop -> {
        requireWarehouse(spec);
        HadoopCatalog catalog = new HadoopCatalog();
        catalog.setConf(conf);
        catalog.initialize(CATALOG_NAME, props);
        return catalog;
      }
      default -> throw new ConfigException("unknown catalog type " + spec.type());
    }
  }

  /**
   * The allowed subset of {@code properties}, all of them.
   *
   * @throws ConfigException naming the first refused property and why
   */
  public static Map<String, String> checkProperties(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    if (properties == null) {
      return out;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      String key = e.getKey();
      String lower = key.toLowerCase(Locale.ROOT);
      String prefix = "sink.iceberg.catalog.properties." + key + ": ";
      if (SPEC_FIELDS.contains(lower)) {
        throw new ConfigException(
            prefix + "set through the catalog's own fields (type, uri, warehouse), not properties");
      }
      if (CODE_MARKERS.stream().anyMatch(lower::contains)) {
        throw new ConfigException(
            prefix + "refused: it names a class or loads code, which users may not set");
      }
      boolean allowed =
          ALLOWED.contains(key) || ALLOWED_PREFIXES.stream().anyMatch(key::startsWith);
      if (!allowed && CREDENTIAL_MARKERS.stream().anyMatch(lower::contains)) {
        throw new ConfigException(
            prefix + "refused: credentials come only from the Secret named by secretRef");
      }
      if (!allowed) {
        throw new ConfigException(
            prefix
                + "not an allowed catalog property; allowed: "
                + new java.util.TreeSet<>(ALLOWED)
                + " and keys starting with "
                + ALLOWED_PREFIXES);
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  /**
   * A SQLite catalog URL with {@code journal_mode=WAL} and {@code busy_timeout=10000} unless the
   * URL sets them: in SQLite's default rollback journal a reader blocks a writer, and the JDBC
   * catalog's pooled connections then fail commits with {@code SQLITE_BUSY} ("database is locked";
   * the benchmark met it, and Iceberg's own REST fixture switched to WAL for the same reason).
   */
  static String sqliteUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(url);
    char separator = url.indexOf('?') < 0 ? '?' : '&';
    if (!lower.contains("journal_mode=")) {
      out.append(separator).append("journal_mode=WAL");
      separator = '&';
    }
    if (!lower.contains("busy_timeout=")) {
      out.append(separator).append("busy_timeout=10000");
    }
    return out.toString();
  }

  /** Refuses JDBC URLs of other drivers and URL parameters that load classes, code or files. */
  static void checkJdbcUrl(String url, String secretName) {
    String where = "Secret " + secretName + " key url: ";
    if (!(url.startsWith("jdbc:postgresql:")
        || url.startsWith("jdbc:sqlite:")
        || url.startsWith("jdbc:mysql:"))) {
      throw new ConfigException(
          where + "only jdbc:postgresql:, jdbc:mysql: and jdbc:sqlite: catalogs are supported");
    }
    int query = url.indexOf('?');
    String params = query < 0 ? "" : url.substring(query + 1);
    String path = query < 0 ? url : url.substring(0, query);
    if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mysql:")) {
      // parameters may also follow ';' in some drivers; check every key=value pair we can see
      params = params + "&" + (path.contains(";") ? path.substring(path.indexOf(';') + 1) : "");
    }
    for (String pair : params.split("[&;]")) {
      if (pair.isBlank()) {
        continue;
      }
      String key = pair.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (CODE_MARKERS.stream().anyMatch(key::contains)
          || key.startsWith("logger")
          || key.equals("loglevel")
          || key.contains("verifier")
          || key.contains("sslpassword")
          || key.equals("allowloadlocalinfile")
          || key.equals("allowurlinlocalinfile")
          || key.equals("autodeserialize")
          || key.contains("interceptor")) {
        throw new ConfigException(
            where + "URL parameter " + key + " is refused (it can load code or files)");
      }
    }
  }

  private static URI httpUri(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new ConfigException("sink.iceberg.catalog.uri is required for a Rest catalog");
    }
    try {
      URI parsed = new URI(uri);
      String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
        throw new ConfigException("sink.iceberg.catalog.uri " + uri + " is not an http(s) URL");
      }
      if (parsed.getUserInfo() != null) {
        throw new ConfigException(
            "sink.iceberg.catalog.uri must not carry credentials; put them in the Secret");
      }
      return parsed;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException("sink.iceberg.catalog.uri " + uri + " is not a URL", e);
    }
  }

  private static void requireWarehouse(LoadSpec.IcebergCatalog spec) {
    if (spec.warehouse() == null || spec.warehouse().isBlank()) {
      throw new ConfigException(
          "sink.iceberg.catalog.warehouse is required for a " + spec.type() + " catalog");
    }
  }

  private static String readOptional(SecretFiles secrets, String name, String key) {
    try {
      String value = secrets.read(name, key);
      return value.isEmpty() ? null : value;
    } catch (ConfigException e) {
      if (e.getMessage() != null && e.getMessage().contains("is not readable")) {
        return null;
      }
      throw e;
    }
  }
}
