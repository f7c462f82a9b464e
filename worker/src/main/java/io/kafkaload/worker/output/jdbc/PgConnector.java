package io.kafkaload.worker.output.jdbc;

import io.kafkaload.worker.security.SecretFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;
import org.postgresql.Driver;

/**
 * Opens connections to the sink's database. The URL, user and password come from the Secret {@code
 * sink.jdbc.secretRef.name} (keys {@code url}, {@code user}, {@code password}), read again on every
 * {@link #open()} so that rotated credentials are picked up without a restart (F12). The URL is
 * checked by {@link JdbcUrl#parse}; user and password go to the driver as properties, never into
 * the URL, and are never logged or put into a message.
 *
 * <p>Connections are opened through pgjdbc's {@link Driver} directly (not {@code DriverManager}, so
 * no other registered driver can claim the URL), with {@code ApplicationName=kafkaload} unless the
 * URL sets one, and {@code tcpKeepAlive=true}.
 */
public final class PgConnector {

  /** What to connect with: a checked URL and the credentials. */
  public record Target(JdbcUrl url, String user, String password) {
    @Override
    public String toString() {
      return url + " as " + user;
    }
  }

  private final Supplier<Target> target;

  private PgConnector(Supplier<Target> target) {
    this.target = target;
  }

  /** Reads keys {@code url}, {@code user}, {@code password} of Secret {@code secretName}. */
  public static PgConnector fromSecret(SecretFiles secrets, String secretName) {
    return new PgConnector(
        () ->
            new Target(
                JdbcUrl.parse(secrets.read(secretName, "url")),
                secrets.read(secretName, "user"),
                secrets.read(secretName, "password")));
  }

  /** Fixed credentials (tests, tools). */
  public static PgConnector of(JdbcUrl url, String user, String password) {
    Target fixed = new Target(url, user, password);
    return new PgConnector(() -> fixed);
  }

  /**
   * A new connection, autocommit on. Throws {@link PgTransientException} when the server cannot be
   * reached, is restarting, or refuses the credentials; {@link JdbcSinkException} otherwise; {@link
   * io.kafkaload.worker.config.ConfigException} for a refused URL.
   */
  public Connection open() {
    Target t = target.get();
    Properties props = new Properties();
    props.setProperty("user", t.user());
    props.setProperty("password", t.password());
    if (!t.url().parameters().keySet().stream()
        .anyMatch(k -> k.equalsIgnoreCase("ApplicationName"))) {
      props.setProperty("ApplicationName", "kafkaload");
    }
    if (!t.url().parameters().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("tcpKeepAlive"))) {
      props.setProperty("tcpKeepAlive", "true");
    }
    try {
      Connection c = new Driver().connect(t.url().driverUrl(), props);
      if (c == null) {
        throw new JdbcSinkException("the PostgreSQL driver did not accept the URL " + t.url());
      }
      return c;
    } catch (SQLException e) {
      throw PgErrors.map("connecting to " + t.url(), e);
    }
  }

  /** Where this connects to, without credentials: safe to log. */
  public String describe() {
    return target.get().url().toString();
  }

  @Override
  public String toString() {
    return "PgConnector";
  }
}
