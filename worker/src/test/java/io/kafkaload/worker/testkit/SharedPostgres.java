package io.kafkaload.worker.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL (zonky, PostgreSQL 14) for the whole test JVM: started on first use
 * (about 1-3 s), stopped by a JVM shutdown hook, shared by every test class as {@link SharedKafka}
 * shares its broker. Each test takes a database of its own with {@link #newDatabase()}, so no test
 * sees another's tables or offsets tables; {@link Database#writeSecret} writes the Secret files
 * ({@code url}, {@code user}, {@code password}) a JDBC load reads.
 *
 * <pre>{@code
 * Database db = SharedPostgres.newDatabase();
 * db.writeSecret(dir.resolve("secrets"), "pg");   // secrets/pg/{url,user,password}
 * ... run a load with sink.jdbc.secretRef.name pg ...
 * try (Connection c = db.connect(); Statement s = c.createStatement()) { ... }
 * }</pre>
 */
public final class SharedPostgres {
  private static final String USER = "postgres";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static EmbeddedPostgres server;
  private static RuntimeException startFailure;

  private SharedPostgres() {}

  /** A database of one test, in the shared server. */
  public record Database(String name, String url, String user, String password) {

    /** A new connection to this database (the caller closes it). */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    /** Writes the Secret {@code name} a load reads: {@code secretsDir/name/{url,user,password}}. */
    public Path writeSecret(Path secretsDir, String name) {
      Path secret = secretsDir.resolve(name);
      try {
        Files.createDirectories(secret);
        Files.writeString(secret.resolve("url"), url + "\n");
        Files.writeString(secret.resolve("user"), user + "\n");
        Files.writeString(secret.resolve("password"), password + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return secret;
    }
  }

  /** A new, empty database in the shared server (started on first use). */
  public static Database newDatabase() {
    EmbeddedPostgres pg = server();
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e, e);
    }
    // the embedded server trusts local connections: the password is never checked
    return new Database(
        name, "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name, USER, "unused");
  }

  /** The port the shared server listens on. */
  public static int port() {
    return server().getPort();
  }

  /** Starts the server once; a failed start fails every later call with the same cause. */
  private static synchronized EmbeddedPostgres server() {
    if (server != null) {
      return server;
    }
    if (startFailure != null) {
      throw new IllegalStateException("the shared PostgreSQL failed to start", startFailure);
    }
    try {
      server = EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      startFailure =
          e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
      throw new IllegalStateException("the shared PostgreSQL failed to start", e);
    }
    EmbeddedPostgres started = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    started.close();
                  } catch (IOException e) {
                    // the JVM ends anyway; the server's folder is a temporary one
                  }
                },
                "shared-postgres-stop"));
    return server;
  }
}
