package io.kafkaload.worker.output.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.security.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlTest {

  @Test
  void parsesHostPortDatabaseAndSafeParameters() {
    JdbcUrl url =
        JdbcUrl.parse(
            "jdbc:postgresql://db.example:6543/sales?sslmode=verify-full&ApplicationName=loader");
    assertThat(url.hosts()).isEqualTo("db.example");
    assertThat(url.ports()).isEqualTo("6543");
    assertThat(url.database()).isEqualTo("sales");
    assertThat(url.parameters())
        .containsEntry("sslmode", "verify-full")
        .containsEntry("ApplicationName", "loader");
    assertThat(url.toString())
        .isEqualTo("jdbc:postgresql://db.example:6543/sales?sslmode&ApplicationName");
  }

  @Test
  void parsesSeveralHosts() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://a:5432,b:5433/db?targetServerType=primary");
    assertThat(url.hosts()).isEqualTo("a,b");
    assertThat(url.ports()).isEqualTo("5432,5433");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "socketFactory",
        "socketFactoryArg",
        "sslfactory",
        "sslfactoryarg",
        "sslhostnameverifier",
        "sslpasswordcallback",
        "authenticationPluginClassName",
        "xmlFactoryFactory",
        "loggerFile",
        "loggerLevel",
        "SOCKETFACTORY",
        "SslFactory"
      })
  void refusesParametersThatLoadClassesOrWriteFiles(String name) {
    assertThatThrownBy(
            () ->
                JdbcUrl.parse(
                    "jdbc:postgresql://h/db?sslmode=require&" + name + "=org.example.Evil"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("driver parameter " + name)
        .hasMessageContaining("refused")
        .hasMessageNotContaining("org.example.Evil");
  }

  @Test
  void refusalsNameTheCve() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?socketFactory=x"))
        .hasMessageContaining("CVE-2022-21724");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?loggerFile=/tmp/x.jsp"))
        .hasMessageContaining("CVE-2022-26520");
  }

  @ParameterizedTest
  @ValueSource(strings = {"user", "password", "sslpassword", "PASSWORD"})
  void refusesCredentialsInTheUrlWithoutEchoingThem(String name) {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?" + name + "=canary-s3cret"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name)
        .hasMessageNotContaining("canary-s3cret");
  }

  @Test
  void refusesUserInfoInTheAuthority() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://bob:canary-s3cret@h:5432/db"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("user information")
        .hasMessageNotContaining("canary-s3cret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "service",
        "jaasLogin",
        "jaasApplicationName",
        "gssUseDefaultCreds",
        "replication"
      })
  void refusesParametersThatBypassTheChecks(String name) {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?" + name + "=x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name);
  }

  @Test
  void refusesUnknownParametersAndHostOverrides() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?futureClassLoader=x"))
        .hasMessageContaining("futureClassLoader")
        .hasMessageContaining("allowlist");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?PGHOST=evil"))
        .hasMessageContaining("PGHOST");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:h2:mem:x",
        "jdbc:mysql://h/db",
        "postgresql://h/db",
        "jdbc:postgresql://h/db?sslmode=require&x=1 2",
        " jdbc:postgresql://h/db",
        ""
      })
  void refusesOtherUrls(String url) {
    assertThatThrownBy(() -> JdbcUrl.parse(url)).isInstanceOf(ConfigException.class);
  }

  @Test
  void onlyPostgresUrlsAreTaken() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:h2:mem:x"))
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void everyAllowedParameterIsOneThePgjdbcDriverKnows() {
    java.util.Set<String> known = new java.util.HashSet<>();
    for (org.postgresql.PGProperty p : org.postgresql.PGProperty.values()) {
      known.add(p.getName().toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(known).containsAll(JdbcUrl.ALLOWED);
    assertThat(JdbcUrl.ALLOWED)
        .doesNotContain(
            "socketfactory",
            "sslfactory",
            "sslhostnameverifier",
            "sslpasswordcallback",
            "authenticationpluginclassname",
            "loggerfile",
            "xmlfactoryfactory",
            "user",
            "password");
  }

  @Test
  void connectorReadsTheSecretAndNeverShowsThePassword(@TempDir Path dir) throws Exception {
    Path secret = Files.createDirectories(dir.resolve("pg"));
    Files.writeString(secret.resolve("url"), "jdbc:postgresql://127.0.0.1:1/db?sslmode=disable\n");
    Files.writeString(secret.resolve("user"), "loader\n");
    Files.writeString(secret.resolve("password"), "canary-s3cret\n");
    PgConnector connector = PgConnector.fromSecret(new SecretFiles(dir), "pg");
    assertThat(connector.describe()).isEqualTo("jdbc:postgresql://127.0.0.1:1/db?sslmode");
    // Port 1 refuses the connection: a transient fault, without the password in the message.
    assertThatThrownBy(connector::open)
        .isInstanceOf(PgTransientException.class)
        .hasMessageNotContaining("canary-s3cret")
        .satisfies(
            e ->
                assertThat(((PgTransientException) e).kind())
                    .isEqualTo(PgTransientException.Kind.CONNECTION));
  }

  @Test
  void connectorRefusesADangerousUrlFromTheSecret(@TempDir Path dir) throws Exception {
    Path secret = Files.createDirectories(dir.resolve("pg"));
    Files.writeString(secret.resolve("url"), "jdbc:postgresql://h/db?socketFactory=x.Y");
    Files.writeString(secret.resolve("user"), "u");
    Files.writeString(secret.resolve("password"), "p");
    assertThatThrownBy(PgConnector.fromSecret(new SecretFiles(dir), "pg")::open)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("socketFactory");
  }

  @Test
  void tableNames() {
    assertThat(TableName.parse("events")).isEqualTo(new TableName(null, "events"));
    assertThat(TableName.parse("raw.Events")).isEqualTo(new TableName("raw", "Events"));
    assertThat(TableName.parse("\"my.schema\".\"t\"\"x\""))
        .isEqualTo(new TableName("my.schema", "t\"x"));
    assertThat(new TableName("my.schema", "t\"x").sql()).isEqualTo("\"my.schema\".\"t\"\"x\"");
    assertThatThrownBy(() -> TableName.parse("a.b.c")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> TableName.parse("a.")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> TableName.parse("x".repeat(64))).hasMessageContaining("63 bytes");
  }
}
