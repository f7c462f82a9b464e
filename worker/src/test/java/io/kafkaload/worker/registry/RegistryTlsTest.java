package io.kafkaload.worker.registry;

import static io.kafkaload.worker.registry.SchemaRegistryClientTest.USER;
import static io.kafkaload.worker.registry.SchemaRegistryClientTest.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.security.SecretFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https registry on a private CA: checked against exactly the CA certificates of the
 * connection's {@code tls.caSecretRef} (the JVM's CAs without one), host name included; a failed
 * handshake is a configuration error, reported once and not retried.
 */
class RegistryTlsTest {

  private static final TestCa CA = TestCa.create("kafkaload registry test CA");
  private static final TestCa OTHER_CA = TestCa.create("kafkaload other CA");

  @TempDir Path dir;
  private HttpsServer server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** An https registry presenting {@code tls}'s certificate, answering {@code /schemas/ids/1}. */
  private String serve(SSLContext tls) throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            connections.incrementAndGet(); // once per connection, before its handshake
            super.configure(params);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          boolean found = exchange.getRequestURI().getPath().equals("/schemas/ids/1");
          String body =
              found
                  ? RegistryHttp.JSON.createObjectNode().put("schema", USER).toString()
                  : "{\"error_code\":40403,\"message\":\"Schema not found\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", RegistryHttp.CONTENT_TYPE);
          exchange.sendResponseHeaders(found ? 200 : 404, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A client retrying a transient failure for up to 10 s (a TLS failure must not be one). */
  private SchemaRegistryClient client(String url, SchemaRegistryClient.TrustedCa ca) {
    return SchemaRegistryClient.create(
        new ConnectionSpec.SchemaRegistry(url, null),
        new SecretFiles(dir.resolve("secrets")),
        fast(10_000L),
        ca);
  }

  private static SchemaRegistryClient.TrustedCa ca(String pem) {
    return new SchemaRegistryClient.TrustedCa("kafka-ca", "ca.crt", pem);
  }

  @Test
  void withTheConnectionsCaTheSchemaIsFetched() throws Exception {
    String url = serve(CA.serverFor127001());

    // the bundle may hold several CAs, and text between them
    String bundle = OTHER_CA.pem() + "# the registry's CA\n" + CA.pem();
    assertThat(client(url, ca(bundle)).schemaById(1).schema()).isEqualTo(USER);
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void withoutACaTheJvmsCasAreUsedAndTheFailureSaysToSetTheCa() throws Exception {
    String url = serve(CA.serverFor127001());
    SchemaRegistryClient client = client(url, null);

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTHENTICATION_FAILED);
              assertThat(e.getMessage())
                  .startsWith("AuthenticationFailed: GET " + url + "/schemas/ids/1")
                  .contains("TLS handshake failed")
                  .contains("a CA the JVM trusts")
                  .contains("spec.security.tls.caSecretRef");
            });
    assertThat(connections.get()).isEqualTo(1); // not retried
    assertThat(requests.get()).isZero();
  }

  @Test
  void anotherCaIsNotTrustedNorAreTheJvmsCas() throws Exception {
    String url = serve(CA.serverFor127001());
    SchemaRegistryClient client = client(url, ca(OTHER_CA.pem()));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTHENTICATION_FAILED);
              assertThat(e.getMessage())
                  .contains("TLS handshake failed")
                  .contains("a CA in Secret kafka-ca key ca.crt")
                  .contains("spec.security.tls.caSecretRef")
                  .doesNotContain("gave up");
            });
    assertThat(connections.get()).isEqualTo(1);
    assertThat(requests.get()).isZero();
  }

  @Test
  void theHostNameIsStillVerified() throws Exception {
    String url = serve(CA.serverFor("registry.example.com"));
    SchemaRegistryClient client = client(url, ca(CA.pem()));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTHENTICATION_FAILED);
              assertThat(e.getMessage()).contains("127.0.0.1").contains("valid for that host");
            });
    assertThat(requests.get()).isZero();
  }

  @Test
  void aPemWithoutACertificateNamesTheSecretAndKey() {
    String key = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
    for (String pem : new String[] {"", "not a certificate\n", key}) {
      assertThatThrownBy(
              () ->
                  client(
                      "https://127.0.0.1:1",
                      new SchemaRegistryClient.TrustedCa("registry-ca", "bundle.pem", pem)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("Secret registry-ca key bundle.pem")
          .hasMessageContaining("holds no certificate");
    }
  }

  @Test
  void anUnreadableCertificateNamesTheSecretAndKey() {
    String broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> client("https://127.0.0.1:1", ca(CA.pem() + broken)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secret kafka-ca key ca.crt: certificate 2 of its PEM");
  }

  @Test
  void theWorkerPassesTheCaOfTlsCaSecretRefToItsRegistryClient() throws Exception {
    String url = serve(CA.serverFor127001());
    Files.createDirectories(dir.resolve("secrets/kafka-ca"));
    Files.writeString(dir.resolve("secrets/kafka-ca/ca.crt"), CA.pem());
    Decoder withCa = new WorkerParts().decoder(config(url, "kafka-ca", null));

    // Confluent wire format: magic 0, schema id 1, then {"id": 5} (zigzag varint 10)
    byte[] value = {0, 0, 0, 0, 1, 10};
    assertThat(withCa.check(value)).isNull();
    assertThat(new String(withCa.row(value), StandardCharsets.UTF_8)).isEqualTo("{\"id\":5}");

    Decoder withoutCa = new WorkerParts().decoder(config(url, null, null));
    assertThatThrownBy(() -> withoutCa.check(value))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("TLS handshake failed");
  }

  @Test
  void theWorkerReadsTheCaFromTheGivenKeyAndFailsClearlyWhenItHoldsNone() throws Exception {
    Files.createDirectories(dir.resolve("secrets/kafka-ca"));
    Files.writeString(dir.resolve("secrets/kafka-ca/bundle.pem"), "\n");
    WorkerConfig config = config("https://127.0.0.1:1", "kafka-ca", "bundle.pem");

    assertThatThrownBy(() -> new WorkerParts().decoder(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secret kafka-ca key bundle.pem holds no certificate");
  }

  /** A load of the Avro topic orders; with {@code caSecret}, the connection trusts its CA. */
  private WorkerConfig config(String registryUrl, String caSecret, String caKey) {
    TestLoads load =
        TestLoads.files("orders", dir.resolve("out"))
            .name("tls-load")
            .bootstrap("127.0.0.1:9092")
            .set("connection.spec.schemaRegistry.url", registryUrl)
            .valueFormat(LoadSpec.ValueFormat.Avro)
            .format(LoadSpec.FileFormat.Parquet)
            .offsets(LoadSpec.OffsetStoreKind.File)
            .dir(dir);
    if (caSecret != null) {
      load.set("connection.spec.security.protocol", ConnectionSpec.Protocol.Ssl)
          .set("connection.spec.security.tls.caSecretRef.name", caSecret)
          .set("connection.spec.security.tls.caSecretRef.key", caKey);
    }
    return load.build();
  }
}
