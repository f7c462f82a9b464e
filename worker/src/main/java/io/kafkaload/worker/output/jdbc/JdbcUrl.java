package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.Driver;

/**
 * A PostgreSQL JDBC URL from a Secret, parsed and checked, never built by concatenation. Only
 * {@code jdbc:postgresql:} URLs are taken. The query parameters must be pgjdbc parameters known to
 * be safe ({@link #ALLOWED}); everything else is refused with an error naming the parameter:
 *
 * <ul>
 *   <li>parameters that make the driver load and instantiate a class named in the URL ({@code
 *       socketFactory}, {@code socketFactoryArg}, {@code sslfactory}, {@code sslfactoryarg}, {@code
 *       sslhostnameverifier}, {@code sslpasswordcallback}, {@code authenticationPluginClassName},
 *       {@code xmlFactoryFactory}; CVE-2022-21724);
 *   <li>parameters that make the driver write a file ({@code loggerFile}, {@code loggerLevel};
 *       CVE-2022-26520);
 *   <li>parameters that pull settings from local files or login configurations ({@code service},
 *       {@code jaasLogin}, {@code jaasApplicationName}, {@code gssUseDefaultCreds});
 *   <li>credentials ({@code user}, {@code password}, {@code sslpassword}, or {@code user@host}):
 *       they come from the Secret's {@code user} and {@code password} keys only;
 *   <li>{@code replication} (a walsender connection cannot load rows), and any parameter not on the
 *       allowlist (so that a driver upgrade cannot add a dangerous one unnoticed).
 * </ul>
 *
 * Names are compared without regard to case. Error messages name the parameter, never its value and
 * never the URL as given (it may hold a password). {@link #toString()} is safe to log.
 */
public final class JdbcUrl {

  /** The pgjdbc parameters a URL may set (checked against pgjdbc 42.7's PGProperty list). */
  public static final Set<String> ALLOWED =
      lower(
          "ApplicationName",
          "adaptiveFetch",
          "adaptiveFetchMaximum",
          "adaptiveFetchMinimum",
          "assumeMinServerVersion",
          "autosave",
          "binaryTransfer",
          "binaryTransferDisable",
          "binaryTransferEnable",
          "cancelSignalTimeout",
          "channelBinding",
          "cleanupSavepoints",
          "connectTimeout",
          "currentSchema",
          "databaseMetadataCacheFields",
          "databaseMetadataCacheFieldsMiB",
          "defaultRowFetchSize",
          "disableColumnSanitiser",
          "escapeSyntaxCallMode",
          "groupStartupParameters",
          "gssEncMode",
          "gsslib",
          "gssResponseTimeout",
          "hideUnprivilegedObjects",
          "hostRecheckSeconds",
          "kerberosServerName",
          "loadBalanceHosts",
          "localSocketAddress",
          "loginTimeout",
          "logServerErrorDetail",
          "logUnclosedConnections",
          "maxResultBuffer",
          "maxSendBufferSize",
          "options",
          "preferQueryMode",
          "preparedStatementCacheQueries",
          "preparedStatementCacheSizeMiB",
          "prepareThreshold",
          "protocolVersion",
          "quoteReturningIdentifiers",
          "readOnly",
          "readOnlyMode",
          "receiveBufferSize",
          "reWriteBatchedInserts",
          "sendBufferSize",
          "socketTimeout",
          "ssl",
          "sslcert",
          "sslkey",
          "sslmode",
          "sslNegotiation",
          "sslResponseTimeout",
          "sslrootcert",
          "sspiServiceClass",
          "stringtype",
          "targetServerType",
          "tcpKeepAlive",
          "tcpNoDelay",
          "unknownLength",
          "useSpnego");

  /** Refused parameters (lower case) and why; the message names the parameter and this reason. */
  private static final Map<String, String> REFUSED = refused();

  private static final String PREFIX = "jdbc:postgresql:";

  private final String url;
  private final String hosts;
  private final String ports;
  private final String database;
  private final Map<String, String> parameters;

  private JdbcUrl(
      String url, String hosts, String ports, String database, Map<String, String> parameters) {
    this.url = url;
    this.hosts = hosts;
    this.ports = ports;
    this.database = database;
    this.parameters = parameters;
  }

  /**
   * Parses and checks {@code url}; throws {@link ConfigException} naming the refused parameter or
   * the malformed part.
   */
  public static JdbcUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new ConfigException("the Secret's `url` is empty; give jdbc:postgresql://host:5432/db");
    }
    if (!url.startsWith(PREFIX)) {
      throw new ConfigException(
          "the Secret's `url` is not a PostgreSQL JDBC URL: it must start with"
              + " jdbc:postgresql:// (other databases are not supported by sink.jdbc)");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new ConfigException(
            "the Secret's `url` holds a space or control character at position "
                + i
                + " (a trailing newline is removed; others are not)");
      }
    }
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    if (base.startsWith(PREFIX + "//")) {
      String rest = base.substring((PREFIX + "//").length());
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      if (authority.contains("@")) {
        throw new ConfigException(
            "the Secret's `url` holds user information (`user@host`); put the user name and"
                + " password in the Secret's `user` and `password` keys, not in the URL");
      }
    }
    // First the names as written (pgjdbc would see these), then what pgjdbc itself parses.
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query >= 0) {
      for (String token : url.substring(query + 1).split("&")) {
        if (token.isEmpty()) {
          continue;
        }
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq);
        check(name);
        parameters.put(name, null); // values are filled in from pgjdbc's parse below
      }
    }
    Properties parsed = Driver.parseURL(url, new Properties());
    if (parsed == null) {
      throw new ConfigException(
          "the Secret's `url` is not a valid PostgreSQL JDBC URL; expected"
              + " jdbc:postgresql://host:5432/db (several hosts: host1:5432,host2:5432)");
    }
    for (String name : parsed.stringPropertyNames()) {
      if (name.equals("PGHOST") || name.equals("PGPORT") || name.equals("PGDBNAME")) {
        continue;
      }
      check(name);
      parameters.put(name, parsed.getProperty(name));
    }
    parameters.replaceAll((k, v) -> v == null ? parsed.getProperty(k, "") : v);
    return new JdbcUrl(
        url,
        parsed.getProperty("PGHOST", ""),
        parsed.getProperty("PGPORT", ""),
        parsed.getProperty("PGDBNAME", ""),
        Collections.unmodifiableMap(parameters));
  }

  private static void check(String name) {
    if (name.equals("PGHOST") || name.equals("PGPORT") || name.equals("PGDBNAME")) {
      throw new ConfigException(
          "the Secret's `url` sets parameter "
              + name
              + " in its query; give the host, port and database in the URL itself");
    }
    String key = name.toLowerCase(Locale.ROOT);
    String reason = REFUSED.get(key);
    if (reason != null) {
      throw new ConfigException(
          "the Secret's `url` sets driver parameter " + name + ", which is refused: " + reason);
    }
    if (!ALLOWED.contains(key)) {
      throw new ConfigException(
          "the Secret's `url` sets driver parameter "
              + name
              + ", which is not on the sink's allowlist of safe pgjdbc parameters; remove it (or"
              + " ask for it to be reviewed and allowed)");
    }
  }

  /** The URL to hand to the driver (checked; holds no credentials). */
  String driverUrl() {
    return url;
  }

  /** The host names as pgjdbc parsed them, comma-separated when several. */
  public String hosts() {
    return hosts;
  }

  /** The ports, comma-separated, one per host. */
  public String ports() {
    return ports;
  }

  /** The database name ({@code ""} when the URL names none: the user's name is used). */
  public String database() {
    return database;
  }

  /** The driver parameters of the URL, in the order written. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** {@code jdbc:postgresql://host:port/db} with the parameter names only: safe to log. */
  @Override
  public String toString() {
    String[] h = hosts.split(",");
    String[] p = ports.split(",");
    StringBuilder out = new StringBuilder(PREFIX).append("//");
    for (int i = 0; i < h.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(h[i]);
      if (i < p.length && !p[i].isEmpty()) {
        out.append(':').append(p[i]);
      }
    }
    out.append('/').append(database);
    if (!parameters.isEmpty()) {
      out.append(parameters.keySet().stream().collect(Collectors.joining("&", "?", "")));
    }
    return out.toString();
  }

  private static Map<String, String> refused() {
    Map<String, String> m = new LinkedHashMap<>();
    String loadsClass =
        "it makes the driver load and instantiate a class named in the URL (CVE-2022-21724)";
    for (String p :
        new String[] {
          "socketFactory",
          "socketFactoryArg",
          "sslfactory",
          "sslfactoryarg",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationPluginClassName",
          "xmlFactoryFactory"
        }) {
      m.put(p.toLowerCase(Locale.ROOT), loadsClass + "; remove it");
    }
    String writesFile =
        "it makes the driver write a log file of its choosing (CVE-2022-26520); the worker"
            + " logs the sink itself; remove it";
    m.put("loggerfile", writesFile);
    m.put("loggerlevel", writesFile);
    m.put(
        "service",
        "it reads connection settings from a local pg_service.conf, bypassing these checks;"
            + " write the host, port, database and parameters in the URL");
    String jaas =
        "it selects a JAAS or Kerberos login configuration (which names login-module classes)"
            + " or the process's own credentials; the sink authenticates with the Secret's `user`"
            + " and `password`";
    m.put("jaaslogin", jaas);
    m.put("jaasapplicationname", jaas);
    m.put("gssusedefaultcreds", jaas);
    String credential =
        "credentials come from the Secret's `user` and `password` keys only, never from the"
            + " URL (URLs end up in logs); move it to the Secret";
    m.put("user", credential);
    m.put("password", credential);
    m.put(
        "sslpassword",
        "credentials never go in the URL; use an unencrypted client key (sslkey) mounted from a"
            + " Secret");
    m.put("replication", "a replication (walsender) connection cannot load rows; remove it");
    return Collections.unmodifiableMap(m);
  }

  private static Set<String> lower(String... names) {
    return java.util.Arrays.stream(names)
        .map(n -> n.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
